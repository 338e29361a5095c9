# Binary search and insertion into sorted lists written by hand; checked against linear scans.
def bisect_left(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a, x):
    lo, hi = 0, len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def insort(a, x):
    a.insert(bisect_right(a, x), x)


data = []
for v in (50, 10, 40, 10, 30, 20, 50, 0, 60):
    insort(data, v)
    print(v, data)
for probe in (-5, 0, 10, 15, 50, 55, 60, 99):
    left, right = bisect_left(data, probe), bisect_right(data, probe)
    linear = sum(1 for v in data if v < probe)
    print(probe, left, right, right - left, left == linear)
timeouts = [(5, "arp"), (12, "tcp-retx"), (30, "dhcp")]
keys = [t for t, _ in timeouts]
pos = bisect_left(keys, 20)
timeouts.insert(pos, (20, "keepalive"))
print(timeouts, [name for t, name in timeouts if t <= 12])
words = sorted("the quick brown fox jumps over the lazy dog".split())
print(words, bisect_left(words, "fox"), bisect_right(words, "the"), bisect_left(words, "zzz"))
