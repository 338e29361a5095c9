# int methods and helpers: bit_length, to/from bytes, conjugate/real, index use, int subclass checks.
for n in (0, 1, -1, 255, 256, -256, 2 ** 63, -(2 ** 63), 10 ** 20):
    print(n, n.bit_length(), abs(n).bit_count(), -n, n == int(str(n)), n == int(hex(n), 16))
print(int.__name__, isinstance(5, int), int(5) == 5)
print([1, 2, 3][int("1")], "abc"[True], range(10)[2 ** 3])
print(divmod(-7, 2), (-7) // 2)
values = [3, -1, 4, -1, 5, -9, 2, 6]
print(sorted(values, key=abs), sorted(values, key=lambda v: (v < 0, v)))
print(sum(v for v in values if v > 0), sum(-v for v in values if v < 0))
print(max(values) - min(values), sorted(set(values)), values.count(-1))
total = 0
for i in range(1, 100):
    total += i if i % 2 else -i
print(total, int(total), str(total).lstrip("-"))
print(int("+5"), int("-5"), -int("5"), -(-5), +(-5), int(-5.5), int(5.5))
print(0 == -0, (0).bit_length(), hex(-0), 5 // 1, 5 % 1, (-5) % 1)
n = 12345678987654321
print(str(n)[::-1], int(str(n)[::-1]) == n, len(str(n)), n % 9, sum(int(c) for c in str(n)) % 9)
for base in (2, 8, 16, 36):
    print(base, int("101", base), int("-11", base))
acc = 0
for shift in range(0, 64, 8):
    acc |= (shift // 8 + 1) << shift
print(hex(acc), acc.bit_length(), acc.to_bytes(8, "little").hex())
