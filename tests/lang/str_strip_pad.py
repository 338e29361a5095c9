# strip/lstrip/rstrip with and without chars; center/ljust/rjust/zfill; expandtabs.
samples = ["  both  ", "\t\n mixed \r\n", "xxhixx", "", "   ", "no-space"]
for s in samples:
    print(repr(s.strip()), repr(s.lstrip()), repr(s.rstrip()), repr(s.strip("x")))
print("www.example.com".strip("cmowz."), "<<tag>>".strip("<>"), "abcba".strip("ab"))
print("0000123".lstrip("0"), "1.2300".rstrip("0").rstrip("."), "xyz".strip(""))
print(repr("ab".center(7)), repr("ab".center(7, "*")), repr("abc".center(6, "-")), repr("abc".center(2)))
print(repr("ab".ljust(5)), repr("ab".rjust(5, ".")), repr("long".ljust(2)))
print("42".zfill(6), "-42".zfill(6), "+42".zfill(6), "abc".zfill(5), "12345".zfill(3), "".zfill(2))
print(repr("a\tb\tc".expandtabs()), repr("a\tb".expandtabs(4)), repr("ab\tcd\t".expandtabs(3)))
print("é".center(5, "ü"), "€".rjust(3, "-"))
try:
    "x".center(5, "ab")
except TypeError as e:
    print(type(e).__name__, e)
print("prefix_name".removeprefix("prefix_"), "name.py".removesuffix(".py"), "x".removeprefix("y"))
table = [("eth0", 1500), ("wlan0", 1500), ("lo", 65536)]
for name, mtu in table:
    print("|" + name.ljust(8) + "|" + str(mtu).rjust(7) + "|" + name.center(9, ".") + "|")
print(" \u00a0x\u00a0 ".strip() == "x", "\u2003em\u2003".strip())
