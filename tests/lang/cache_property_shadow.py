# An instance value is read unless the class (or a base) has a property of that name; a read site remembers
# that a class with properties has none of its name: classes changing, subclasses, other classes at one site.
class Base:
    @property
    def area(self):
        return self.w * self.h


class Box(Base):
    def __init__(self, w, h):
        self.w = w
        self.h = h


class Plain:
    def __init__(self, w):
        self.w = w
        self.h = 0


def width(o):
    return o.w


def size(o):
    return o.w, o.h


b = Box(2, 3)
p = Plain(7)
print([width(b) for _ in range(3)], width(p), width(b), size(b), size(p), b.area)

# a property of that name appears on the class: the instance's own value is hidden from then on
Box.w = property(lambda self: "box property")
print(width(b), size(b), width(p), b.__dict__["w"])
del Box.w
print(width(b), size(b))

# ... or on a base class, after the site has seen the subclass many times
for _ in range(5):
    width(b)
s0 = Box(9, 9)
Base.w = property(lambda self: -1)
print(width(b), width(s0), width(p))
del Base.w
print(width(b))


class Sub(Box):
    pass


s = Sub(4, 5)
print(width(s), width(b), size(s), s.area)
Sub.h = property(lambda self: "sub h")
print(size(s), size(b))
del Sub.h
print(size(s))

# a plain attribute of the class of that name does not hide the instance's value
Box.w = 100
print(width(b), Box.w, width(Box(1, 1)))
del Box.w

# a property without a setter still lets __dict__ hold the name; reads go to the property
b.__dict__["area"] = "in dict"
print(b.area, b.__dict__["area"])


class Later:
    def __init__(self):
        self.w = "later"


print(width(Later()), width(b), width(p))
