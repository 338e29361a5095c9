# Plain objects compare by identity until their class (or a base) defines a comparison, including one
# added to the class after objects were compared (the answers the runtime remembers per class must follow).


class Task:
    pass


class Keyed:
    def __init__(self, key):
        self.key = key


class Sub(Keyed):
    pass


a, b = Task(), Task()
print(a == a, a == b, a != b, a != a)
waiters = [a, b, a]
print(b in waiters, Task() in waiters, waiters.index(b), waiters.count(a))
waiters.remove(a)
print(len(waiters), waiters[0] is b, waiters[1] is a)
try:
    print(a < b)
except TypeError as e:
    print(type(e).__name__, e)

x, y = Sub(1), Sub(1)
print(x == y, x in [y], [x].count(y))
Keyed.__eq__ = lambda self, other: isinstance(other, Keyed) and self.key == other.key
print(x == y, x != y, x in [y], [x].count(y), Sub(2) in [x, y])
Sub.__ne__ = lambda self, other: "sub-ne"
print(x != y, x == y)
del Keyed.__eq__
print(x == y, x != y, x in [y])
del Sub.__ne__
print(x == y, x != y)


class Reflected:
    def __eq__(self, other):
        return "reflected"


print(a == Reflected(), Reflected() == a, a in [Reflected()])
print(None == a, a == None, a == 1, 1 == a, a == "x")
d = {a: 1, b: 2}
print(d[a], d[b], a in d, Task() in d)
print(a in (b, a), a in {b}, a in {a})
