# format() and format specs for ints, floats and strings: fill, align, sign, width, grouping.
for spec in ("", "5", "<5", ">5", "^5", "*^7", "+", " ", "-", "05", "+05", ",", "_", "x", "#06x", "_b", "=+8"):
    print(repr(spec), repr(format(1234, spec)), repr(format(-42, spec)))
for spec in (".0f", ".3f", "10.2f", "<10.1f", "+.2e", ".3g", "g", "%", ".1%", "012.4f", ",.2f", "E"):
    print(repr(spec), format(1234.5678, spec), format(-0.000123, spec))
for spec in ("", "10", "<10", ">10", "^10", "-^10", ".3", "10.2"):
    print(repr(spec), repr(format("kernel", spec)))
print(format(True), format(None), format(3), format(2.0), format("s"))
print(format(10 ** 20, ","), format(-10 ** 20, "_x"))
print(format(0, "#b"), format(0, "#x"), format(-255, "#x"), format(255, "c"))
for bad in (("abc", "d"), (1.5, "d"), (3, "s"), (1, "q")):
    try:
        format(*bad)
    except ValueError as e:
        print(type(e).__name__, e)
widths = [3, 6, 9]
for w in widths:
    print(f"[{'ab':>{w}}]", f"[{7:0{w}d}]", f"[{-7:0{w}d}]")
print(format(-0.0, "+.1f"), format(0.0, "+.1f"), format(1e6, ","))
print(format(123, "o"), format(123, "#o"), format(123, "08b"))
print(format(-123, "=10"), format(123, "=+10"))
print(format(65, "c"), format(0x263A, "c"))
print(format(12345678901234567890, "_x"), format(12345678901234567890, ","))
