# iter/next, enumerate, zip, map, filter, reversed: laziness and exhaustion.
it = iter([10, 20, 30])
print(next(it), next(it), next(it), next(it, "end"))
try:
    next(it)
except StopIteration as e:
    print(type(e).__name__)
print(list(enumerate("abc")), list(enumerate("abc", start=10)), list(enumerate([], 5)))
print(list(zip("abc", [1, 2, 3, 4], (True, False, None))), list(zip()), list(zip("ab")))
print(dict(zip(("src", "dst"), ("10.0.0.1", "10.0.0.2"))))
print(list(map(abs, [-1, 2, -3])), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])))
print(list(map(str.upper, ["x", "y"])), list(map(int, "123")))
print(list(filter(None, [0, 1, "", "a", None, [], [0]])), list(filter(lambda n: n % 3 == 0, range(10))))
print(list(reversed([1, 2, 3])), list(reversed("abc")), list(reversed(range(3))), list(reversed((1,))))
m = map(lambda x: x * 10, range(4))
print(next(m), list(m), list(m))
z = zip([1, 2], "ab")
print(next(z), list(z))
e = enumerate("xy")
print(next(e), next(e), next(e, None))
print(type(map(abs, [])).__name__, type(zip()).__name__, type(filter(None, [])).__name__, type(enumerate([])).__name__)
r = reversed([4, 5])
print(type(r).__name__, next(r), next(r))
try:
    next([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
try:
    reversed({1: 2}.get)
except TypeError as e:
    print(type(e).__name__)
it2 = iter("ab")
print(iter(it2) is it2, list(it2), list(it2))
calls = []


def source():
    for i in range(3):
        calls.append(i)
        yield i


lazy = map(lambda v: v + 1, source())
print(calls, next(lazy), calls)
pairs = list(zip(*[(1, "a"), (2, "b"), (3, "c")]))
print(pairs)
print(list(zip(range(3), map(lambda x: x * x, range(100)))))
sentinel_iter = iter([5, 6])
print(list(sentinel_iter))
