# Handler selection: first matching clause wins, tuples of types, base before derived, re-raise to outer.
class AppError(Exception):
    pass


class NetError(AppError):
    pass


class DiskError(AppError):
    pass


def classify(exc):
    try:
        raise exc
    except NetError:
        return "net"
    except (DiskError, KeyError):
        return "disk-or-key"
    except AppError as e:
        return f"app:{type(e).__name__}"
    except LookupError:
        return "lookup"
    except Exception as e:
        return f"other:{type(e).__name__}"


for exc in (NetError(), DiskError(), AppError(), KeyError(1), IndexError(2), ValueError(3), ZeroDivisionError()):
    print(type(exc).__name__, "->", classify(exc))


def base_first(exc):
    try:
        raise exc
    except AppError:
        return "base caught it"
    except NetError:
        return "unreachable"


print(base_first(NetError()))


def outer():
    try:
        inner()
    except ValueError as e:
        return f"outer got {e}"


def inner():
    try:
        raise ValueError("from inner")
    except TypeError:
        return "wrong handler"


print(outer())
handlers = (KeyError, IndexError)
try:
    [][0]
except handlers as e:
    print("dynamic tuple", type(e).__name__)
try:
    try:
        raise SystemExit(4)
    except Exception:
        print("Exception does not catch SystemExit")
except BaseException as e:
    print("BaseException caught", type(e).__name__, e.code)
try:
    raise KeyboardInterrupt
except Exception:
    print("wrong")
except KeyboardInterrupt:
    print("KeyboardInterrupt is not an Exception")
