# __format__ on user classes: format(), f-strings and str.format pass the spec through.
class Addr:
    def __init__(self, octets):
        self.octets = octets

    def __format__(self, spec):
        if spec == "hex":
            return "".join(f"{o:02x}" for o in self.octets)
        if spec == "int":
            return str(int.from_bytes(bytes(self.octets), "big"))
        text = ".".join(map(str, self.octets))
        return format(text, spec)

    def __str__(self):
        return "Addr<" + ".".join(map(str, self.octets)) + ">"


a = Addr([192, 168, 0, 1])
print(format(a), format(a, "hex"), format(a, "int"), format(a, ">18"), format(a, "*<16"))
print(f"{a} {a:hex} {a:int} [{a:^17}] {a!s}")
print("{} {:hex} {:>20}".format(a, a, a))
print("%s" % a, str(a), f"{str(a):>14}")


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __format__(self, spec):
        value = self.cents / 100
        return f"${value:{spec or '.2f'}}"


for m in (Money(0), Money(12345), Money(-50)):
    print(f"{m}", f"{m:,.2f}", f"{m:10.1f}", "{:.0f}".format(m))


class Plain:
    def __repr__(self):
        return "Plain()"


print(f"{Plain()}", format(Plain()), "{}".format(Plain()))
try:
    format(Plain(), "x")
except TypeError as e:
    print(type(e).__name__, e)
