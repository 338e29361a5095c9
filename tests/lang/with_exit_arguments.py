# What __exit__ receives: None triple on success, the exception objects on failure.
class Inspect:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        print("type:", exc_type.__name__ if exc_type else None)
        print("value:", repr(exc))
        print("tb present:", tb is not None)
        print("same class:", exc_type is type(exc) if exc is not None else "n/a")
        return isinstance(exc, ArithmeticError)


with Inspect() as i:
    print("body ok", type(i).__name__)
with Inspect():
    1 // 0
print("zero division suppressed")
try:
    with Inspect():
        raise OSError(5, "io error")
except OSError as e:
    print("propagated", e.errno, e.strerror)
with Inspect():
    raise OverflowError("as arithmetic")


def use():
    with Inspect():
        return "returned through exit"


print(use())


class CountingExit:
    exits = 0

    def __enter__(self):
        return CountingExit.exits

    def __exit__(self, *args):
        CountingExit.exits += 1


for n in range(3):
    with CountingExit() as before:
        print("before", before)
print("exits", CountingExit.exits)
