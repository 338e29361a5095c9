# Calling conventions: bound/unbound methods, functions stored on instances, callables as arguments.
class Counter:
    def __init__(self):
        self.n = 0

    def inc(self, by=1):
        self.n += by
        return self.n


c = Counter()
bound = c.inc
print(bound(), bound(5), Counter.inc(c), Counter.inc(c, by=10), c.n)
print(bound == c.inc, bound != Counter().inc)
c.plain = lambda x: x * 2
print(c.plain(21))
methods = [c.inc, Counter().inc, len]
print([m(2) if m is not len else m("ab") for m in methods])


def apply(fn, *args, **kwargs):
    return fn(*args, **kwargs)


print(apply(max, 3, 9, 2), apply(sorted, [3, 1], reverse=True), apply(c.inc, by=100))
print(apply(str.join, "-", ["a", "b"]), apply(int, "ff", 16), apply(dict, a=1))


def outer(fn):
    return fn(fn) if fn.__name__ == "self_apply" else fn


def self_apply(f):
    return f.__name__


print(outer(self_apply), outer(len)("xyz"))
ops = [str.upper, str.lower, str.title, lambda s: s[::-1]]
print([op("kRait os") for op in ops])
print(list(map(Counter.inc, [Counter(), Counter()], [3, 4])))
print(sorted(["b", "A", "c"], key=str.lower))
