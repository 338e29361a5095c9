# bytearray methods shared with bytes, plus reverse/clear/copy/hex/fromhex.
ba = bytearray(b"  Network Stack  ")
print(ba.strip(), ba.upper(), ba.lower(), ba.find(b"Stack"), ba.count(b" "), ba.replace(b" ", b"_"))
print(ba.split(), ba.startswith(b"  N"), ba.endswith(b"  "), ba.index(b"w"), ba.rfind(b"k"))
print(type(ba.strip()).__name__, type(ba.split()[0]).__name__)
r = bytearray(b"12345")
r.reverse()
print(r)
cp = r.copy()
cp[0] = 48
print(r, cp, cp is r)
r.clear()
print(r, len(r))
print(bytearray.fromhex("00 ff 10"), bytearray(b"\x0a\x0b").hex(), bytearray(b"ab").decode())
buf = bytearray(16)
buf[0:4] = (0xDEADBEEF).to_bytes(4, "big")
buf[4:6] = (80).to_bytes(2, "little")
buf[15] = 0x7F
print(buf.hex(), int.from_bytes(buf[0:4], "big") == 0xDEADBEEF, buf[4] | buf[5] << 8)
frame = bytearray()
for chunk in (b"head", b"-", b"payload", b"-", b"tail"):
    frame += chunk
print(frame, frame.split(b"-"), frame.partition(b"-")[2])
frame[4:5] = b""
print(frame, frame.isalpha(), frame[:4].isupper())
print(bytearray(b"a,b").split(b","), bytearray(b"x").join([b"1", bytearray(b"2")]))
acc = bytearray()
for i in range(10):
    acc.append(i * 25)
print(list(acc), acc[3:7], max(acc), acc.find(bytes([75])))
try:
    acc.append(256)
except ValueError as e:
    print(type(e).__name__, e)
try:
    acc.extend([1, "x"])
except TypeError as e:
    print(type(e).__name__, e)
acc.extend(range(3))
print(len(acc), acc[-3:])
try:
    hash(acc)
except TypeError as e:
    print(type(e).__name__, e)
