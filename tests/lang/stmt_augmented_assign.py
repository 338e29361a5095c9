# Augmented assignment on names, attributes, subscripts, and every operator.
x = 10
x += 5
x -= 3
x *= 4
x //= 5
x %= 7
x **= 3
x <<= 2
x >>= 1
x &= 0xFF
x |= 0x100
x ^= 0x0F
print(x)
f = 7.0
f /= 2
f -= 0.25
print(f)
s = "ab"
s += "cd"
s *= 2
print(s)
lst = [1]
alias = lst
lst += [2, 3]
lst *= 2
print(lst, alias is lst)


class Counter:
    def __init__(self):
        self.n = 0


c = Counter()
for _ in range(5):
    c.n += 2
print(c.n)
d = {"hits": 0}
for word in "a b a c a".split():
    d["hits"] += word == "a"
print(d)
grid = [[0] * 3 for _ in range(2)]
grid[1][2] += 9
grid[0][0] -= 1
print(grid)
calls = []


def idx():
    calls.append("idx")
    return 0


arr = [10]
arr[idx()] += 1
print(arr, calls)
b = b"ab"
b += b"cd"
print(b)
t = (1,)
t += (2, 3)
print(t)
n = 2 ** 64
n += 1
n //= 3
print(n)
try:
    t[0] += 1
except TypeError as e:
    print(type(e).__name__, e)
