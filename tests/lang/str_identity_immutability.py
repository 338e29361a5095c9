# str values are immutable: methods return new strings; concatenation builds new objects.
s = "kernel"
t = s.upper()
print(s, t, s is not t, s == "kernel")
u = s
s += " panic"
print(s, u, u == "kernel")
original = "abc"
copy = original[:]
print(copy == original, copy + "" == original, original * 1 == original)
parts = ["a", "b", "c"]
joined = "".join(parts)
parts.append("d")
print(joined, "".join(parts))
for method in ("strip", "lower", "upper", "title", "swapcase"):
    value = "  MiXed Case  "
    result = getattr(value, method)()
    print(method, repr(result), repr(value))
try:
    s.append("x")
except AttributeError as e:
    print(type(e).__name__, e)
try:
    s[0] = "K"
except TypeError as e:
    print(type(e).__name__, e)
try:
    del s[0]
except TypeError as e:
    print(type(e).__name__, e)
fixed = "K" + s[1:]
print(fixed, s)
chars = list(s)
chars[0] = "C"
print("".join(chars), s)
d = {"kernel": 1}
key = "ker" + "nel"
print(d[key], key in d, {"a" + "b": 1} == {"ab": 1})
seen = set()
for w in "a b a c b a".split():
    seen.add(w)
print(sorted(seen), len(seen))
print(str(s) == s, str.upper(s), str.join("-", ["x", "y"]), str.split("a,b", ","))
counts = [len(x) for x in ("", "a", "ab", "abc")]
print(counts, sum(counts), "".join(str(c) for c in counts))
