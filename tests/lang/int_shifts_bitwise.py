# Shifts and bitwise operators on small, big and negative ints.
vals = [0, 1, -1, 5, -5, 255, -256, 2 ** 40 + 7, -(2 ** 40) - 7, 2 ** 100 - 1, -(2 ** 100)]
for v in vals:
    print(v, v << 3, v >> 3, v << 65, v >> 65, v >> 1000, ~v)
for a, b in ((12, 10), (-12, 10), (12, -10), (-12, -10), (2 ** 70 + 5, 2 ** 69 + 3),
             (-(2 ** 70), 2 ** 64 - 1), (-(2 ** 70) - 1, -(2 ** 65) + 7)):
    print(a & b, a | b, a ^ b)
print(1 << 63, 1 << 64, (1 << 64) >> 64, -1 << 64, (-1 << 64) >> 63)
print(0xFF & ~0x0F, 0xF0 | 0x0F, 0xFF ^ 0xAA, (0x12345678 >> 8) & 0xFF)
print((-1) & 0xFFFFFFFF, (-2) & 0xFFFF, -1 ^ 0xFF, -129 & 0xFF)
try:
    1 << -1
except ValueError as e:
    print(type(e).__name__, e)
try:
    1 >> -5
except ValueError as e:
    print(type(e).__name__, e)
print(True << 3, True & 3, True | False, True ^ True, type(True & True).__name__, type(True & 1).__name__)


def rotl32(x, n):
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


print(hex(rotl32(0x80000001, 1)), hex(rotl32(0x12345678, 8)))
mask = 0
for bit in (0, 3, 7, 31, 63, 64, 100):
    mask |= 1 << bit
print(mask, bin(mask).count("1"), mask.bit_length())
print([(mask >> b) & 1 for b in (0, 1, 3, 64, 100, 101)])
print((5).bit_length(), (0).bit_length(), (-8).bit_length(), (2 ** 100).bit_length())
print(int.bit_count(255), (2 ** 100 - 1).bit_count(), (-7).bit_count())
