# Attribute reads and writes remember where a name sat in the last object's dict: other objects, other orders, deletions.
class P:
    def __init__(self, first, second):
        if first:
            self.a = 1
            self.b = 2
        else:
            self.b = 20
            self.a = 10
        self.second = second


def read(o):
    return o.a, o.b


def write(o, v):
    o.b = v
    return o.b


objs = [P(True, 0), P(False, 0), P(True, 1)]
print([read(o) for o in objs], [write(o, i) for i, o in enumerate(objs)])
o = objs[0]
del o.b                                 # deleted entry: the remembered position must not answer
try:
    read(o)
except AttributeError as e:
    print(type(e).__name__, e)
o.b = "again"                           # re-added at a new position
print(read(o), write(o, "w"))
o.__dict__.clear()
try:
    read(o)
except AttributeError as e:
    print(type(e).__name__, e)
o.__dict__.update(a="direct", b="updated")
print(read(o))
o.__dict__.popitem()
o.__dict__["b"] = "after popitem"
print(read(o))
for i in range(30):                     # the instance dict grows: rebuilt tables
    setattr(o, "x%d" % i, i)
print(read(o), write(o, 5), o.x29)


class Q:
    def m(self):
        return "method"


q = Q()
print(q.m())
q.m = lambda: "instance value"          # an instance attribute shadows the method
print(q.m())
del q.m
print(q.m())
q.v = "plain"
print(q.v)
Q.v = property(lambda self: "property")    # a property added later wins over the instance dict
print(q.v)
try:
    q.v = "store"
except AttributeError as e:
    print(type(e).__name__)
del Q.v
print(q.v)


def poly(x):
    return x.real                       # one instruction, objects of many kinds


class R:
    real = "class attr"


r2 = R()
print([poly(v) for v in (3, 2.5, True, R(), r2)])
r2.real = "instance"
print(poly(r2), poly(R()))
