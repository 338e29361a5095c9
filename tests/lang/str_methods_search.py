# Searching: find/rfind/index/rindex/count/startswith/endswith/in, with start/end bounds.
s = "the quick brown fox jumps over the lazy dog"
print(s.find("the"), s.find("the", 1), s.rfind("the"), s.find("cat"), s.find(""), s.rfind(""))
print(s.index("fox"), s.rindex("o"), s.count("o"), s.count("the"), s.count(""), s.count("o", 20))
print(s.find("o", 15, 30), s.find("o", -10), s.rfind("o", 0, 20), s.count("o", 0, -5))
print(s.startswith("the"), s.startswith("quick", 4), s.endswith("dog"), s.endswith("lazy", 0, -4))
print(s.startswith(("a", "t")), s.endswith(("cat", "dog")), s.startswith(""), "".startswith(""))
print("fox" in s, "cat" not in s, "" in s, " " in s)
try:
    s.index("cat")
except ValueError as e:
    print(type(e).__name__, e)
try:
    s.rindex("zz")
except ValueError as e:
    print(type(e).__name__, e)
u = "αβγαβγ€€"
print(u.find("γ"), u.rfind("β"), u.count("αβ"), u.index("€"), "€" in u, u.find("β", 2))
print("aaaa".count("aa"), "aaaa".find("aa", 1), "abab".rfind("ab", 0, 3))
print("x".find("x", 5), "x".find("", 1), "x".find("", 2), "abc".rfind("", 1))
path = "/usr/local/lib/python3.11/site.py"
slash = path.rfind("/")
print(path[:slash], path[slash + 1:], path[path.rfind(".") + 1:])
positions = []
start = 0
while True:
    i = s.find("o", start)
    if i < 0:
        break
    positions.append(i)
    start = i + 1
print(positions, len(positions) == s.count("o"))
try:
    s.startswith(["the"])
except TypeError as e:
    print(type(e).__name__, e)
print("Hello".find("l", -2), "Hello".count("l", -100, 100))
