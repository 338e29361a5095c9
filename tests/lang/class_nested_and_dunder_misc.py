# Nested classes, __class__, __name__, instance __dict__ via vars(), and __contains__ fallbacks.
class Outer:
    class Inner:
        def __init__(self, v):
            self.v = v

        def __repr__(self):
            return f"Inner({self.v})"

    def make(self, v):
        return self.Inner(v)


o = Outer()
i = o.make(3)
print(i, type(i).__name__, isinstance(i, Outer.Inner), i.__class__ is Outer.Inner)
print(Outer.Inner.__name__, vars(i), sorted(vars(o)))


class Range:
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def __contains__(self, x):
        print("  contains", x)
        return self.lo <= x < self.hi


r = Range(1, 5)
print(3 in r, 7 in r, 7 not in r)


class IterOnly:
    def __iter__(self):
        return iter([1, 2, 3])


print(2 in IterOnly(), 9 in IterOnly(), list(IterOnly()), max(IterOnly()))


class Temperature:
    def __init__(self, c):
        self.c = c

    def __float__(self):
        return float(self.c)

    def __int__(self):
        return int(self.c)

    def __index__(self):
        return int(self.c)

    def __str__(self):
        return f"{self.c}C"


t = Temperature(21.0)
print(float(t), int(t), str(t), [10, 20, 30, 40][Temperature(2)], hex(Temperature(255)))
print(bin(Temperature(5)), range(10)[Temperature(3)], "abcdef"[Temperature(1):Temperature(4)])
obj = Outer()
obj.__dict__["injected"] = 1
print(obj.injected, vars(obj))
