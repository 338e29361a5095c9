# User exception classes with extra fields, hierarchies, and __str__ overrides.
class DriverError(Exception):
    pass


class LinkDown(DriverError):
    def __init__(self, iface, since):
        super().__init__(iface, since)
        self.iface = iface
        self.since = since

    def __str__(self):
        return f"{self.iface} down since {self.since}"


class Timeout(DriverError):
    code = 110


errors = [LinkDown("eth0", 42), Timeout("rx stalled"), DriverError(), DriverError("a", "b")]
for err in errors:
    try:
        raise err
    except LinkDown as e:
        print("link", e, e.args, e.iface)
    except Timeout as e:
        print("timeout", e, e.code, e.args)
    except DriverError as e:
        print("driver", repr(str(e)), e.args, len(e.args))
print(repr(Timeout("t")), repr(DriverError()), repr(DriverError(1, "x")))
print(issubclass(LinkDown, DriverError), issubclass(Timeout, Exception), issubclass(DriverError, BaseException))
print(isinstance(LinkDown("x", 1), Exception))


class WithMessage(Exception):
    def __init__(self, msg, errno=0):
        super().__init__(msg)
        self.errno = errno


try:
    raise WithMessage("custom", errno=5)
except WithMessage as e:
    print(e, e.errno, e.args)
try:
    raise Timeout
except DriverError as e:
    print("class raised", type(e).__name__, e.args)
try:
    raise 42
except TypeError as e:
    print(type(e).__name__, e)
print("done")
raise LinkDown("tap0", 7)
