# List slicing with positive and negative steps and out-of-range bounds.
a = list(range(10))
print(a[2:5], a[:3], a[7:], a[:], a[-3:], a[:-7])
print(a[::2], a[1::2], a[::3], a[::-1], a[::-2])
print(a[8:2:-1], a[8:2:-3], a[2:8:-1], a[-1:-4:-1])
print(a[100:], a[-100:3], a[3:100:4], a[5:2], a[-1::-4])
print(a[::100], a[::-100])
b = a[:]
print(b == a, b is a)
try:
    a[::0]
except ValueError as e:
    print(type(e).__name__, e)
for start in (None, -12, -1, 0, 4, 12):
    for step in (1, -1, 3, -3):
        print(start, step, a[start::step])
s = slice(1, 8, 2)
print(a[s], s.start, s.stop, s.step)
print(slice(3).indices(10), slice(-3, None).indices(10), slice(None, None, -1).indices(5))
print(slice(2, 100, 3).indices(10))
print(repr(slice(1, 2)), slice(1, 2) == slice(1, 2))
