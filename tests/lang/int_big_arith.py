# Big integers: + - * // % ** across the small/big boundary, with negatives.
a = 2 ** 100 + 12345
b = -(3 ** 70) + 1
c = 10 ** 30 - 1
print(a, b, c)
print(a + b, a - b, b - a, a * b, a * c)
print(a // 7, a % 7, b // 7, b % 7, a // -7, a % -7)
print(a // b, a % b, b // a, b % a, divmod(a, c), divmod(b, c))
print(c // (10 ** 15), c % (10 ** 15), (c + 1) // (10 ** 15))
print(a ** 3, (-b) ** 2, b ** 3 < 0)
print(2 ** 64 - 1, 2 ** 64, -(2 ** 64), (2 ** 64) // 2 ** 32)
print((2 ** 63) - 1 + 1, (-(2 ** 63)) - 1, 2 ** 63 // -1)
print(abs(b), -a, +b, a == a + 0, a != a + 1)
fact = 1
for i in range(1, 41):
    fact *= i
print(fact, fact // (2 ** 38), fact % 1000000007)
big = 1
for i in range(50):
    big = big * 1000003 + i
print(big)
print(big // big, big - big, big * 0, 0 - big == -big)
q = 0
n = big
while n:
    n //= 10
    q += 1
print("digits", q, len(str(big)))
print(a / 2 ** 50, b / a, float(c), int(float(2 ** 60)) == 2 ** 60)
print(sum(range(10 ** 6)), 10 ** 18 * 10 ** 18)
print(max(a, b, c), min(a, b, c), sorted([c, a, b, 0]))
print(7 ** 77 % 1000, (-7) ** 77 % 1000, (-(7 ** 77)) // 13)
try:
    a // 0
except ZeroDivisionError as e:
    print(type(e).__name__, e)
