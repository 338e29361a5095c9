# Generator expressions: laziness, single use, in calls, and nested loops.
data = [3, 1, 4, 1, 5, 9, 2, 6]
squares = (x * x for x in data)
print(type(squares).__name__)
print(next(squares), next(squares))
print(list(squares))
print(list(squares))
print(sum(x for x in data if x % 2))
print(max(x - 3 for x in data), min((x for x in data), default=None))
print(any(x > 8 for x in data), all(x > 0 for x in data))
print(sorted((x for x in data), reverse=True))
print(tuple(c.upper() for c in "net"))
print(dict((k, len(k)) for k in ("eth0", "lo")))
pairs = ((i, j) for i in range(3) for j in range(i))
print(list(pairs))
calls = []


def noisy(x):
    calls.append(x)
    return x


g = (noisy(x) for x in range(5))
print(calls)
print(next(g), calls)
print(", ".join(str(x) for x in range(4)))
matrix = [[1, 2], [3, 4], [5, 6]]
print(list(sum(row) for row in matrix))
print(list(x for row in matrix for x in row if x != 4))
n = 10
g = (x + n for x in range(3))
n = 100
print(list(g))
try:
    print(list(1 // x for x in (1, 0)))
except ZeroDivisionError as e:
    print(type(e).__name__, e)
print(sum(1 for _ in range(1000)))
