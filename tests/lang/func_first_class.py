# Functions are values: passed, returned, stored, compared, and given attributes.
def square(x):
    return x * x


def cube(x):
    return x * x * x


def apply_all(funcs, value):
    return [f(value) for f in funcs]


table = {"sq": square, "cu": cube, "neg": lambda x: -x}
print(apply_all(table.values(), 3))
for name in table:
    print(name, table[name](4))


def compose(f, g):
    def h(x):
        return f(g(x))
    return h


sq_then_neg = compose(table["neg"], square)
print(sq_then_neg(5))
print(compose(square, compose(square, square))(2))
print(square.__name__, table["neg"].__name__)
print(square == square, square is cube, callable(square))
square.calls = 0
square.calls += 1
print(square.calls)
ops = [square, cube]
ops.sort(key=lambda f: f(-2))
print([f.__name__ for f in ops])


def call_n(f, n, x):
    for _ in range(n):
        x = f(x)
    return x


print(call_n(square, 3, 2), call_n(lambda s: s + "!", 3, "hi"))
print(list(map(cube, range(5))))
print(sorted(["bb", "a", "ccc"], key=len, reverse=True))
