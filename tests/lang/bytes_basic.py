# bytes: construction, indexing gives ints, immutability, concatenation and comparison.
print(b"abc", b"", bytes(3), bytes([65, 66, 67]), bytes(range(5)), bytes(b"copy"), bytes("é", "utf-8"))
b = b"\x00\x7f\x80\xff hello\n\t\\'\""
print(b, len(b), b[0], b[3], b[-1], type(b[0]).__name__)
print(list(b"AB"), tuple(b"\x01\x02"), b"abc"[::-1], b"abc" + b"def", b"ab" * 3)
print(b"abc" == b"abc", b"abc" < b"abd", b"ab" < b"abc", b"\xff" > b"\x00\xff", b"a" == "a")
print(65 in b"ABC", b"BC" in b"ABC", b"" in b"x", b"CB" in b"ABC")
try:
    b[0] = 1
except TypeError as e:
    print(type(e).__name__, e)
for bad in ([256], [-1], ["a"], 1.5):
    try:
        bytes(bad)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
try:
    bytes("text")
except TypeError as e:
    print(type(e).__name__, e)
try:
    b"abc" + "def"
except TypeError as e:
    print(type(e).__name__, e)
try:
    b"abc"[10]
except IndexError as e:
    print(type(e).__name__, e)
print(bytes.fromhex("de ad be ef"), bytes.fromhex(""), b"\xde\xad".hex(), b"\x01\x02\x03".hex(":"))
print(b"abc".hex(), bytes(4).hex(), b"\xff\x00".hex("-", 1))
try:
    bytes.fromhex("zz")
except ValueError as e:
    print(type(e).__name__, e)
print(str(b"x"), repr(b"'"), repr(b'"'), repr(b"'\""), repr(bytes([7, 8, 13, 27])))
print(bytes(b"%d" % 5), b"a,b".split(b","), b"-".join([b"x", b"y"]))
print(max(b"hello"), min(b"hello"), sum(b"\x01\x02\x03"), sorted(b"cab"))
print(b"A" + bytes([0x42]) + b"C" == b"ABC", bytes(2) == b"\x00\x00")
total = 0
for byte in b"\x10\x20\x30":
    total += byte
print(total, [hex(x) for x in b"\xca\xfe"])
