# Sorting and comparing floats mixed with ints; min/max stability; rounding before comparing.
vals = [3.5, -1, 2, 2.0, -0.0, 0, 1e-9, -1e9, 7 / 3, 2.3333333333333335]
print(sorted(vals))
print(sorted(vals, reverse=True))
print(max(vals), min(vals), vals.index(2.0), vals.count(2))
print(sorted(vals, key=lambda v: abs(v - 2)))
print([v for v in vals if 0 <= v < 3])
print(2 == 2.0, 7 / 3 == 2.3333333333333335, 0.1 * 3 > 0.3, round(0.1 * 3, 10) == 0.3)
pairs = [(1.5, "b"), (1.5, "a"), (1, "c"), (1.0, "d")]
print(sorted(pairs), sorted(pairs, key=lambda p: p[0]))
print(max([1, 1.0]), type(max([1, 1.0])).__name__, max([1.0, 1]), type(max([1.0, 1])).__name__)
print(sorted([10 ** 20, 1e20, 1e20 + 1, 10 ** 20 + 1]))
print(1e20 == 10 ** 20, 1e20 + 1 == 10 ** 20 + 1, 2 ** 53 + 1 > 2.0 ** 53)
grades = {"a": 91.5, "b": 78.25, "c": 91.5, "d": 60.0}
print(sorted(grades, key=grades.get), sorted(grades.items(), key=lambda kv: (-kv[1], kv[0])))
print(sum(grades.values()) / len(grades), f"{sum(grades.values()) / len(grades):.3f}")
print([round(v, 1) for v in (0.05, 0.15, 0.25, 0.35, 0.45)], [f"{v:.1f}" for v in (0.05, 0.15, 0.25)])
readings = [20.5, 21.0, 19.75, 22.25, 21.0]
window = []
for r in readings:
    window.append(r)
    if len(window) > 3:
        window.pop(0)
    print(r, round(sum(window) / len(window), 3), max(window) - min(window))
