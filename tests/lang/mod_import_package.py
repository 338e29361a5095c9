# import a package and a submodule; the package body runs once.
import pkg
import pkg.util
import pkg.util as again

print(pkg.NAME, pkg.VERSION)
print(pkg.describe())
print(pkg.util.double(21))
print(again is pkg.util)
print(pkg.util.CALLS)
print(again.clamp(300), again.clamp(-5), again.clamp(7))
c = pkg.util.Counter(10)
for step in (1, 2, 3):
    print("bump", c.bump(step))
print(hasattr(pkg, "util"), hasattr(pkg, "shapes"))
print(type(pkg).__name__, pkg.__name__, pkg.util.__name__)
import pkg.shapes
print(hasattr(pkg, "shapes"))
sq = pkg.shapes.Square(7)
print(sq, sq.area())
print(pkg.util.CALLS)
print(pkg.shapes.area_sum([pkg.shapes.Square(n) for n in range(5)]))
try:
    pkg.shapes.Shape().area()
except NotImplementedError as e:
    print(type(e).__name__, e)
