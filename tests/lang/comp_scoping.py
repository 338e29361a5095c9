# Comprehension scoping: loop variables do not leak; closures see the class body differently.
i = "global i"
squares = [i * i for i in range(4)]
print(squares, i)
funcs = [lambda: i for i in range(3)]
print([f() for f in funcs])
funcs = [lambda i=i: i for i in range(3)]
print([f() for f in funcs])


def outer(scale):
    return [scale * x for x in range(3)]


print(outer(10))


def nested_names():
    base = 5
    return {k: [base + k + j for j in range(2)] for k in range(3)}


print(nested_names())


class Table:
    size = 3
    rows = [n for n in range(4)]


print(Table.rows)
try:
    class Broken:
        size = 3
        rows = [size * n for n in range(3)]
except NameError as e:
    print(type(e).__name__, e)
total = 0
values = [total + v for v in range(3)]
print(values)
gen = (y for y in range(3))
print("y" in globals())
matrix = [[r * 3 + c for c in range(3)] for r in range(3)]
print(matrix)
print([[row[i] for row in matrix] for i in range(3)])
print([x for x in range(10) if x in {2, 3, 5, 7}])
print(sum(sum(row) for row in matrix))
y = [v := 10, v * 2]
print(y, v)
print([n for n in range(20) if (q := n * n) > 50 and q < 200])
