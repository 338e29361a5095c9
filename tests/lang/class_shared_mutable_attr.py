# Class attributes are shared: mutable class attributes, instance shadowing, counters.
class Registry:
    items = []
    count = 0

    def __init__(self, name):
        self.name = name
        self.items.append(name)
        Registry.count += 1
        self.count = Registry.count


a = Registry("a")
b = Registry("b")
print(Registry.items, a.items is b.items, a.count, b.count, Registry.count)
a.items = ["own"]
print(a.items, b.items, Registry.items)
del a.items
print(a.items)


class Better:
    def __init__(self, name):
        self.name = name
        self.items = [name]


x, y = Better("x"), Better("y")
x.items.append(1)
print(x.items, y.items)


class Sub(Registry):
    count = 100


s = Sub("sub")
print(s.count, Sub.count, Registry.count, Registry.items)
Registry.items.clear()
print(Sub.items, b.items)


class Config:
    defaults = {"mtu": 1500}

    def get(self, key):
        return self.defaults.get(key)


c1, c2 = Config(), Config()
c1.defaults["mtu"] = 9000
print(c2.get("mtu"))
c1.defaults = {"mtu": 576}
print(c1.get("mtu"), c2.get("mtu"), Config.defaults)
Config.extra = "added later"
print(c1.extra, hasattr(c2, "extra"))
