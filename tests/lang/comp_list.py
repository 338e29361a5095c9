# List comprehensions: filters, nesting, expressions, and calls.
nums = list(range(-5, 6))
print([n * n for n in nums])
print([n for n in nums if n % 2 == 0])
print([n if n >= 0 else -n for n in nums])
print([(i, j) for i in range(3) for j in range(3) if i != j])
print([[i * j for j in range(1, 4)] for i in range(1, 4)])
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[c] for row in matrix] for c in range(3)])
print([x for row in matrix for x in row])
words = ["eth0", "lo", "wlan0", "tap12"]
print([w.upper() for w in words if len(w) > 2])
print([len(w) for w in words])
print([c for w in words for c in w if c.isdigit()])
print([i for i, w in enumerate(words) if w.startswith("t")])
print([a + b for a, b in zip("abc", "xyz")])
print([x for x in []], [[]] * 2, [[] for _ in range(2)])
grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
print(grid)
print([v for v in (1, None, 0, "", "x", [], [0]) if v])
print([str(n) for n in range(12) if n % 3 == 0 if n % 2 == 0])
print([(lambda y: y * 2)(x) for x in range(4)])
x = "outer"
print([x for x in "ab"], x)
try:
    print([1 // n for n in (2, 1, 0)])
except ZeroDivisionError as e:
    print(type(e).__name__, e)
print([b for b in b"ABC"], [ch for ch in "héllo"])
