# Modules as namespaces: attribute access, __all__ as data, setattr/getattr on module objects.
import pkg.shapes as shapes
import _lib_consts as consts

exported = [getattr(shapes, name) for name in shapes.__all__]
print([obj.__name__ for obj in exported])
Square, area_sum = exported
print(Square(5).area(), area_sum([Square(1), Square(2)]))
print(shapes._hidden, hasattr(shapes, "Shape"), hasattr(shapes, "Circle"))
try:
    shapes.Circle
except AttributeError as e:
    print(type(e).__name__)
print(consts.MTU, consts.ETH_HEADER, consts.IP_HEADER, consts.PROTOCOLS[17])
print(consts.payload_room(20))
total = 0
for proto in sorted(consts.PROTOCOLS):
    total += proto
    print(proto, consts.PROTOCOLS[proto], total)
print(sorted(n for n in dir(consts) if n.isupper()))
setattr(consts, "MTU", 576)
print(consts.payload_room(), getattr(consts, "MTU"))
consts.MTU = 1500
print(consts.payload_room())
names = {n: getattr(consts, n) for n in ("MTU", "ETH_HEADER", "IP_HEADER")}
print(names)
sq = shapes.Square(12)
print(repr(sq), str(sq), type(sq).__name__, isinstance(sq, shapes.Shape))
print(shapes.util.double(4), shapes.clip(500, 0, 100))
