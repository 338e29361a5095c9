# dict views are live; iteration order; modifying during iteration raises RuntimeError.
d = {"a": 1, "b": 2, "c": 3}
keys, values, items = d.keys(), d.values(), d.items()
print(keys, values, items)
d["d"] = 4
print(list(keys), list(values), len(items), "d" in keys, ("d", 4) in items, 4 in values)
del d["a"]
print(list(keys), list(items))
print(type(keys).__name__, type(values).__name__, type(items).__name__)
for k in d:
    print("key", k, d[k])
for k, v in d.items():
    print("item", k, v)
for v in d.values():
    print("value", v)
print(sorted(keys & {"b", "x"}), sorted(keys | {"z"}), sorted(keys - {"b"}))
print(list(reversed(d)), list(reversed(d.values())), list(reversed(d.items())))
try:
    for k in d:
        d["new" + k] = 0
except RuntimeError as e:
    print(type(e).__name__, e)
print(d)
for k in list(d):
    if k.startswith("new"):
        del d[k]
print(d)
try:
    for k in d:
        del d[k]
except RuntimeError as e:
    print(type(e).__name__, e)
print(d)
counts = {}
for word in "the cat and the hat and the bat".split():
    counts[word] = counts.get(word, 0) + 1
print(counts)
print(max(counts, key=counts.get), sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
inverted = {}
for k, v in counts.items():
    inverted.setdefault(v, []).append(k)
print(inverted)
print(list(enumerate(counts)), dict(enumerate("ab")))
print(sum(counts.values()), min(counts), len(counts.keys()))
