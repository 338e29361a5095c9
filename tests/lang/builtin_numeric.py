# abs/divmod/pow/round/hex/bin/oct/ord/chr over a range of values.
for v in (0, 5, -5, 2 ** 70, -(2 ** 70), 2.5, -2.5, True):
    print(repr(v), abs(v), type(abs(v)).__name__)
for a, b in ((17, 5), (-17, 5), (17, -5), (2 ** 70, 3), (-(2 ** 70), 7), (7.5, 2), (-7.5, 2.5), (True, 1)):
    print(a, b, divmod(a, b))
print(pow(2, 8), pow(2, -2), pow(2.0, 3), pow(9, 0.5), pow(3, 4, 5), pow(-1, 3))
print(round(3.14159, 3), round(-0.5), round(0.5), round(1.5), round(12345, -2), round(2.5, 0))
for n in (0, 1, 15, 16, 255, 4096, -1, -255, 2 ** 64):
    print(n, hex(n), bin(n), oct(n))
print([ord(c) for c in "AZaz09 \n~"], [chr(n) for n in (72, 105, 33, 955, 8364)])
print(hex(ord("€")), chr(0x41) + chr(0x42), "".join(chr(c) for c in range(97, 123)))
print(abs(-0.0), abs(float("-inf")), divmod(0, 5), divmod(-1, 5), divmod(1, -5))
print(max(abs(x) for x in (-3, 2, -1)), sum(abs(x) for x in range(-3, 4)))
total = 0
for i in range(1, 20):
    q, r = divmod(i * 37, 11)
    total += q * r
print(total)
try:
    abs("x")
except TypeError as e:
    print(type(e).__name__, e)
try:
    divmod(1, 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    hex(1.5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    divmod("a", 1)
except TypeError as e:
    print(type(e).__name__, e)
print(hex(0), bin(0), oct(0), hex(2 ** 100 - 1)[-4:], len(bin(2 ** 100)))
