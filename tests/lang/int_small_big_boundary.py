# Values around tagged-small-int and machine-word boundaries must behave like any other int.
edges = []
for bits in (29, 30, 31, 32, 61, 62, 63, 64):
    for delta in (-1, 0, 1):
        edges.append((1 << bits) + delta)
        edges.append(-(1 << bits) + delta)
for v in edges[:12]:
    print(v, v + 1, v - 1, v * 2, v * -3, v // 3, v % 7, -v, v >> 1, v << 1, v & 0xFFFF, v | 1, v ^ -1)
for v in edges[12:]:
    print(v, v + v, v * v, v // -5, v % -5, abs(v), hex(v))
m = (1 << 62) - 1
print(m + 1, m * 2 + 1, (m + 1) // 2 == 1 << 61, m + 1 - 1 == m)
n = -(1 << 62)
print(n - 1, n * 2, n // -1, n * -1, -n)
acc = 1
for i in range(70):
    acc *= 2
    if i in (29, 30, 31, 61, 62, 63, 64, 69):
        print(i, acc, acc - 1, (acc - 1) // acc, acc // (acc - 1))
down = 1 << 70
while down > 1:
    down //= 3
print(down)
x = (1 << 63) - 1
y = x + 1
print(x < y, y > x, x == y - 1, y - x, type(y - x).__name__, (y - x) == 1, hash(y - x) == 1)
d = {x: "max", y: "over"}
print(d[(1 << 63) - 1], d[1 << 63], (1 << 64) // (1 << 32) == 1 << 32)
print(sum(range(2 ** 31 - 5, 2 ** 31 + 5)), sum([2 ** 62] * 4))
print([(1 << b) - 1 for b in (31, 32, 63, 64)])
print(int("9223372036854775807") + 1, int("-9223372036854775808") - 1)
print(2 ** 63 == 9223372036854775808, -2 ** 63 == -9223372036854775808)
print(max(2 ** 63, 2 ** 63 - 1), min(-2 ** 63, -2 ** 63 + 1), sorted([2 ** 64, 2 ** 63, -2 ** 64, 0]))
