# __eq__ and __hash__: dict keys, set membership, default identity, unhashable classes.
class Key:
    def __init__(self, a, b):
        self.a = a
        self.b = b

    def __eq__(self, other):
        if not isinstance(other, Key):
            return NotImplemented
        return (self.a, self.b) == (other.a, other.b)

    def __hash__(self):
        return hash((self.a, self.b))

    def __repr__(self):
        return f"Key({self.a}, {self.b})"


k1, k2, k3 = Key(1, 2), Key(1, 2), Key(2, 1)
print(k1 == k2, k1 == k3, k1 != k2, k1 is k2)
print(k1 == (1, 2), k1 != "x")
d = {k1: "first"}
d[k2] = "second"
d[k3] = "third"
print(len(d), d[Key(1, 2)], d)
print(Key(2, 1) in {k1, k3}, len({k1, k2, k3}))


class EqOnly:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, EqOnly) and self.v == other.v


print(EqOnly(1) == EqOnly(1), EqOnly(1) == EqOnly(2))
try:
    {EqOnly(1): 1}
except TypeError as e:
    print(type(e).__name__, e)
print(EqOnly.__hash__ is None)


class Plain:
    pass


p = Plain()
print(p == p, p == Plain(), p != Plain())
print({p: 1}[p])
print(len({Plain(), Plain()}))
print([Key(1, 2)].index(k2), [k3, k1].count(Key(1, 2)))
print(Key(5, 5) in [k1, k2, k3])
