# memoryview slices share memory with the underlying bytearray: writes go both ways.
buf = bytearray(b"0123456789")
mv = memoryview(buf)
print(len(mv), mv[0], mv[-1], mv.readonly, mv.nbytes, mv.itemsize, mv.format)
part = mv[2:6]
print(bytes(part), part.tobytes(), len(part))
part[0] = ord("X")
print(buf)
buf[3] = ord("Y")
print(part.tobytes(), part[1])
part[1:3] = b"ab"
print(buf)
stepped = mv[::2]
print(stepped.tobytes(), len(stepped))
stepped[0] = ord("!")
print(buf)
nested = mv[1:9][2:5][1:]
print(nested.tobytes())
nested[0] = ord("#")
print(buf)
print(mv.tolist()[:4], list(mv[7:]))
print(mv[::-1].tobytes(), bytes(mv[8:2:-2]))
print(mv == buf, mv[0:3] == b"0!2", mv[:2] == mv[:2])
ro = memoryview(b"readonly")
print(ro.readonly, ro[0:4].tobytes(), ro[1])
try:
    ro[0] = 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    mv[0:2] = b"abc"
except ValueError as e:
    print(type(e).__name__, e)
try:
    mv[100]
except IndexError as e:
    print(type(e).__name__, e)
try:
    mv[0] = 300
except ValueError as e:
    print(type(e).__name__, e)
print(bytes(memoryview(bytearray(3))), memoryview(b"ab").hex(), bytearray(mv[:3]))
view_of_view = memoryview(mv[4:])
view_of_view[0] = ord("Z")
print(buf.decode())
print(b"".join([mv[0:2], mv[5:7]]), bytes(mv[0:2]) + b"!")
