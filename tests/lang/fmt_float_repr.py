# Float repr and str use the shortest round-tripping digits.
values = [0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 1.0, -0.0, 100.0, 1e16, 1e15, 123456789.0, 1e-5, 0.0001,
          1.5e300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 3.141592653589793,
          0.30000000000000004, 1e22, 1e23, 9007199254740993.0, 0.5, 0.25, 2.675, 1.1 * 3]
for v in values:
    print(repr(v), str(v), v == float(repr(v)))
print(float("inf"), float("-inf"), float("nan"), -float("inf"))
print(repr(float("1e500")), float("-0.0"), 1e309 == float("inf"))
print([1.0, 2.5, -3.75], (0.1,), {0.5: 1.5})
print(float("  3.5  "), float("1_000.5"), float("-.5"), float("+1e3"), float("INF"), float("nAn"))
print(2.0 ** 0.5, 10.0 ** -3, 7.0 / 2, -7.0 // 2, -7.0 % 2, 7.5 % -2)
print(1e100, 1.0e-100, 12345678912345678.0)
print(0.1 * 3, 0.7 + 0.1, 4.35 * 100, 1.0 - 0.9)
for bad in ("", "abc", "1.2.3", "1e", "0x10"):
    try:
        float(bad)
    except ValueError as e:
        print(type(e).__name__, e)
print(float(10 ** 20), float(-(2 ** 63)), float(True), float(2 ** 53 + 1))
try:
    float(10 ** 400)
except OverflowError as e:
    print(type(e).__name__, e)
