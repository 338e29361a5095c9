# with-statements: suppression by __exit__, nesting order, exceptions raised in __exit__.
events = []


class Guard:
    def __init__(self, name, swallow=()):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        events.append("enter " + self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        events.append(f"exit {self.name} {exc_type.__name__ if exc_type else '-'}")
        return exc_type is not None and issubclass(exc_type, self.swallow)


with Guard("outer", swallow=(KeyError,)):
    with Guard("inner", swallow=(ValueError,)):
        raise KeyError("k")
print(events)
events.clear()
with Guard("a", swallow=(Exception,)) as a, Guard("b") as b:
    print(a.name, b.name)
    raise IndexError(0)
print(events)
events.clear()


class ExitRaises:
    def __enter__(self):
        return "resource"

    def __exit__(self, *args):
        raise RuntimeError("exit failed")


try:
    with ExitRaises() as r:
        print("using", r)
        raise ValueError("body failed")
except RuntimeError as e:
    print(type(e).__name__, e, "context:", type(e.__context__).__name__)


class EnterRaises:
    def __enter__(self):
        raise OSError(5, "enter failed")

    def __exit__(self, *args):
        print("never called")


try:
    with EnterRaises():
        print("never runs")
except OSError as e:
    print(e)
try:
    with 42:
        pass
except (TypeError, AttributeError) as e:
    print(type(e).__name__)
print(events)
