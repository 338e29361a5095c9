# round() for ints and floats: banker's rounding, negative digits, and return types.
for v in (0.5, 1.5, 2.5, -0.5, -1.5, 3.5, 2.675, 1.005, 0.125, 0.375, 1e16 + 0.5):
    print(v, round(v), round(v, 1), round(v, 2), type(round(v)).__name__)
for v in (1234.5678, -1234.5678):
    print([round(v, n) for n in range(-4, 4)])
for n in (15, 25, 35, 45, -15, -25, 1234, 1250, 1350):
    print(n, round(n), round(n, -1), round(n, -2), round(n, 1), type(round(n, -1)).__name__)
print(round(10 ** 20 + 5, -1), round(-(10 ** 20) - 50, -2))
print(round(0.0), round(-0.0), round(1e300, -299), round(5e-324, 2))
try:
    round(float("inf"))
except OverflowError as e:
    print(type(e).__name__, e)
try:
    round(float("nan"))
except ValueError as e:
    print(type(e).__name__, e)
print(round(float("inf"), 2), round(float("nan"), 2))
try:
    round("1.5")
except TypeError as e:
    print(type(e).__name__, e)
print(round(True), round(7, None))
print(int(2.9), int(-2.9), int(1e18), int(-0.5))
print(sum(round(x / 10) for x in range(100)))
values = [2.345, 2.355, 2.365, 2.375]
print([round(v, 2) for v in values])
print([f"{v:.2f}" for v in values])
