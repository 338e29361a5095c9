# set and frozenset: membership, algebra, methods; printed sorted for determinism.
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(sorted(a | b), sorted(a & b), sorted(a - b), sorted(b - a), sorted(a ^ b))
print(sorted(a.union(b, [9])), sorted(a.intersection(b)), sorted(a.difference(b)), sorted(a.symmetric_difference(b)))
print(a <= a, {1, 2} < a, a > {1}, a >= b, {1, 2}.issubset(a), a.issuperset([1, 2]), a.isdisjoint({7, 8}))
print(3 in a, 7 in a, len(a), len(set()), set(), {5}, frozenset(), frozenset({6}))
s = set()
s.add(1)
s.add(1)
s.add("one")
s.update([2, 3], (4,))
print(len(s), 1 in s, "one" in s)
s.discard(99)
s.discard("one")
s.remove(4)
print(sorted(s))
try:
    s.remove(99)
except KeyError as e:
    print(type(e).__name__, e)
popped = s.pop()
print(popped in (1, 2, 3), len(s))
s.clear()
print(s, len(s))
f = frozenset([3, 1, 2, 3])
print(sorted(f), len(f), 2 in f, type(f | {9}).__name__, type({9} | f).__name__)
print({f: "frozen key"}[frozenset({1, 2, 3})], f == {1, 2, 3}, hash(f) == hash(frozenset([1, 2, 3])))
try:
    f.add(4)
except AttributeError as e:
    print(type(e).__name__)
try:
    {[1, 2]}
except TypeError as e:
    print(type(e).__name__, e)
c = a.copy()
c -= {1}
c |= {10}
c &= {2, 3, 10, 11}
c ^= {3, 12}
print(sorted(c), sorted(a))
print(sorted(set("mississippi")), len(set(range(100)) - set(range(0, 100, 2))))
print({1, 2} == {2, 1}, {1} == frozenset({1}), set([1, 1.0, True]), {(1, 2), (1, 2)})
words = "to be or not to be".split()
print(len(set(words)), sorted(set(words), key=words.index))
