# Float arithmetic: mixed int/float, true division, floor division, modulo sign, powers.
pairs = [(7.5, 2), (-7.5, 2), (7.5, -2), (0.1, 0.3), (1e308, 10), (5, 0.5), (-0.0, 1), (3, 7)]
for a, b in pairs:
    print(a, b, a + b, a - b, a * b, a / b, a // b, a % b, divmod(a, b))
print(1 / 3 + 1 / 3 + 1 / 3 == 1.0, 0.1 + 0.2 == 0.3, abs(0.1 + 0.2 - 0.3) < 1e-15)
print(2.0 ** 10, 2 ** 0.5, 10 ** -2, (-8.0) ** 2, 0.0 ** 0, 1.5 ** 2.5)
print(1e308 * 10, -1e308 * 10, 1e-320 / 1e10, 5e-324 / 2)
inf = float("inf")
nan = float("nan")
print(inf + 1, inf - inf, inf * 0, -inf * -1, 1 / inf, inf > 1e308, nan != nan)
print(abs(-2.5), -(-0.0), abs(-0.0), max(0.0, -0.0), min(-0.0, 0.0))
print(float(7) / 2, 7 / 2, 6 / 3, type(6 / 3).__name__, -7 / 2)
print(10 / 4 * 4, 10 // 4 * 4 + 10 % 4, 2.5 % 1, -2.5 % 1, 2.5 // 1, -2.5 // 1)
total = 0.0
for i in range(1, 11):
    total += 1 / i
print(total, round(total, 6))
print(sum([0.1] * 10), 0.1 * 10, 1e16 + 1, 1e16 + 2)
print(float.is_integer(2.0), (2.5).is_integer(), (1e300).is_integer())
print((0.5).as_integer_ratio(), (2.25).as_integer_ratio(), (-0.125).as_integer_ratio())
for bad in ((1.0, 0), (1, 0.0), (0.0, 0.0)):
    for op in ("/", "//", "%"):
        try:
            r = bad[0] / bad[1] if op == "/" else bad[0] // bad[1] if op == "//" else bad[0] % bad[1]
            print(r)
        except ZeroDivisionError as e:
            print(op, type(e).__name__, e)
try:
    2.0 ** 5000
except OverflowError as e:
    print(type(e).__name__)
try:
    (-8.0) ** 0.5
except ValueError as e:
    print(type(e).__name__)
print(int(1e15 + 0.5), 3.0 == 3, 3.1 > 3, float(2 ** 1023) * 2)
