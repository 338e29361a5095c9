# inf, -inf, nan and -0.0: comparisons, arithmetic, formatting and conversions.
inf = float("inf")
ninf = float("-inf")
nan = float("nan")
print(inf, ninf, nan, -nan, repr(inf), str(ninf), f"{nan}", f"{inf:.2f}", f"{ninf:10}")
print(inf == inf, inf > 1e308, ninf < -1e308, inf == -ninf, nan == nan, nan != nan, nan is nan)
print(inf + inf, inf - inf, inf * -1, inf / inf, 0 * inf, inf * 0.5, 1 / inf, -1 / inf)
print(max(1.0, inf), min(ninf, -5), sorted([3.0, inf, ninf, 0.0, -0.0]))
print(nan > 0, nan < 0, nan == 0, 0 < nan, nan in [nan], [nan] == [nan])
zero = 0.0
negzero = -0.0
print(zero == negzero, str(negzero), repr(negzero), f"{negzero:.1f}", -zero, 0.0 * -1)
print(1 / inf == negzero, str(-1 / inf), abs(negzero), str(negzero + 0.0), str(negzero - 0.0))
print(round(negzero), int(negzero), negzero.is_integer(), (2.0 ** 1023) * 2.0)
for v in (inf, ninf, nan):
    try:
        int(v)
    except (OverflowError, ValueError) as e:
        print(type(e).__name__, e)
print(float("inf") == float("Infinity"), float("-iNF") == ninf, str(float("nan")))
print(inf % 2, 5.0 % inf, -5.0 % inf, 5.0 // inf, -5.0 // inf)
print((inf).is_integer(), (1e300 * 1e10) == inf, -(1e300 * 1e10) == ninf, 1e-320 > 0, 1e-330 == 0)
vals = [1.5, nan, 2.5]
print(max(vals[0], vals[2]), sum([1.0, inf, 2.0]), sum([inf, ninf]))
print(f"{inf:e} {ninf:g} {nan:f} {inf:+} {1e308 * 10:.3}")
print(10.0 ** 308, 10.0 ** -323, 10.0 ** -324)
try:
    10.0 ** 309
except OverflowError as e:
    print(type(e).__name__)
