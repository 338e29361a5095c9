# range: lengths, negative steps, indexing, slicing, containment, equality and errors.
for r in (range(5), range(2, 10), range(0, 10, 3), range(10, 0, -2), range(5, 5), range(5, 0), range(-5, -1)):
    print(r, len(r), list(r), bool(r))
r = range(3, 100, 7)
print(r[0], r[5], r[-1], r[-2], r.start, r.stop, r.step)
print(r[2:5], r[::-1], r[::2][1:3], list(r[10:2:-3]))
print(10 in r, 17 in r, 99 in r, 100 in r, 3.0 in r, "x" in r)
print(r.index(24), r.count(24), r.count(25))
try:
    r.index(25)
except ValueError as e:
    print(type(e).__name__, e)
try:
    r[100]
except IndexError as e:
    print(type(e).__name__, e)
try:
    range(1, 10, 0)
except ValueError as e:
    print(type(e).__name__, e)
try:
    range(1.5)
except TypeError as e:
    print(type(e).__name__, e)
print(range(0) == range(5, 5), range(0, 3) == range(3), range(0, 10, 2) == range(0, 9, 2), range(3) == [0, 1, 2])
big = range(0, 10 ** 17, 3)
print(len(big), big[-1], 10 ** 16 + 1 in big, 10 ** 16 + 2 in big, big[10 ** 15])
print(sum(range(101)), max(range(7)), min(range(3, 9)), list(reversed(range(4))))
print(list(range(-3, 3)), list(range(3, -3, -1)), list(range(0, -10, -3)))
total = 0
for i in range(10, 0, -3):
    total += i
    print("i", i, total)
print(list(zip(range(3), range(10, 13))), list(enumerate(range(5, 8))))
print(repr(range(1, 5, 2)), str(range(4)), range(4)[-4])
