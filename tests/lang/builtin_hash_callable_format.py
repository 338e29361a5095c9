# hash() of ints and tuples of ints; callable(); format() with specs; type() checks.
for n in (0, 1, -1, -2, 42, 2 ** 31, 2 ** 61 - 2, 2 ** 61 - 1, 2 ** 61, 2 ** 64 + 3, -(2 ** 64), 10 ** 30):
    print(n, hash(n))
print(hash(True), hash(False), hash(-1) == hash(-2))
print(hash((1, 2)) == hash((1, 2)), hash((1, 2)) == hash((2, 1)), hash((0,)) == hash((0,)))
keys = {(i, i * i): i for i in range(5)}
print(keys[(3, 9)], (4, 16) in keys, (4, 15) in keys)
try:
    hash([1])
except TypeError as e:
    print(type(e).__name__, e)
try:
    hash({})
except TypeError as e:
    print(type(e).__name__, e)


class Custom:
    def __hash__(self):
        return 12345

    def __call__(self):
        return "called"


print(hash(Custom()), callable(Custom()), Custom()())


class BigHash:
    def __hash__(self):
        return 2 ** 70


print(hash(BigHash()) == hash(2 ** 70))
for f in (len, print, Custom, Custom(), "s", 5, lambda: 0, str.upper, [].append, type):
    print(callable(f), end=" ")
print()
print(format(255, "x"), format(255, "#010b"), format(3.14159, ".3f"), format("s", ">4"), format(7))
print(format(-1, "+"), format(1, "+"), format(1234567, ",d"), format(0.5, ".0%"), format(10, "o"))
print(type(format(1)).__name__, format([1, 2]), format(None), format(True, "d"), format(True))
try:
    format(1, "q")
except ValueError as e:
    print(type(e).__name__, e)
print(type(5) == int, type("s") in (str, bytes), type(type(1)).__name__)
