# Attribute stores skip the class's hooks only while nothing there intercepts them: properties and __setattr__ added later.
class H:
    @property
    def ro(self):
        return "ro"

    def fill(self, v):
        self.a = v
        self.b = v + 1
        return self.a, self.b, self.ro


class Sub(H):
    pass


h, s = H(), Sub()
print(h.fill(1), s.fill(2))
try:
    h.ro = 5
except AttributeError as e:
    print(type(e).__name__)
H.a = property(lambda self: "prop a")   # the stored name becomes a property without a setter
for o in (h, s):
    try:
        o.fill(3)
    except AttributeError as e:
        print(type(e).__name__, o.a)
del H.a
print(h.fill(4), s.fill(5))


def scaled(self, name, value):
    object.__setattr__(self, name, value * 10)


H.__setattr__ = scaled                  # a __setattr__ on the base, added after the stores ran
print(h.fill(6), s.fill(7))
del H.__setattr__
print(h.fill(8), s.fill(9))
Sub.__setattr__ = scaled                # only on the subclass
print(h.fill(1), s.fill(1))
del Sub.__setattr__


class Many:
    def __init__(self, n):
        for i in range(n):
            setattr(self, "f%d" % i, i)


big = [Many(12) for _ in range(3)]      # later instances get dicts sized for twelve
small = Many(2)
del big[1].f5
print(len(vars(big[0])), len(vars(big[1])), vars(small), big[2].f11)
big[1].f5 = "back"
print(list(vars(big[1]).items())[-1], big[1].f5)
