# Nested lists as matrices: transpose, multiply, rotate, and identity checks.
def mat_mul(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def transpose(m):
    return [list(row) for row in zip(*m)]


def rotate(m):
    return [list(row) for row in zip(*m[::-1])]


a = [[1, 2, 3], [4, 5, 6]]
b = [[7, 8], [9, 10], [11, 12]]
print(mat_mul(a, b), transpose(a), rotate(a))
ident = [[int(i == j) for j in range(3)] for i in range(3)]
print(ident, mat_mul(b, [[1, 0], [0, 1]]) == b)
sq = [[2, 0], [1, 3]]
power = [[1, 0], [0, 1]]
for _ in range(10):
    power = mat_mul(power, sq)
print(power)
fib = [[1, 1], [1, 0]]
m = [[1, 0], [0, 1]]
for _ in range(90):
    m = mat_mul(m, fib)
print(m[0][1])
grid = [[(r * 4 + c) % 7 for c in range(4)] for r in range(4)]
for row in grid:
    print(" ".join(str(v) for v in row))
print([row[i] for i, row in enumerate(grid)], [grid[i][3 - i] for i in range(4)])
print(sum(map(sum, grid)), max(max(r) for r in grid), [sum(col) for col in zip(*grid)])
grid[1][2] = 99
grid[3] = [0] * 4
print(grid)
flat = [v for row in grid for v in row]
print(flat.count(0), flat.index(99), [flat[i:i + 4] for i in range(0, 16, 4)] == grid)
try:
    mat_mul([[1, 2]], [[1, 2]])
except IndexError as e:
    print(type(e).__name__, e)
