# Constructors as conversions: int, float, bool, str, repr, bytes, list, tuple, dict, set.
print(int(), float(), bool(), str(), repr(""), bytes(), list(), tuple(), dict(), len(set()))
print(int("7") + int(7.9) + int(True), float("2.5") + float(1), bool(0), bool("0"), bool([]), bool([0]))
print(str(1), str(1.0), str(-0.0), str([1.5, None]), str(b"b"), str(str), str(int).startswith("<class"))
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr("\n\t\\"), repr(1.0), repr(None))
print(repr([1, "a", b"b", 2.0, None, True, (1,), {"k": [1]}]))
print(bytes([1, 2]), bytes("abc", "ascii"), bytes(bytearray(b"ba")), bytes(memoryview(b"mv")), bytes(2))
print(list("ab"), tuple([1, 2]), dict([(1, 2)]), sorted(set([3, 3, 1])), list({"x": 1}.items()))
print(type(1).__name__, type(1.0).__name__, type("").__name__, type(b"").__name__, type(None).__name__)
print(type([]).__name__, type(()).__name__, type({}).__name__, type(set()).__name__, type(range(1)).__name__)
print(type(True).__name__, type(bytearray()).__name__, type(memoryview(b"")).__name__, type(slice(1)).__name__)
print(type(len).__name__, type(lambda: 0).__name__, type(type).__name__, type(frozenset()).__name__)
print(int is type(0), type(type(0)) is type, isinstance(int, type))
print(bool(None), bool(0.0), bool(-1), bool(" "), bool(()), bool((0,)), bool(range(0)), bool(b"\x00"))
print(str(True) + str(False), int("-0"), float("-0"), int(-0.0))
print(list(map(int, ["1", " 2 ", "-3"])), list(map(float, ["1", "1e2", "-inf"])))
print(tuple(str(x) for x in (1, 2)), list(range(3)) == [0, 1, 2])
print(dict(a=1) == {"a": 1}, set("aa") == {"a"}, frozenset() == set())
print(chr(ord("a") + 1), ord("\n"), hex(ord("A")), oct(8), bin(5), hex(-1), bin(-5), oct(-8))
print(int(hex(255), 16), int(bin(5), 2), int(oct(64), 8), int("0b110", 0))
for bad in (lambda: int("1.5"), lambda: float("x"), lambda: int([1]), lambda: float(None), lambda: bytes(-1),
            lambda: list(5), lambda: dict(5), lambda: chr(-1), lambda: ord("")):
    try:
        bad()
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
