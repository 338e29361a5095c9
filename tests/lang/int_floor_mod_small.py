# Floor division and modulo of small ints by positive divisors (the interpreter's fast path), powers of two
# (a mask and a shift) and others, with negative dividends, as ring-index arithmetic uses them.
divisors = [1, 2, 3, 4, 7, 8, 10, 16, 64, 100, 1024, 4096, 65536, 1 << 30, 3 << 20]
dividends = [0, 1, -1, 2, -2, 3, -3, 7, -7, 8, -8, 9, -9, 1000, -1000, 65535, -65535, 65536, -65536,
             (1 << 40) + 5, -(1 << 40) - 5, (1 << 61) - 1, -(1 << 61)]
for y in divisors:
    row = []
    for x in dividends:
        q, r = x // y, x % y
        assert q * y + r == x and 0 <= r < y
        row.append(f"{q}:{r}")
    print(y, " ".join(row))
# In place, from locals, and the ring idioms of the drivers
n = 16
tail, nxt = 14, 3
print((nxt - tail) % n, (tail - nxt) % n, (nxt - tail) // n, -17 // 4, -17 % 4, -16 // 4, -16 % 4)
acc = -5
acc %= 8
print(acc)
acc = -5
acc //= 8
print(acc)
size = 65536
print([((o + 1500 + 7) & ~3) % size for o in (0, 65000, 65532)], [(o - 65530) % size for o in (0, 6, 100)])
# Non-positive divisors and non-ints take the general path
for x, y in ((7, -2), (-7, -2), (7, -8), (-7, 8.0), (7.5, 2), (True, 2)):
    print(x // y, x % y)
for x in (1, -1, 0):
    try:
        print(x // 0)
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
    try:
        print(x % 0)
    except ZeroDivisionError as e:
        print(type(e).__name__, e)
