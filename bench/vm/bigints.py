# Big integer arithmetic: factorials, powers, modular exponentiation, division.
f = 1
for i in range(1, 12000):
    f *= i
digits = len(str(f % (10 ** 4000)))
p = sum(pow(3 + k, (1 << 1200) + k, (1 << 2203) - 1) for k in range(12))
q = (7 ** 3000) // (3 ** 1700)
r = 0
a = (1 << 4000) + 12345
for i in range(20000):
    r ^= (a >> i) & 0xFFFFFFFF
    a = a * 3 + i
print(digits, p % 1000003, q % 1000003, r, a.bit_length())
