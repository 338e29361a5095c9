# Floating-point algorithms: Newton square root, series sums, mean/variance, interpolation.
def newton_sqrt(x, steps=30):
    guess = x / 2 or 1.0
    for _ in range(steps):
        guess = (guess + x / guess) / 2
    return guess


for x in (2.0, 9.0, 1e10, 0.25, 12345.678):
    r = newton_sqrt(x)
    print(x, r, r * r, abs(r * r - x) < 1e-9 * x, x ** 0.5 == r)


def mean_var(values):
    n = len(values)
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / n
    return mean, var


samples = [2.5, 3.75, 1.0, 9.125, 4.0, 4.0, 0.5]
m, v = mean_var(samples)
print(m, v, round(m, 4), round(v, 4), f"{v ** 0.5:.6f}")
e = 0.0
term = 1.0
for k in range(1, 20):
    e += term
    term /= k
print("e", e, f"{e:.12f}")
pi = 0.0
for k in range(100000):
    pi += (-1) ** k / (2 * k + 1)
print("pi", f"{4 * pi:.6f}")


def lerp(a, b, t):
    return a + (b - a) * t


print([lerp(0.0, 10.0, t / 4) for t in range(5)], lerp(-1.5, 1.5, 0.5))
celsius = [-40, 0, 37, 100]
print([c * 9 / 5 + 32 for c in celsius], [round((f - 32) * 5 / 9, 2) for f in (98.6, 212, -40)])
total = 0.0
for i in range(1000):
    total += 0.001
print(total, total == 1.0, abs(total - 1.0) < 1e-12, round(total, 10))
rtt = 100.0
for sample in (120.0, 80.0, 300.0, 90.0):
    rtt = 0.875 * rtt + 0.125 * sample
    print(f"srtt {rtt:.4f}")
print(1e-16 + 1.0 == 1.0, 1e-15 + 1.0 == 1.0, 2.0 ** 52 + 0.5, 2.0 ** 53 + 1.0)
