# Method and class attribute lookups are cached per class: replacing, deleting or moving them must show at once.
class Base:
    def who(self):
        return "Base.who"

    kind = "base kind"


class Mid(Base):
    pass


class Leaf(Mid):
    def who(self):
        return "Leaf.who"


def call_who(o):
    return o.who()


def read_kind(o):
    return o.kind


leaf = Leaf()
print(call_who(leaf), read_kind(leaf))
Leaf.who = lambda self: "replaced"      # replaced after first call
print(call_who(leaf))
del Leaf.who                            # now found further up the chain
print(call_who(leaf))
Mid.who = lambda self: "Mid.who"        # added to a base in between
print(call_who(leaf))
del Mid.who
del Base.who
try:
    call_who(leaf)
except AttributeError as e:
    print(type(e).__name__, e)
Base.who = lambda self: "Base again"
print(call_who(leaf), call_who(Base()))
Mid.kind = "mid kind"
print(read_kind(leaf), read_kind(Base()))
setattr(Mid, "kind", "set by setattr")
print(read_kind(leaf))
delattr(Mid, "kind")
print(read_kind(leaf))
Base.who = staticmethod(lambda: "static")
print(call_who(leaf))
Base.who = classmethod(lambda cls: "class " + cls.__name__)
print(call_who(leaf))


def make_class(n):                      # classes made and dropped: new ones may reuse old addresses
    class C:
        def val(self):
            return n
    return C()


print(sum(make_class(i).val() for i in range(300)))
print([call_who(x) for x in (leaf, Mid(), Base())])
try:
    int.who = 1
except TypeError as e:
    print(type(e).__name__)
print("abc".upper(), (5).bit_length(), [1].copy())


class Counter:
    count = 0

    def bump(self):
        Counter.count += 1              # class attribute rebound on every call
        return self.count


c = Counter()
print([c.bump() for _ in range(3)], Counter.count)
