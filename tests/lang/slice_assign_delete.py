# Slice assignment (growing, shrinking, extended) and slice deletion on lists.
a = list(range(8))
a[2:4] = ["x", "y", "z"]
print(a)
a[1:6] = []
print(a)
a[:0] = [-2, -1]
print(a)
a[len(a):] = [100, 101]
print(a)
a[::2] = "ABCD"
print(a)
try:
    a[::2] = [1, 2]
except ValueError as e:
    print(type(e).__name__, e)
a[::-1] = range(len(a))
print(a)
del a[::3]
print(a)
del a[1:3]
print(a)
del a[-1:]
print(a)
del a[:]
print(a, len(a))
b = list(range(10))
b[8:2:-2] = ["p", "q", "r"]
print(b)
b[3:3] = [7, 7]
print(b)
b[5:1] = ["inserted"]
print(b)
b[-2:] = (9,)
print(b)
try:
    b[1:2] = 5
except TypeError as e:
    print(type(e).__name__, e)
c = [1, 2, 3]
c[1:2] = c
print(c)
d = list("abcdef")
del d[::-2]
print(d)
e = [0] * 5
e[1:4] = iter([7, 8])
print(e)
try:
    del e[::0]
except ValueError as err:
    print(type(err).__name__, err)
