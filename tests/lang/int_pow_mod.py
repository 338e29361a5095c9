# Three-argument pow, modular inverse, and ** with big results.
print(pow(2, 10), pow(2, 10, 1000), pow(3, 200, 10 ** 9 + 7), pow(-2, 3), pow(-2, 3, 5))
print(pow(7, 0, 13), pow(0, 0, 5), pow(5, 3, 1), pow(2, 100, -7), pow(-3, 5, -7))
print(pow(123456789, 987654321, 2 ** 61 - 1))
print(pow(2, 2 ** 20, 10 ** 30 + 57))
print(pow(3, -1, 7), pow(10, -2, 13), pow(-3, -1, 11))
for base in (2, 3, 10, 12345):
    print(base, [pow(base, e, 97) for e in range(0, 12)])
try:
    pow(2, -1, 4)
except ValueError as e:
    print(type(e).__name__, e)
try:
    pow(2, 3, 0)
except ValueError as e:
    print(type(e).__name__, e)
try:
    pow(2.0, 3, 5)
except TypeError as e:
    print(type(e).__name__, e)
print(2 ** 200, (-3) ** 101, 10 ** 50 // 3 ** 30)
print(pow(2, 0.5), pow(4, -1), 2 ** -2)
m = 2 ** 127 - 1
x = pow(5, m - 2, m)
print(x, x * 5 % m)


def modexp(b, e, mod):
    result = 1
    b %= mod
    while e:
        if e & 1:
            result = result * b % mod
        b = b * b % mod
        e >>= 1
    return result


for b, e, mod in ((4, 13, 497), (2 ** 70 + 3, 2 ** 40 + 1, 10 ** 20 + 39), (7, 10 ** 18, 1000000007)):
    print(modexp(b, e, mod), pow(b, e, mod), modexp(b, e, mod) == pow(b, e, mod))
print(pow(True, 2), pow(2, True, 5))
print(0 ** 5, 1 ** 10 ** 6, (-1) ** (10 ** 6 + 1))
