# Lambdas: defaults, closures, in sort keys, immediately called, nested.
square = lambda x: x * x
print(square(7), square.__name__)
add = lambda a, b=10: a + b
print(add(1), add(1, 2), add(b=5, a=5))
variadic = lambda *a, **k: (a, sorted(k.items()))
print(variadic(1, 2, z=3, y=4))
print((lambda: "called at once")())
print((lambda x: lambda y: x * y)(6)(7))
records = [("eth0", 3), ("lo", 1), ("tap9", 2), ("br0", 3)]
print(sorted(records, key=lambda r: r[1]))
print(sorted(records, key=lambda r: (-r[1], r[0])))
print(max(records, key=lambda r: len(r[0])))
print(list(filter(lambda r: r[1] > 1, records)))
print(list(map(lambda r: r[0].upper(), records)))
ops = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "//": lambda a, b: a // b,
}
for sym in ops:
    print(sym, ops[sym](17, 5))
try:
    ops["//"](1, 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
cond = lambda x: "neg" if x < 0 else "zero" if x == 0 else "pos"
print([cond(v) for v in (-2, 0, 3)])
k = 3
scale = lambda v: v * k
k = 4
print(scale(10))
