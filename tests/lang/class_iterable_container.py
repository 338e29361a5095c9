# A container class supporting len, iteration, reversed, indexing, containment and equality.
class Ring:
    def __init__(self, items):
        self.items = list(items)
        self.offset = 0

    def rotate(self, n=1):
        self.offset = (self.offset + n) % len(self.items)
        return self

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        if not -len(self) <= i < len(self):
            raise IndexError("ring index out of range")
        return self.items[(self.offset + i) % len(self.items)]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __reversed__(self):
        for i in range(len(self) - 1, -1, -1):
            yield self[i]

    def __contains__(self, x):
        return x in self.items

    def __eq__(self, other):
        return isinstance(other, Ring) and list(self) == list(other)

    def __repr__(self):
        return f"Ring({list(self)})"


r = Ring("abcde")
print(r, len(r), r[0], r[-1], list(reversed(r)), "c" in r, "z" in r)
r.rotate(2)
print(r, r[0], r[-1], list(reversed(r)), sorted(r), "".join(r))
print(r == Ring("cdeab"), r == Ring("abcde"), r != Ring("cdeab"), r == "cdeab")
print(list(enumerate(r.rotate(-1))), max(r), min(r), dict(zip(r, range(5))))
try:
    r[5]
except IndexError as e:
    print(type(e).__name__, e)
a, b, *rest = r
print(a, b, rest)
print([x for x in r if x in "aeiou"], list(map(str.upper, r)), tuple(r))
