# Default values are evaluated at definition time; mutable defaults accumulate; kw defaults too.
log = []


def make_default(tag):
    log.append(tag)
    return tag


def f(a=make_default("a"), *, b=make_default("b")):
    return a, b


print(log)
print(f(), f(1), f(b=2), log)


def cache_hits(key, seen=set()):
    hit = key in seen
    seen.add(key)
    return hit


print([cache_hits(k) for k in ("x", "y", "x", "z", "y")])


def counter(calls=[0]):
    calls[0] += 1
    return calls[0]


print(counter(), counter(), counter([100]), counter())
limit = 10


def check(value, limit=limit):
    return value <= limit


limit = 1
print(check(5), check(5, limit))
defaults = []
for i in range(3):
    def show(i=i):
        return i
    defaults.append(show)
print([d() for d in defaults])


def chained(a, b=None, c=None):
    b = a * 2 if b is None else b
    c = b + 1 if c is None else c
    return a, b, c


print(chained(1), chained(1, 5), chained(1, c=0), chained(1, None, None))
