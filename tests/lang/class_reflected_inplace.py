# __radd__, __iadd__ and the NotImplemented protocol between two classes.
class Money:
    def __init__(self, cents):
        self.cents = cents

    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        if isinstance(other, int):
            return Money(self.cents + other)
        return NotImplemented

    def __radd__(self, other):
        print("radd with", type(other).__name__)
        return self + other

    def __iadd__(self, other):
        print("iadd")
        self.cents += other.cents if isinstance(other, Money) else other
        return self

    def __repr__(self):
        return f"Money({self.cents})"


m = Money(150)
print(m + Money(50), m + 25, 25 + m)
print(sum([Money(1), Money(2), Money(3)]))
before = m
m += Money(10)
print(m, m is before)
m += 5
print(m)
try:
    m + "x"
except TypeError as e:
    print(type(e).__name__, e)


class Meters:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        return NotImplemented

    def __radd__(self, other):
        return "Meters.radd"


print(Money(1) + Meters(2))
print(Meters(2) + Money(1))


class Plain:
    def __init__(self, v):
        self.v = v

    def __add__(self, o):
        return Plain(self.v + o.v)


p = Plain(1)
q = p
p += Plain(2)
print(p.v, q.v, p is q)
x = [1]
y = x
x += [2]
print(x is y, y)
t = (1,)
u = t
t += (2,)
print(t is u, u, t)
