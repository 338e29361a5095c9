# with-statements inside loops, functions and generators; __exit__ sees each exit path.
class Lock:
    def __init__(self):
        self.held = False
        self.history = []

    def __enter__(self):
        assert not self.held, "lock is not reentrant"
        self.held = True
        self.history.append("acquire")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.held = False
        self.history.append("release" if exc_type is None else "release on " + exc_type.__name__)
        return False


lock = Lock()


def critical(n):
    with lock:
        if n == 0:
            return "zero"
        if n < 0:
            raise ValueError("negative")
        return n * 2


for n in (3, 0, -1):
    try:
        print(critical(n), lock.held)
    except ValueError as e:
        print("error", e, lock.held)
print(lock.history)
lock.history.clear()


def locked_items(items):
    with lock:
        for x in items:
            yield x


for item in locked_items("ab"):
    print(item, lock.held)
print(lock.held, lock.history)
lock.history.clear()
for i in range(4):
    with lock:
        if i == 1:
            continue
        if i == 3:
            break
print(lock.history)
try:
    with lock:
        with lock:
            pass
except AssertionError as e:
    print(type(e).__name__, e, lock.held)
