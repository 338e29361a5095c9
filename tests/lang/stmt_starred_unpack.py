# Starred assignment targets and starred expressions in literals and calls.
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "abcd"
print(init, last)
a, *mid, z = range(6)
print(a, mid, z)
a, *mid, z = (1, 2)
print(a, mid, z)
(p, q), *others = [(1, 2), (3, 4), (5, 6)]
print(p, q, others)
head, *tail = b"\x01\x02\x03"
print(head, tail)
for x, *ys in [(1, 2, 3), (4,), "ab"]:
    print(x, ys)
try:
    a, *b, c = [1]
except ValueError as e:
    print(type(e).__name__, e)
merged = [*range(3), *"xy", *(9,)]
print(merged)
print((*[1, 2], 3), {*[1, 1, 2]} == {1, 2})
d1 = {"a": 1, "b": 2}
d2 = {"b": 3, "c": 4}
print({**d1, **d2}, {**d2, **d1}, {"z": 0, **d1})
print(*[1, 2, 3], sep="-")
print(*"abc", *[4, 5])
x, y = y, x = 1, 2
print(x, y)
i = 0
lst = [0, 0, 0]
i, lst[i] = 1, 9
print(i, lst)
a = b = c = [7]
print(a is b is c)
(a, b), c = "xy", "z"
print(a, b, c)
[d, e] = 4, 5
print(d, e)
try:
    m, n = [1, 2, 3]
except ValueError as err:
    print(type(err).__name__, err)
try:
    m, n, o = [1, 2]
except ValueError as err:
    print(type(err).__name__, err)
