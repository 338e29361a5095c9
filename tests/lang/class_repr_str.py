# __repr__ and __str__: which one print, str(), repr(), f-strings and containers use.
class Both:
    def __init__(self, v):
        self.v = v

    def __repr__(self):
        return f"Both({self.v!r})"

    def __str__(self):
        return f"<{self.v}>"


class ReprOnly:
    def __repr__(self):
        return "ReprOnly()"


class StrOnly:
    def __str__(self):
        return "just str"


b = Both("x")
print(b)
print(str(b), repr(b))
print([b, Both(2)])
print((b,), {"k": b})
print(f"{b} {b!r} {b!s}")
print("%s %r" % (b, b))
print("{} {!r}".format(b, b))
r = ReprOnly()
print(r, str(r), [r])
s = StrOnly()
print(s, str(s))
print(type(repr(s)).__name__, repr(s).startswith("<"))


class Bad:
    def __repr__(self):
        return 42


try:
    repr(Bad())
except TypeError as e:
    print(type(e).__name__, e)


class Nested:
    def __init__(self, children):
        self.children = children

    def __repr__(self):
        return "Nested" + repr(self.children)


print(Nested([Nested([]), Nested([b])]))
print(str(Nested([1, "a"])))
