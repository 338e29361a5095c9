"""x[a:b] loads and stores on every builtin sequence and on user classes that keep the slice they get."""
class Keeper:
    def __init__(self):
        self.kept = []
    def __getitem__(self, k):
        self.kept.append(k)
        return (k.start, k.stop, k.step)
    def __setitem__(self, k, v):
        self.kept.append((k, v))
k = Keeper()
print(k[1:2], k[:3], k[4:], k[:])
k[5:6] = "x"
print(k.kept[0].start, k.kept[0].stop, k.kept[4][0].start, k.kept[4][1])
print([s.start for s in k.kept[:4]])
lst = list(range(10))
print(lst[2:5], lst[-3:], lst[:-8], lst[7:2], lst[None:2])
lst[2:5] = ["a"]
print(lst)
lst[:0] = (1, 2)
print(lst)
t = tuple(range(6))
print(t[1:3], t[4:100], "hello"[1:4], "hello"[-2:], b"bytes"[1:3])
ba = bytearray(b"0123456789")
print(ba[3:6], memoryview(ba)[2:4].tobytes())
ba[0:2] = b"xyz"
print(ba)
mv = memoryview(ba)
mv[0:3] = b"ABC"
print(ba, bytes(mv[-2:]))
class Idx:
    def __index__(self):
        return 2
print(lst[Idx():4], "abcdef"[1:Idx()])
try:
    (1, 2)[0:1] = (3,)
except TypeError as e:
    print("TypeError", e)
try:
    mv[0:2] = b"toolong"
except ValueError as e:
    print("ValueError")
try:
    lst["a":2]
except TypeError as e:
    print("TypeError", e)
d = {}
try:
    d[1:2]
except TypeError as e:
    print("TypeError", type(e).__name__)
