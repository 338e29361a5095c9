# Big-integer division and modulo against reconstruction identities for many sign combinations.
nums = [0, 1, -1, 7, -7, 2 ** 64 - 1, -(2 ** 64) + 1, 3 ** 100, -(3 ** 100), 10 ** 40 + 7, -(10 ** 40) - 7,
        2 ** 127 - 1]
dens = [1, -1, 3, -3, 2 ** 32, -(2 ** 32), 2 ** 64 + 13, -(7 ** 30), 10 ** 20, 3 ** 99]
bad = 0
for a in nums:
    for b in dens:
        q, r = divmod(a, b)
        if q * b + r != a or not (0 <= r < b if b > 0 else b < r <= 0) or q != a // b or r != a % b:
            bad += 1
            print("mismatch", a, b, q, r)
print("identity failures", bad)
for a, b in ((3 ** 100, 7 ** 30), (-(3 ** 100), 7 ** 30), (3 ** 100, -(7 ** 30)), (10 ** 40 + 7, 10 ** 20)):
    print(a // b, a % b)
print((2 ** 200) // (2 ** 100), (2 ** 200 + 1) // (2 ** 100), (2 ** 200 - 1) // (2 ** 100))
print((10 ** 50) // 3, (10 ** 50) % 3, -(10 ** 50) // 3, -(10 ** 50) % 3)
print(divmod(2 ** 130, 2 ** 65 - 1), divmod(-(2 ** 130), 2 ** 65 + 1))
x = 1
for k in range(1, 30):
    x = x * 10 + k
print(x, x // 12345678901, x % 12345678901, x // -97, x % -97)
digits = []
n = 2 ** 100
while n:
    n, d = divmod(n, 10)
    digits.append(d)
print("".join(map(str, reversed(digits))) == str(2 ** 100), len(digits))
print((2 ** 100) / (2 ** 99), (10 ** 30) / 3, -(10 ** 30) / 7, (2 ** 70 + 1) / 2)
try:
    (10 ** 400) / 1
except OverflowError as e:
    print(type(e).__name__, e)
print((10 ** 400) // (10 ** 399), (10 ** 400) / (10 ** 399))
