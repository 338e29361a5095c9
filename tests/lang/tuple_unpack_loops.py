# Unpacking tuples in for-loops, comprehensions and function calls, including nested shapes.
edges = [("a", "b", 4), ("a", "c", 2), ("b", "c", 5), ("b", "d", 10), ("c", "e", 3), ("e", "d", 4)]
for src, dst, cost in edges:
    print(f"{src}->{dst}:{cost}", end=" ")
print()
dist = {"a": 0}
changed = True
while changed:
    changed = False
    for src, dst, cost in edges:
        if src in dist and dist[src] + cost < dist.get(dst, 10 ** 9):
            dist[dst] = dist[src] + cost
            changed = True
print(dist)
pairs = [((1, 2), (3, 4)), ((5, 6), (7, 8))]
for (a, b), (c, d) in pairs:
    print(a + b + c + d, a * d - b * c)
print([x * y for (x, y), _ in pairs])
for i, (name, (lo, hi)) in enumerate([("low", (0, 10)), ("high", (10, 100))]):
    print(i, name, lo, hi, hi - lo)
args = (1, 2)
kwargs = {"c": 3}


def f(a, b, c=0):
    return a * 100 + b * 10 + c


print(f(*args), f(*args, **kwargs), f(*(9,), *(8,)), f(**{"a": 1, "b": 1}))
table = dict(((s, d), c) for s, d, c in edges)
print(table[("b", "d")], sorted(k for k, v in table.items() if v < 4))
(first, *_), *rest = [(1, 2, 3), (4,), (5, 6)]
print(first, rest)
for key, *values in [("k1", 1, 2), ("k2",), ("k3", 3)]:
    print(key, values)
