"""Slice assignment into bytearrays and memoryviews, with sources that alias the target."""
b = bytearray(b"0123456789")
b[2:5] = b"abc"                 # same size
print(b)
b[0:3] = b[5:8]                 # same size, from itself
print(b)
b[1:4] = b                      # grows, from itself
print(b)
b[0:6] = b[2:4]                 # shrinks, from a copy of a part of itself
print(b)
b[3:3] = b                      # insert itself
print(b)
m = memoryview(b)
m[0:4] = m[2:6]                 # overlapping, forward
print(b)
m[3:7] = m[1:5]                 # overlapping, backward
print(b)
m[::2] = bytes(len(m[::2]))     # extended slice
print(b)
m[1:9:3] = m[0:3]               # extended slice from an overlapping view
print(b)
big = bytearray(range(200))
view = memoryview(big)[10:150]
view[5:105] = big[0:100]
print(sum(big), big[10:20], big[110:120])
try:
    m[0:2] = b"abc"
except ValueError as e:
    print("ValueError", e)
ro = memoryview(b"xyz")
try:
    ro[0:1] = b"a"
except TypeError as e:
    print("TypeError", e)
