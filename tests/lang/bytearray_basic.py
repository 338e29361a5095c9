# bytearray: mutable bytes with item and slice assignment, growth and shrinking.
ba = bytearray(b"hello")
ba[0] = ord("J")
print(ba, len(ba), ba[0], ba[-1])
ba[1:3] = b"EE"
print(ba)
ba[5:] = b" world"
print(ba, len(ba))
ba[0:5] = b"Hi"
print(ba)
del ba[0]
del ba[-6:]
print(ba)
ba.append(33)
ba.extend(b"!!")
ba.extend([63, 63])
print(ba)
ba.insert(0, 62)
print(ba, ba.pop(), ba.pop(0), ba)
ba.remove(ord("!"))
print(ba)
print(bytearray(4), bytearray([1, 2, 3]), bytearray(b"x" * 3), bytearray("é", "utf-8"), bytearray())
b2 = bytearray(range(10))
b2[::2] = b"\xff" * 5
print(b2)
del b2[::3]
print(b2)
b2[2:2] = b"ins"
print(b2, bytes(b2))
for bad in (256, -1):
    try:
        b2[0] = bad
    except ValueError as e:
        print(type(e).__name__, e)
try:
    b2.remove(200)
except ValueError as e:
    print(type(e).__name__, e)
try:
    bytearray().pop()
except IndexError as e:
    print(type(e).__name__, e)
try:
    b2[::2] = b"ab"
except ValueError as e:
    print(type(e).__name__, e)
c = bytearray(b"abc")
d = c
c += b"def"
print(c, d is c, c * 2, c == b"abcdef", b"abcdef" == c)
c[:] = b""
print(c, len(c), d)
print(bytearray(b"abc") < bytearray(b"abd"), bytearray(b"z") > b"a", bytearray(b"ab") + b"cd")
print(type(bytearray(b"ab") + b"cd").__name__, type(b"cd" + bytearray(b"ab")).__name__)
