# enumerate and zip edge cases: start values, unequal lengths, unzipping, strict-like checks.
print(list(enumerate([])), list(enumerate("a", -5)), list(enumerate(range(3), 2 ** 70)))
print(list(zip([1, 2, 3], "ab")), list(zip([], [1])), list(zip(range(3))), list(zip(*[])))
names = ["eth0", "lo", "wlan0"]
mtus = [1500, 65536]
print(dict(zip(names, mtus)), len(list(zip(names, mtus))))
matrix = [(1, 2, 3), (4, 5, 6)]
cols = list(zip(*matrix))
print(cols, list(zip(*cols)) == matrix)
for i, (name, mtu) in enumerate(zip(names, mtus), start=1):
    print(i, name, mtu)
it = iter(range(10))
print(list(zip(it, it, it)), list(it))
e = enumerate("xyz")
print(next(e), list(e))
pairs = list(zip("abc", range(3), [True, False, None]))
print(pairs, [p[2] for p in pairs])
letters, numbers = zip(*[("a", 1), ("b", 2)])
print(letters, numbers)


def lengths_match(*seqs):
    return len({len(s) for s in seqs}) <= 1


print(lengths_match(names, mtus), lengths_match(names, names), lengths_match())
try:
    enumerate(5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    zip([1], 2)
except TypeError as e:
    print(type(e).__name__, e)
print([(i, c) for i, c in enumerate("héllo") if not c.isascii()])
