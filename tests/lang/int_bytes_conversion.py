# int.from_bytes and int.to_bytes with both byte orders, signedness and errors.
print(int.from_bytes(b"\x01\x00", "big"), int.from_bytes(b"\x01\x00", "little"))
print(int.from_bytes(b"\xff\xff", "big"), int.from_bytes(b"\xff\xff", "big", signed=True))
print(int.from_bytes(b"", "big"), int.from_bytes(b"\x00" * 10 + b"\x01", "big"))
print(int.from_bytes(bytes(range(1, 17)), "big"), int.from_bytes(bytes(range(1, 17)), "little"))
print(int.from_bytes(b"\x80" + b"\x00" * 15, "big", signed=True))
print(int.from_bytes(bytearray(b"\x12\x34"), "big"), int.from_bytes([1, 2, 3], "little"))
print(int.from_bytes(memoryview(b"\xc0\xa8\x01\x01"), "big"))
print((1024).to_bytes(2, "big"), (1024).to_bytes(2, "little"), (0).to_bytes(3, "big"))
print((-1).to_bytes(4, "big", signed=True), (-129).to_bytes(2, "little", signed=True))
print((2 ** 64 - 1).to_bytes(8, "big"), (2 ** 100).to_bytes(13, "big").hex())
print((255).to_bytes(1, "big"), (0xC0A80101).to_bytes(4, "big"), (5).to_bytes(0 + 1, byteorder="big"))
for value, length, signed in ((256, 1, False), (-1, 4, False), (128, 1, True), (-129, 1, True)):
    try:
        print(value.to_bytes(length, "big", signed=signed))
    except OverflowError as e:
        print(type(e).__name__, e)
try:
    (1).to_bytes(2, "middle")
except ValueError as e:
    print(type(e).__name__, e)
for n in (0, 1, 255, 256, 65535, 2 ** 32 + 5, 2 ** 200 - 3):
    length = max(1, (n.bit_length() + 7) // 8)
    raw = n.to_bytes(length, "big")
    print(n, length, raw.hex(), int.from_bytes(raw, "big") == n, int.from_bytes(raw[::-1], "little") == n)
for n in (-1, -128, -129, 127, -(2 ** 63)):
    raw = n.to_bytes(8, "little", signed=True)
    print(n, raw.hex(), int.from_bytes(raw, "little", signed=True))
print(int.from_bytes(b"\x01\x02", byteorder="big"), (258).to_bytes(length=2, byteorder="little"))
