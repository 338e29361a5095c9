# sys.exit(3) from deep inside: finally blocks and __exit__ still run; exit status is 3.
import sys


class Resource:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("open", self.name)
        return self

    def __exit__(self, exc_type, exc, tb):
        print("close", self.name, exc_type.__name__ if exc_type else None)
        return False


def deep(level):
    if level == 0:
        print("exiting with 3")
        sys.exit(3)
    try:
        deep(level - 1)
    finally:
        print("unwind", level)


with Resource("log"):
    try:
        deep(3)
    except Exception:
        print("Exception does not catch SystemExit")
    finally:
        print("outer finally")
print("unreachable")
