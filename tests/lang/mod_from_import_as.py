# from-imports with renaming, and names bound in the importer's namespace.
from pkg import util as u, describe
from pkg.util import double as twice, clamp
from pkg.shapes import Square as Sq, area_sum
from _lib_consts import MTU, payload_room as room

print(describe())
print(twice(4), u.double(5))
print(u.CALLS)
print(clamp(1000, hi=999), clamp(-1, lo=-10))
shapes = [Sq(3), Sq(200), Sq(-4)]
print(shapes)
print(area_sum(shapes))
print(MTU, room(), room(8))
print("double" in dir(u), "Square" in dir())
print(twice.__name__, Sq.__name__)
x = twice
print(x is u.double)
def local_import():
    from pkg.util import Counter
    c = Counter()
    return [c.bump() for _ in range(3)]
print(local_import())
print("Counter" in globals())
try:
    from pkg import does_not_exist
except ImportError as e:
    print(type(e).__name__)
