# Small int arithmetic with negatives: floor division and modulo follow the divisor's sign.
pairs = [(7, 3), (-7, 3), (7, -3), (-7, -3), (0, 5), (5, 1), (-1, 7), (6, 3), (-6, 3)]
for a, b in pairs:
    print(a, b, a + b, a - b, a * b, a // b, a % b, divmod(a, b), a / b)
print(2 ** 10, (-2) ** 3, -2 ** 2, 2 ** -1, 0 ** 0, (-1) ** 100)
print(abs(-5), abs(0), -(-5), +5, ~5, ~-1, ~0)
print(17 // 5 * 5 + 17 % 5 == 17, -17 // 5 * 5 + -17 % 5 == -17)
print(int(True) + True, True * 3, False - 1, True // 1, True / 2)
print(max(3, -3), min(-7, 2, 0), sum([1, -2, 3]))
print(1_000_000 + 0x10 + 0o10 + 0b10)
print(0x7FFFFFFF + 1, -0x80000000 - 1)
print((1 << 30) * 4, (1 << 62) + (1 << 62), 4611686018427387904 * 2)
print(-(2 ** 62) * 2, (2 ** 63 - 1) + 1, -(2 ** 63) - 1)
print(3037000499 * 3037000499, 3037000500 * 3037000500)
x = 0
for i in range(1, 101):
    x += i * i if i % 2 else -i
print(x)
print(7 // 2, 7.0 // 2, 7 // 2.0, -7 // 2.0, 7 % 2.5)
for bad in ((1, 0), (0, 0), (-5, 0)):
    try:
        bad[0] // bad[1]
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
    try:
        bad[0] % bad[1]
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
    try:
        bad[0] / bad[1]
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
try:
    0 ** -1
except ZeroDivisionError as e:
    print(type(e).__name__, e)
