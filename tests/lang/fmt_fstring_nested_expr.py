# f-strings with nested format specs, method calls, dict/list access and conditional expressions.
rows = [("eth0", 1500, 0.25), ("wlan0", 1500, 0.0312), ("lo", 65536, 1.0)]
w = max(len(r[0]) for r in rows)
for name, mtu, load in rows:
    print(f"{name:<{w}} | {mtu:>6,} | {load:>7.2%} | {'busy' if load > 0.5 else 'idle':^6} |")
prec = 3
for v in (3.14159, 2.71828, 1.41421):
    print(f"{v:.{prec}f} {v:{prec + 5}.{prec - 1}f} {v!r:>12}")
data = {"rx": [1, 2, 3], "tx": {"ok": 10, "err": 2}}
print(f"{data['rx'][-1]} {data['tx']['ok'] + data['tx']['err']} {len(data)} {sorted(data)}")
print(f"{'-' * 10}|{'=' * 3:>5}|")
items = ["a", "b"]
print(f"{', '.join(items)} {items!r} {items[0].upper()}{items[1] * 2}")
n = 255
print(f"{n:#x} {n:#o} {n:#b} {n:08b} {n:_b} {n:,} {n:e} {n:.1%}")
print(f"{n:{'>' if n > 100 else '<'}10}|")
align = "^"
fill = "*"
print(f"{'mid':{fill}{align}11}")
print(f"{3 + 4 = }, {n // 16 = :x}, {items = }")
print(f"{f'{n:x}':>6}", f"{(lambda: 'lam')()}", f"{[x * 2 for x in range(3)]}")
value = None
print(f"{value}", f"{value!r}", f"{value or 'fallback'}", f"{str(value):>6}")
big = 2 ** 70
print(f"{big} {big:,} {big:x} {-big:+}")
print(f"{0.1 + 0.2} {0.1 + 0.2:.17g} {1e-9:.2e} {12345.6789:,.1f}")
print(f"{'é':^5}|{'日本':>6}|")
print(f"{True:>6} {False!s:<6}| {True:d}")
