# list indexing and mutation errors with exact messages, plus negative index rules.
a = [10, 20, 30]
print(a[0], a[-1], a[-3], a[2])
for i in (3, -4, 100):
    try:
        a[i]
    except IndexError as e:
        print(i, type(e).__name__, e)
    try:
        a[i] = 0
    except IndexError as e:
        print(i, type(e).__name__, e)
    try:
        del a[i]
    except IndexError as e:
        print(i, type(e).__name__, e)
for bad in ("1", 1.0, None, (0,)):
    try:
        a[bad]
    except TypeError as e:
        print(type(e).__name__, e)
try:
    [].pop(0)
except IndexError as e:
    print(type(e).__name__, e)
try:
    a.pop(10)
except IndexError as e:
    print(type(e).__name__, e)
try:
    a.insert("x", 1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    [1, 2] + (3,)
except TypeError as e:
    print(type(e).__name__, e)
try:
    [1] * 2.0
except TypeError as e:
    print(type(e).__name__, e)
try:
    a.index(99)
except ValueError as e:
    print(type(e).__name__, e)
print(a[True], a[False], [0] * -1, [1, 2] * 0, a[-1:-100:-1])
a[-1] = "last"
a[True] = "second"
print(a)
