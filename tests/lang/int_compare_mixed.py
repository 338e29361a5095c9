# Comparisons between ints, big ints, floats and bools; equality across types; hashing ints.
big = 2 ** 70
print(big > 2 ** 69, -big < 0, big == 2 ** 70, big != big + 1, big > 1e20, big < 1e22)
print(2 ** 53 + 1 == float(2 ** 53 + 1), 2 ** 53 == float(2 ** 53), 10 ** 400 > 1e308)
print(1 == 1.0, 1 == True, 0 == False, 0.0 == -0.0, 1 < 1.5 < 2, -1 < -0.5)
print(float("inf") > 10 ** 400, float("-inf") < -(10 ** 400), float("nan") == float("nan"))
print(float("nan") < 1, float("nan") > 1, 10 ** 400 == float("inf"))
print(sorted([3, 1.5, True, -2, 2 ** 65, -(2 ** 65), 0.0]))
print(max(1, 1.0), max(1.0, 1), min(0, False), min(False, 0))
print(hash(1) == hash(1.0) == hash(True), hash(0) == hash(0.0) == hash(False))
print(hash(7), hash(-7), hash(-1), hash(2 ** 61 - 1), hash(2 ** 61), hash(2 ** 70))
print(hash((1, 2)) == hash((1, 2)), hash((1, (2, 3))) == hash((1, (2, 3))))
print(hash(()) == hash(()), hash((-1,)) != hash((-2,)))
d = {1: "int"}
d[1.0] = "float"
d[True] = "bool"
print(d, len(d))
print({2 ** 70: "big"}[2 ** 70], {-1: "m"}[-1])
print(5 in [5.0], 5.0 in (5,), 2 ** 64 in {2 ** 64: 0}, True in [1])
print([1, 2] == [1.0, 2.0], (1, 2) < (1, 2.5), [1, 2 ** 70] < [1, 2 ** 71])
print(1 < 2 == 2.0 > 1.9999, 3 >= 3.0 <= 3)
try:
    1 < "1"
except TypeError as e:
    print(type(e).__name__, e)
try:
    [1] < (1,)
except TypeError as e:
    print(type(e).__name__, e)
print(1 == "1", None == 0, [] == (), "a" != b"a")
print(isinstance(True, int), type(True) is int, type(True + 0).__name__)
