# Integer algorithms: gcd/lcm, extended Euclid, primality, integer square root, base conversion.
def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


def egcd(a, b):
    if b == 0:
        return a, 1, 0
    g, x, y = egcd(b, a % b)
    return g, y, x - (a // b) * y


def is_prime(n):
    if n < 2:
        return False
    i = 2
    while i * i <= n:
        if n % i == 0:
            return False
        i += 1
    return True


def isqrt(n):
    if n < 2:
        return n
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x


def to_base(n, base):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if n == 0:
        return "0"
    sign = "-" if n < 0 else ""
    n = abs(n)
    out = []
    while n:
        n, r = divmod(n, base)
        out.append(digits[r])
    return sign + "".join(reversed(out))


print([gcd(a, b) for a, b in ((12, 18), (17, 5), (0, 9), (-12, 8), (2 ** 80, 2 ** 70 * 3))])
print([a * b // gcd(a, b) for a, b in ((4, 6), (21, 6), (2 ** 40, 3 ** 20))])
for a, b in ((240, 46), (99, 78), (2 ** 61 - 1, 12345)):
    g, x, y = egcd(a, b)
    print(a, b, g, x, y, a * x + b * y == g)
print([n for n in range(60) if is_prime(n)], is_prime(2 ** 31 - 1))
print([isqrt(n) for n in (0, 1, 3, 4, 15, 16, 17, 10 ** 20, 2 ** 101)], isqrt(10 ** 40 + 1) == 10 ** 20)
for n in (0, 255, -255, 2 ** 70, 123456789):
    print(n, to_base(n, 2)[:20], to_base(n, 16), to_base(n, 36), int(to_base(n, 36), 36) == n)
print(to_base(2 ** 64, 7), int(to_base(2 ** 64, 7), 7) == 2 ** 64)
