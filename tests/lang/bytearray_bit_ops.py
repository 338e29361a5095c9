# Bit manipulation over bytearrays: set/clear/test bits, XOR masks, rotations and popcounts.
bits = bytearray(4)


def set_bit(buf, n):
    buf[n // 8] |= 0x80 >> (n % 8)


def clear_bit(buf, n):
    buf[n // 8] &= ~(0x80 >> (n % 8)) & 0xFF


def test_bit(buf, n):
    return bool(buf[n // 8] & (0x80 >> (n % 8)))


for n in (0, 3, 7, 8, 15, 31):
    set_bit(bits, n)
print(bits.hex(), [n for n in range(32) if test_bit(bits, n)])
clear_bit(bits, 3)
clear_bit(bits, 31)
print(bits.hex(), sum(bin(b).count("1") for b in bits))
mask = bytes([0xFF, 0x00, 0xAA, 0x55])
xored = bytearray(a ^ b for a, b in zip(bits, mask))
print(xored.hex(), bytes(a ^ b for a, b in zip(xored, mask)) == bits)
inverted = bytearray(~b & 0xFF for b in bits)
print(inverted.hex(), bytes(a & b for a, b in zip(bits, inverted)) == bytes(4))


def rotate_left(buf, k):
    n = int.from_bytes(buf, "big")
    width = len(buf) * 8
    k %= width
    n = ((n << k) | (n >> (width - k))) & ((1 << width) - 1)
    return bytearray(n.to_bytes(len(buf), "big"))


for k in (0, 1, 4, 8, 31, 32):
    print(k, rotate_left(bytearray(b"\x81\x00\x00\x01"), k).hex())
swapped = bytearray(((b & 0x0F) << 4) | (b >> 4) for b in b"\x12\x34\xab")
print(swapped.hex(), bytes(reversed(b"\x12\x34")).hex())
parity = 0
for b in b"kernel":
    parity ^= b
print(hex(parity), bin(parity).count("1") % 2)
