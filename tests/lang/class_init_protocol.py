# Object construction: __init__ arguments, __init__ returning a value, __new__-free factories.
class Point:
    def __init__(self, x=0, y=0):
        self.x = x
        self.y = y

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


print(Point(), Point(1), Point(1, 2), Point(y=5), Point(*(3, 4)), Point(**{"x": 7, "y": 8}))
try:
    Point(1, 2, 3)
except TypeError as e:
    print(type(e).__name__, e)
try:
    Point(z=1)
except TypeError as e:
    print(type(e).__name__, e)


class Bad:
    def __init__(self):
        return 5


try:
    Bad()
except TypeError as e:
    print(type(e).__name__, e)


class NoInit:
    pass


try:
    NoInit(1)
except TypeError as e:
    print(type(e).__name__, e)


class Lazy:
    def __init__(self, value):
        self.value = value
        self.calls = 0

    def reset(self):
        self.__init__(0)
        return self


l = Lazy(5)
l.calls = 3
print(l.reset().value, l.calls)


class Pool:
    instances = {}

    @classmethod
    def get(cls, key):
        if key not in cls.instances:
            cls.instances[key] = cls(key)
        return cls.instances[key]

    def __init__(self, key):
        self.key = key


print(Pool.get("a") is Pool.get("a"), Pool.get("a") is Pool.get("b"), sorted(Pool.instances))
objs = [Point(i, i * i) for i in range(4)]
print(objs, [p.y for p in objs if p.x % 2])
print(type(objs[0]) is Point, isinstance(objs[0], object), Point.__name__)
