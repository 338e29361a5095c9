# memoryview slicing and conversion rules: lengths, steps, release, casting to bytes and lists.
data = bytes(range(20))
mv = memoryview(data)
for sl in (slice(0, 5), slice(5, None), slice(None, None, 3), slice(-4, None), slice(15, 5, -2), slice(7, 7)):
    part = mv[sl]
    print(sl.start, sl.stop, sl.step, len(part), part.tobytes() == data[sl], part.tolist())
print(mv[3], mv[-1], type(mv[3]).__name__, type(mv[1:2]).__name__)
print(list(mv[:5]), sum(mv), max(mv), 5 in mv, 99 in mv)
for x in mv[17:]:
    print("iter", x)
print(bytes(mv) == data, bytearray(mv[2:4]), mv.tobytes()[:3])
print(memoryview(b"").tobytes(), len(memoryview(bytearray())))
ba = bytearray(b"abcdef")
m2 = memoryview(ba)
print(m2[1:5].tobytes().upper(), str(m2[0:3], "ascii"), m2[2:4].hex())
m2.release()
try:
    m2[0]
except ValueError as e:
    print(type(e).__name__, e)
with memoryview(bytearray(b"ctx")) as m3:
    print(m3.tobytes())
try:
    len(m3)
except ValueError as e:
    print(type(e).__name__)
try:
    memoryview("text")
except TypeError as e:
    print(type(e).__name__, e)
try:
    mv[1:3] = b"xy"
except TypeError as e:
    print(type(e).__name__, e)
print(memoryview(b"abc") == memoryview(b"abc"), memoryview(b"abc") == b"abd")
count = 0
view = memoryview(bytearray(1460))
for off in range(0, 1460, 365):
    chunk = view[off:off + 365]
    chunk[0] = off // 365 + 1
    count += len(chunk)
print(count, view[0], view[365], view[730], view[1095])
