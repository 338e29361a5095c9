# dict edge cases: missing keys, unhashable keys, equal-but-different keys, get vs [], pop defaults.
d = {"a": 1}
for key in ("b", 0, None, (1, 2)):
    try:
        d[key]
    except KeyError as e:
        print(type(e).__name__, repr(e), e.args)
for bad in ([1], {"x": 1}, {1, 2}, bytearray(b"k")):
    try:
        d[bad] = 1
    except TypeError as e:
        print(type(e).__name__, e)
    try:
        print(bad in d)
    except TypeError as e:
        print("contains", type(e).__name__)
print(d.get("zz", "dflt"), d.pop("zz", "popdflt"), d.setdefault("a", 5))
mixed = {}
mixed[1] = "int one"
mixed[1.0] = "float one"
mixed[True] = "bool one"
mixed[0] = "zero"
mixed[False] = "false"
mixed[0.0] = "float zero"
print(mixed, list(mixed.keys()), [type(k).__name__ for k in mixed])
tuple_keys = {(0, 0): "a", (0, 0.0): "b", (False, 0): "c"}
print(tuple_keys, len(tuple_keys))
big = {2 ** 64: "big", -(2 ** 64): "neg", 2 ** 64 + 0.0: "float"}
print(big)
try:
    {}.popitem()
except KeyError as e:
    print(type(e).__name__, e)
try:
    dict(1, 2)
except TypeError as e:
    print(type(e).__name__, e)
try:
    dict([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
n = {}
for i in range(1000):
    n[i] = i
for i in range(0, 1000, 2):
    del n[i]
print(len(n), list(n)[:5], n.get(999), n.get(998))
for i in range(5):
    n[i * 2] = "back"
print(list(n)[-5:], len(n))
print({1: 2} == {1: 2.0}, {1: 2} == {True: 2}, {"a": [1]} == {"a": [1]}, {} == [])
try:
    {1: 1} < {2: 2}
except TypeError as e:
    print(type(e).__name__, e)
