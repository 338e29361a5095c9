# @staticmethod and @classmethod called on the class, on instances and on subclasses.
class Address:
    family = "inet"
    created = 0

    def __init__(self, octets):
        self.octets = tuple(octets)
        Address.created += 1

    @staticmethod
    def valid_octet(n):
        return 0 <= n <= 255

    @classmethod
    def parse(cls, text):
        parts = [int(p) for p in text.split(".")]
        if len(parts) != 4 or not all(cls.valid_octet(p) for p in parts):
            raise ValueError(f"bad address {text!r}")
        return cls(parts)

    @classmethod
    def describe_family(cls):
        return f"{cls.__name__}:{cls.family}"

    def __str__(self):
        return ".".join(str(o) for o in self.octets)


class Address6(Address):
    family = "inet6"


print(Address.valid_octet(255), Address.valid_octet(256))
a = Address.parse("192.168.1.10")
print(a, type(a).__name__)
print(a.valid_octet(-1), a.describe_family())
print(Address6.describe_family(), Address6.parse("10.0.0.1").describe_family())
print(type(Address6.parse("1.2.3.4")).__name__)
for text in ("1.2.3", "1.2.3.999", "a.b.c.d"):
    try:
        Address.parse(text)
    except ValueError as e:
        print(type(e).__name__, e)
print(Address.created)
f = Address.parse
print(f("8.8.8.8"))
g = Address.valid_octet
print(g(7))
