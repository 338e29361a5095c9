# Instances, attributes, methods, and class versus instance attributes.
class Interface:
    count = 0
    default_mtu = 1500

    def __init__(self, name, mtu=None):
        self.name = name
        if mtu is not None:
            self.mtu = mtu
        Interface.count += 1

    def describe(self):
        return f"{self.name} mtu={self.mtu_value()}"

    def mtu_value(self):
        return getattr(self, "mtu", self.default_mtu)


a = Interface("eth0")
b = Interface("jumbo", 9000)
print(a.describe(), b.describe(), Interface.count)
print(a.default_mtu, hasattr(a, "mtu"), hasattr(b, "mtu"))
a.default_mtu = 576
print(a.describe(), Interface.default_mtu)
Interface.default_mtu = 1280
c = Interface("tap0")
print(c.describe(), a.describe())
del a.default_mtu
print(a.describe())
print(type(a).__name__, type(a) is Interface, isinstance(a, Interface))
print(Interface.__name__, a.__class__.__name__)
print(sorted(vars(b).items()))
b.extra = [1, 2]
print(sorted(vars(b)))
m = b.describe
print(m(), Interface.describe(c))
try:
    a.missing
except AttributeError as e:
    print(type(e).__name__, e)
try:
    del a.name
    print(a.name)
except AttributeError as e:
    print(type(e).__name__, e)


class Empty:
    pass


e = Empty()
e.x = 1
print(e.x, type(e).__name__)
