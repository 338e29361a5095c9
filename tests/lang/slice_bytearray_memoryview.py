# Slice assignment and deletion on bytearray and memoryview, including steps and size changes.
ba = bytearray(b"0123456789")
ba[2:5] = b"ab"
print(ba)
ba[::3] = b"XYZ"
print(ba)
ba[-2:] = b""
print(ba)
del ba[1::2]
print(ba)
ba[len(ba):] = b"+end"
print(ba)
ba[0:0] = bytearray(b"<<")
print(ba)
ba[1:3] = [65, 66, 67]
print(ba)
try:
    ba[::2] = b"too short"
except ValueError as e:
    print(type(e).__name__, e)
mv = memoryview(bytearray(b"abcdefgh"))
mv[::2] = b"ACEG"
print(mv.tobytes())
mv[1:3] = mv[5:7]
print(mv.tobytes())
mv[-1:] = b"!"
print(mv.tobytes(), bytes(mv[::-3]))
try:
    mv[0:2] = b"xyz"
except ValueError as e:
    print(type(e).__name__, e)
try:
    del mv[0]
except TypeError as e:
    print(type(e).__name__, e)
src = bytearray(range(16))
src[4:12] = src[4:12][::-1]
print(list(src))
src[:] = src[8:] + src[:8]
print(list(src))
b = bytearray(5)
b[1:4] = (1, 2, 3)
print(b, bytes(b[1:4]))
