# OSError(errno, strerror) picks CPython's subclass for every errno the socket layer reports.
ERRNOS = [(1, "Operation not permitted"), (4, "Interrupted system call"), (9, "Bad file descriptor"),
          (11, "Resource temporarily unavailable"), (13, "Permission denied"), (22, "Invalid argument"),
          (24, "Too many open files"), (32, "Broken pipe"), (88, "Socket operation on non-socket"),
          (89, "Destination address required"), (90, "Message too long"), (92, "Protocol not available"),
          (95, "Operation not supported"), (97, "Address family not supported by protocol"),
          (98, "Address already in use"), (99, "Cannot assign requested address"),
          (101, "Network is unreachable"), (103, "Software caused connection abort"),
          (104, "Connection reset by peer"), (106, "Transport endpoint is already connected"),
          (107, "Transport endpoint is not connected"),
          (108, "Cannot send after transport endpoint shutdown"), (110, "Connection timed out"),
          (111, "Connection refused"), (113, "No route to host"), (114, "Operation already in progress"),
          (115, "Operation now in progress")]
for errno, text in ERRNOS:
    e = OSError(errno, text)
    print(errno, type(e).__name__, type(e).__mro__[1].__name__, e.errno, e.strerror, str(e))


class gaierror(OSError):
    pass


g = gaierror(-2, "Name or service not known")
print(type(g).__name__, g.errno, g.strerror, str(g), isinstance(g, OSError))


def recv_with_timeout():
    try:
        raise OSError(11, "Resource temporarily unavailable")
    except BlockingIOError as e:
        if e.errno == 11:
            raise TimeoutError("timed out") from None
        raise


try:
    recv_with_timeout()
except OSError as e:
    print(type(e).__name__, e.errno, e.strerror, e.args, str(e), e.__cause__, e.__suppress_context__)

for exc in (ConnectionRefusedError, ConnectionResetError, BrokenPipeError, ConnectionAbortedError):
    print(exc.__name__, issubclass(exc, ConnectionError), issubclass(exc, OSError))
print(issubclass(BlockingIOError, OSError), issubclass(TimeoutError, OSError), IOError is OSError)
try:
    raise OSError(111, "Connection refused")
except ConnectionError as e:
    print("caught as ConnectionError:", type(e).__name__, e)
e = BlockingIOError(115, "Operation now in progress")
print(e.errno, e.characters_written if hasattr(e, "characters_written") else "no count")
print(repr(OSError(111, "Connection refused")), repr(TimeoutError("timed out")))
