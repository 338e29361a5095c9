# int <-> float conversions, truncation, huge values, and float() on strings and bools.
for v in (0.9, -0.9, 1e10, -1e10, 2.0 ** 60, 1.5e18, 123456789.987654321):
    print(v, int(v), float(int(v)), int(v) == v)
for n in (2 ** 53, 2 ** 53 + 1, 2 ** 54 + 3, 2 ** 63, 10 ** 22, 10 ** 23, -(2 ** 70) - 1, 12345678901234567891):
    print(n, float(n), int(float(n)), float(n) == n)
print(float("1e-10"), float("-0"), float(" 42 "), float("3.14e+2"), float("1E5"))
print(float("infinity"), float("-Infinity"), float("+nan"))
print(float(False), float(True), float(-7), float(0))
print(7 / 7, 2 ** 0.0, 0.5 + 0.5, int(0.5 + 0.5))
print(1.0 == 1, hash(1.0) == hash(1), {1.0: "x"}[1], 2.0 in [2])
print(0.1 + 0.7, (0.1 + 0.7) * 10, int((0.1 + 0.7) * 10))
print(round(2.5), round(3.5), round(-2.5), int(2.5), int(-2.5))
print(float("0.1") == 0.1, float(repr(1 / 3)) == 1 / 3)
for text in ("1.7976931348623157e308", "1.8e308", "4.9e-324", "2e-324", "1e-400"):
    print(text, float(text))
print(max(1, 2.0), min(1.0, 1), type(max(1, 1.0)).__name__, type(min(1.0, 1)).__name__)
print(sum([1, 2.5, 3]), sum([0.5, 0.5], 1), type(sum([1, 2])).__name__)
print(abs(-3), abs(-3.0), type(abs(-3)).__name__)
print(divmod(7.5, 2), divmod(-7.5, 2), divmod(7, 2.5))
values = [3.14, -2.71, 0.0, 1e-9, 100.0]
print(sorted(values), max(values), min(values))
print([int(v * 100) for v in values])
print(f"{sum(values) / len(values):.6f}")
print(1 / 8 * 8 == 1, 0.1 * 3 == 0.3, 1.1 + 2.2)
print(float(2 ** 1023) + float(2 ** 1023) > 1e308)
