# del on names, list items, slices, dict keys, attributes, and several targets at once.
x = 5
del x
try:
    print(x)
except NameError as e:
    print(type(e).__name__, e)
items = list(range(10))
del items[0]
del items[-1]
print(items)
del items[2:4], items[0]
print(items)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
try:
    del d["zz"]
except KeyError as e:
    print(type(e).__name__, e)


class Obj:
    pass


o = Obj()
o.a = 1
o.b = 2
del o.a
print(hasattr(o, "a"), o.b)
try:
    del o.a
except AttributeError as e:
    print(type(e).__name__, e)
a, b, c = 1, 2, 3
del a, b
print(c, "a" in globals(), "b" in globals())
nested = {"k": [1, 2, {"inner": 3}]}
del nested["k"][2]["inner"]
del nested["k"][0]
print(nested)
try:
    del items[100]
except IndexError as e:
    print(type(e).__name__, e)
try:
    t = (1, 2)
    del t[0]
except TypeError as e:
    print(type(e).__name__, e)
try:
    s = "abc"
    del s[0]
except TypeError as e:
    print(type(e).__name__, e)


def local_del():
    v = [1]
    w = v
    del v
    return w


print(local_del())
