# Truthiness via __bool__ and __len__, callables via __call__.
class Flag:
    def __init__(self, on):
        self.on = on

    def __bool__(self):
        return self.on


class Bag:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


class Neither:
    pass


for obj in (Flag(True), Flag(False), Bag(0), Bag(3), Neither()):
    print(type(obj).__name__, bool(obj), "yes" if obj else "no", not obj)
print([bool(x) for x in (0, 1, "", "a", [], [0], {}, None, 0.0, b"")])


class BadBool:
    def __bool__(self):
        return 1


try:
    bool(BadBool())
except TypeError as e:
    print(type(e).__name__, e)


class Multiplier:
    def __init__(self, k):
        self.k = k
        self.calls = 0

    def __call__(self, x, *, offset=0):
        self.calls += 1
        return x * self.k + offset


triple = Multiplier(3)
print(triple(5), triple(2, offset=1), triple.calls, callable(triple), callable(Flag(1)))
print(list(map(triple, [1, 2, 3])), triple.calls)


class NegLen:
    def __len__(self):
        return -1


try:
    len(NegLen())
except ValueError as e:
    print(type(e).__name__, e)
print(len(Bag(7)), Flag(False) or "fallback", Flag(True) and "chosen")
