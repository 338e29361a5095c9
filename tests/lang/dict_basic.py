# dict: insertion order, update, overwrite keeps position, delete and re-insert moves to end.
d = {"eth0": 1, "lo": 2, "wlan0": 3}
print(d, len(d), list(d), list(d.values()), list(d.items()))
d["lo"] = 20
print(d)
del d["eth0"]
d["eth0"] = 100
print(d)
d.update({"tap0": 5, "lo": 200})
d.update(br0=7)
d.update([("veth", 8)])
print(d)
print(d["tap0"], d.get("nope"), d.get("nope", "default"), "lo" in d, "zz" not in d)
print(d.pop("veth"), d.pop("nope", None), d)
try:
    d.pop("nope")
except KeyError as e:
    print(type(e).__name__, e)
print(d.setdefault("lo", 0), d.setdefault("new", []), d)
d["new"].append(1)
print(d["new"])
print(d.popitem(), d.popitem(), d)
print(dict(), dict(a=1, b=2), dict([("x", 1), ("y", 2)]), dict({"z": 0}, w=1), dict(zip("ab", range(2))))
print(dict.fromkeys(["a", "b"]), dict.fromkeys("xy", 0))
e = d.copy()
e["copied"] = True
print(len(d), len(e), e == d, d == dict(d))
d.clear()
print(d, len(d), bool(d))
keys = {1: "int", (1, 2): "tuple", None: "none", "s": "str", 2.5: "float", True: "bool-overwrites-1"}
print(keys)
try:
    {[1]: 1}
except TypeError as e:
    print(type(e).__name__, e)
try:
    dict([("a", 1, 2)])
except ValueError as e:
    print(type(e).__name__, e)
print({"a": 1} == {"a": 1.0}, {"a": 1, "b": 2} == {"b": 2, "a": 1}, {"a": 1} != {"a": 2})
print({**{"a": 1}, "b": 2} | {"c": 3}, {"a": 1} | {"a": 2})
m = {"a": 1}
m |= {"b": 2}
print(m)
