# OSError: errno/strerror attributes, args, str(), and the errno-to-subclass mapping.
e = OSError(2, "No such file or directory")
print(type(e).__name__, e.errno, e.strerror, e.args)
print(str(e))
e = OSError(11, "Resource temporarily unavailable")
print(type(e).__name__, isinstance(e, OSError), e.errno)
e = OSError(111, "Connection refused")
print(type(e).__name__, isinstance(e, ConnectionError), str(e))
e = OSError(110, "Connection timed out")
print(type(e).__name__)
e = OSError(999, "made up")
print(type(e).__name__, e.errno, str(e))
e = OSError("just a message")
print(e.errno, e.strerror, e.args, str(e))
e = OSError()
print(e.errno, e.args, repr(str(e)))
e = ConnectionResetError(104, "Connection reset by peer")
print(e.errno, e.strerror, isinstance(e, ConnectionError), str(e))
e = FileNotFoundError(2, "gone")
print(type(e).__name__, e.errno, str(e))


def sys_read(fd):
    if fd < 0:
        raise OSError(9, "Bad file descriptor")
    if fd == 99:
        raise BlockingIOError(11, "would block")
    return b"data"


for fd in (3, -1, 99):
    try:
        print(sys_read(fd))
    except BlockingIOError as err:
        print("retry later", err.errno, err.strerror)
    except OSError as err:
        print("failed", type(err).__name__, err.errno, err)
try:
    raise PermissionError(13, "Permission denied")
except OSError as err:
    print(type(err).__name__, err.args, err.errno == 13)
print(issubclass(InterruptedError, OSError), issubclass(IsADirectoryError, OSError))
print(OSError(2, "x").__class__ is FileNotFoundError)
