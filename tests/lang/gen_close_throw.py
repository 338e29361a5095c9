# generator.close raises GeneratorExit inside; throw injects an exception at the yield.
def worker():
    print("worker start")
    try:
        n = 0
        while True:
            try:
                yield n
            except ValueError as e:
                print("worker handled", e)
                n = -1
            n += 1
    except GeneratorExit:
        print("worker got GeneratorExit")
        raise
    finally:
        print("worker cleanup")


w = worker()
print(next(w), next(w))
print(w.throw(ValueError("bad input")))
print(next(w))
w.close()
print("closed")
w.close()
try:
    next(w)
except StopIteration:
    print("closed generator stops")


def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2


s = stubborn()
next(s)
try:
    s.close()
except RuntimeError as e:
    print(type(e).__name__, e)


def unhandled():
    yield 1
    yield 2


u = unhandled()
next(u)
try:
    u.throw(KeyError("boom"))
except KeyError as e:
    print("propagated", e)
print(list(u))
never_started = worker()
never_started.close()
print("closing unstarted runs no code")
