# Formatting floats: fixed, exponent, general, percent, rounding of halves, and padding.
values = [0.0, -0.0, 1.0, 0.5, 1.5, 2.5, 0.125, 0.375, 123.456, -987.654321, 1e-7, 1e21, 6.02214076e23,
          float("inf"), float("-inf"), float("nan")]
for v in values:
    print(f"{v:.0f}|{v:.2f}|{v:10.3f}|{v:e}|{v:.3e}|{v:g}|{v:.3g}|{v:+.1f}|{v:%}" if v == v and abs(v) != float("inf")
          else f"{v:.2f}|{v:e}|{v:g}|{v:>8}|{v:+}")
print(f"{1234567.891:,.2f} {1234567.891:_.1f} {0.000123456:.2e} {123456789.0:.3g}")
print(f"{2.675:.2f} {1.005:.2f} {0.045:.2f} {1.25:.1f} {1.35:.1f}")
print(f"{3.0:.0e} {3.5:.0e} {1e-10:.1e} {9.99999:.2f} {9.995:.2f}")
print(f"{12.5:08.2f} {-12.5:08.2f} {12.5:<8}| {12.5:^9}| {12.5:*>8}")
print(f"{100.0:g} {1e6:g} {1e-4:g} {1e-5:g} {123456.0:g} {1234567.0:g}")
print(f"{0.1:.17f} {0.1:.20g} {1/3:.15f}")
print("%.3f %.0f %e %g" % (2.0005, 0.5, 0.0, 1e-300))
print(str(1.0), str(1e-4), str(1e-5), str(123e10), str(1e16))
print(f"{5e-324:g} {1.7976931348623157e308:.4e}")
print(f"{1.0:n}", f"{0.1:.1%}", f"{-1.5:=+8.2f}")
samples = [0.1, 0.25, 1 / 7, 22 / 7, 1e-3]
for v in samples:
    print(f"{v:.1f}", f"{v:.4f}", f"{v:8.3e}", f"{v:.2%}", f"{v:G}")
print(format(1e100, ".2f")[:20], len(format(1e100, ".2f")))
print(format(-1e-20, ".3g"), format(1e-20, ".3f"))
print(f"{123.456:.0f}", f"{123.456:#.0f}", f"{0.0001:.1g}")
