# set operations with other iterables, mixed set/frozenset results, and in-place methods.
a = {1, 2, 3}
print(sorted(a.union([4, 5])), sorted(a.intersection(range(2, 10))), sorted(a.difference((1,))))
try:
    a | [4]
except TypeError as e:
    print(type(e).__name__, e)
try:
    a - "x"
except TypeError as e:
    print(type(e).__name__, e)
f = frozenset([2, 3, 4])
print(type(a | f).__name__, type(f | a).__name__, type(f & a).__name__, type(a - f).__name__)
print(sorted(a | f), sorted(f - a), sorted(f ^ a), a & f == f & a)
s = set()
for i in range(20):
    s.add(i % 6)
print(sorted(s), len(s))
s.update(range(10, 13), [100])
print(sorted(s))
s.intersection_update({0, 1, 10, 100, 999})
print(sorted(s))
s.difference_update([0])
print(sorted(s))
print(set() == frozenset(), {1, 2} <= {1, 2}, {1, 2} < {1, 2}, set() < {0}, {0} > set())
print({1, 2}.isdisjoint([3, 4]), {1, 2}.isdisjoint("12"), {1}.issubset(range(5)))
nested = {frozenset({1, 2}), frozenset({2, 1}), frozenset()}
print(len(nested), frozenset() in nested, sorted(len(x) for x in nested))
key_sets = {frozenset("ab"): "ab", frozenset("b"): "b"}
print(key_sets[frozenset("ba")], key_sets.get(frozenset("c"), "none"))
removed = []
pool = {3, 1, 2}
while pool:
    smallest = min(pool)
    pool.remove(smallest)
    removed.append(smallest)
print(removed, pool, len(pool))
try:
    set().pop()
except KeyError as e:
    print(type(e).__name__, e)
print(sorted({-1, -2, 3} | {2 ** 70}), sorted({0.5, 1, True}))
print(len({1, 1.0, True, 2, 2.0}), sorted({(1, 2), (2, 1), (1, 2)}))
