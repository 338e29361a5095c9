# The builtin exception hierarchy: which handler catches which error.
checks = [
    ("KeyError", KeyError, LookupError),
    ("IndexError", IndexError, LookupError),
    ("ZeroDivisionError", ZeroDivisionError, ArithmeticError),
    ("OverflowError", OverflowError, ArithmeticError),
    ("UnboundLocalError", UnboundLocalError, NameError),
    ("FileNotFoundError", FileNotFoundError, OSError),
    ("TimeoutError", TimeoutError, OSError),
    ("RecursionError", RecursionError, RuntimeError),
    ("NotImplementedError", NotImplementedError, RuntimeError),
    ("StopIteration", StopIteration, Exception),
    ("GeneratorExit", GeneratorExit, BaseException),
    ("KeyboardInterrupt", KeyboardInterrupt, BaseException),
    ("SystemExit", SystemExit, BaseException),
    ("UnicodeDecodeError", UnicodeDecodeError, ValueError),
    ("ModuleNotFoundError", ModuleNotFoundError, ImportError),
    ("BrokenPipeError", BrokenPipeError, ConnectionError),
    ("ConnectionResetError", ConnectionResetError, OSError),
    ("MemoryError", MemoryError, Exception),
    ("AssertionError", AssertionError, Exception),
]
for name, cls, parent in checks:
    print(name, cls.__name__ == name, issubclass(cls, parent), issubclass(cls, Exception))
print(issubclass(EnvironmentError, OSError), IOError is OSError)


def trigger(kind):
    if kind == 0:
        return [][1]
    if kind == 1:
        return {}["k"]
    if kind == 2:
        return 1 // 0
    if kind == 3:
        return int("x")
    if kind == 4:
        return None.attr
    if kind == 5:
        return "a" + 1
    if kind == 6:
        return undefined_thing
    return float(10 ** 400)


for kind in range(8):
    try:
        trigger(kind)
    except LookupError as e:
        print(kind, "lookup", type(e).__name__, e)
    except ArithmeticError as e:
        print(kind, "arith", type(e).__name__, e)
    except Exception as e:
        print(kind, "other", type(e).__name__, e)
