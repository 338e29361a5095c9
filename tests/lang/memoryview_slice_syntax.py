# view[a:b] and view[a:b] = data written out (the interpreter's own paths for them): clamped and negative
# bounds, None, views of views, read-only and released views, sources of every buffer kind, overlap.
data = bytearray(range(32))
mv = memoryview(data)
n = len(mv)
for a, b in ((0, 5), (5, None), (None, 7), (-4, None), (-40, 3), (10, 99), (20, 10), (-3, -1), (7, 7), (None, None)):
    part = mv[a:b]
    print(a, b, len(part), part.tobytes() == bytes(data[a:b]), part.readonly)
inner = mv[4:20][2:-3][1:]
print(len(inner), inner[0], inner[-1], inner.tolist()[:3])
lo, hi = 3, 9
print(mv[lo:hi].hex(), mv[hi:lo].tobytes(), mv[lo - n:hi].tobytes() == mv[lo:hi].tobytes())
big = 1 << 70
print(mv[-big:big].nbytes, mv[:-big].nbytes)
ro = memoryview(bytes(range(10)))
print(ro[2:5].readonly, ro[2:5].tolist())
try:
    ro[0:2] = b"ab"
except TypeError as e:
    print("readonly", type(e).__name__)
buf = bytearray(16)
out = memoryview(buf)
out[0:4] = b"abcd"
out[4:8] = bytearray(b"efgh")
out[8:12] = memoryview(b"ijkl")
out[12:] = mv[1:5]
print(bytes(buf))
out[2:6] = out[0:4]                     # overlapping: as if copied first
print(bytes(buf[:8]))
out[-4:] = b"WXYZ"
out[3:3] = b""
print(bytes(buf[-6:]))
for bad in (b"toolong", b"", bytearray(b"x")):
    try:
        out[0:2] = bad
    except ValueError as e:
        print("size", len(bad), type(e).__name__)
try:
    out[0:2] = [1, 2]
except TypeError as e:
    print("list", type(e).__name__)
stepped = mv[::2]
out[0:16] = stepped
print(bytes(buf[:6]))
try:
    out["a":2] = b"xy"
except TypeError as e:
    print("index", type(e).__name__)
dead = memoryview(bytearray(8))
dead.release()
for action in ("read", "write"):
    try:
        if action == "read":
            dead[0:2]
        else:
            dead[0:2] = b"ab"
    except ValueError as e:
        print(action, "released", type(e).__name__)
src = memoryview(bytearray(b"0123456789"))
src_view = src[2:6]
src.release()
print("sub-view outlives", src_view.tobytes())
