# Rich comparisons: __lt__ and friends, reflected fallbacks, sorting, and NotImplemented.
class Version:
    def __init__(self, text):
        self.parts = tuple(int(p) for p in text.split("."))

    def __lt__(self, other):
        return self.parts < other.parts

    def __le__(self, other):
        return self.parts <= other.parts

    def __eq__(self, other):
        return isinstance(other, Version) and self.parts == other.parts

    def __repr__(self):
        return "v" + ".".join(map(str, self.parts))


vs = [Version(t) for t in ("1.10", "1.2", "0.9.9", "1.2.0", "1.2")]
print(sorted(vs))
print(max(vs), min(vs))
a, b = Version("2.0"), Version("10.0")
print(a < b, a > b, a <= b, a >= b, a == b, a != b)
print(Version("1.0") == Version("1.0"), Version("1.0") != Version("1.0"))
print(sorted(vs, reverse=True))


class OnlyLt:
    def __init__(self, n):
        self.n = n

    def __lt__(self, other):
        return self.n < other.n


print(OnlyLt(1) < OnlyLt(2), OnlyLt(1) > OnlyLt(2))
try:
    OnlyLt(1) <= OnlyLt(2)
except TypeError as e:
    print(type(e).__name__, e)
try:
    Version("1.0") < 5
except (TypeError, AttributeError) as e:
    print(type(e).__name__)
try:
    sorted([OnlyLt(1), 3])
except (TypeError, AttributeError) as e:
    print(type(e).__name__)
print([o.n for o in sorted([OnlyLt(3), OnlyLt(1), OnlyLt(2)])])
