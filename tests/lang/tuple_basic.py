# Tuples: packing, unpacking, immutability, methods, comparison, and hashing of int tuples.
t = 1, 2, 3
single = (42,)
empty = ()
print(t, single, empty, type(single).__name__, len(empty), (5), type((5)).__name__)
print(t[0], t[-1], t[1:], t[::-1], t + (4,), t * 2, 2 in t, 9 not in t)
print(t.count(2), (1, 1, 2).count(1), t.index(3))
try:
    t.index(9)
except ValueError as e:
    print(type(e).__name__, e)
try:
    t[0] = 9
except TypeError as e:
    print(type(e).__name__, e)
try:
    t[5]
except IndexError as e:
    print(type(e).__name__, e)
print((1, 2) < (1, 3), (1, 2) < (1, 2, 0), (2,) > (1, 99), (1, "a") == (1, "a"), () < (0,))
print(max([(1, "b"), (1, "a"), (0, "z")]), sorted([(2, 1), (1, 2), (1, 1)]))
print(hash((1, 2, 3)) == hash((1, 2, 3)), hash((1, (2, 3))) == hash((1, (2, 3))))
print(hash((1, 2)) != hash((2, 1)), hash(()) == hash(()))
try:
    hash((1, [2]))
except TypeError as e:
    print(type(e).__name__, e)
seen = {(0, 0): "origin", (1, 0): "east"}
print(seen[(0, 0)], seen.get((1, 0)), (0, 1) in seen)
print(tuple([1, 2]), tuple("ab"), tuple(range(3)), tuple(), tuple(x * x for x in range(4)))
a, (b, c), d = 1, (2, 3), 4
print(a, b, c, d)
swap_a, swap_b = "x", "y"
swap_a, swap_b = swap_b, swap_a
print(swap_a, swap_b)
coords = [(1, 2), (3, 4), (5, 6)]
print([x + y for x, y in coords], list(zip(*coords)))
print(repr((1,)), repr(()), str((None, True)), repr(("a", 'b"c')))
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0], len(nested), sum(len(p) for p in nested))
print(t == [1, 2, 3], list(t) == [1, 2, 3], tuple(t) is t)
