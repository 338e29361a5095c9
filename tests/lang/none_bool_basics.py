# None and bool: identity, truthiness, arithmetic with bools, repr and comparisons.
x = None
print(x, repr(x), str(x), type(x).__name__, x is None, x is not None, bool(x))
print(None == 0, None is not False, None == "", None in [None], [None] * 2)


def returns_none():
    pass


print(returns_none() is None, print("print returns") is None)
print(True, False, repr(True), str(False), type(True).__name__, int(True), int(False))
print(True + True, True * 10, False - True, True / 2, True // 1, -True, ~True, ~False, abs(-True))
print(True == 1, False == 0, True > False, False < 0.5, True is True, (1 == 1) is True)
print(True and False, True or False, not True, not False, True & False, True | False, True ^ True)
print(type(True and 1).__name__, type(True & 1).__name__, type(True & False).__name__)
print(sum([True, True, False, True]), [True, False].count(0), [1, 0, 1].count(True))
print(bool(0), bool(1), bool(-1), bool(0.0), bool(1e-300), bool(""), bool(" "), bool([]), bool([[]]))
print(bool(None), bool(()), bool({}), bool(set()), bool(range(0)), bool(b""), bool(bytearray(1)))
flags = [n > 2 for n in range(5)]
print(flags, any(flags), all(flags), flags.index(True))
print(str(True).upper(), f"{True}", "%s %d" % (False, True), "{}".format(None))
print(max(True, False), min(True, 2), sorted([True, False, 0, 1, -1]))
d = {None: "none", True: "true", False: "false"}
print(d[None], d[1], d[0], len(d))
try:
    None + 1
except TypeError as e:
    print(type(e).__name__, e)
try:
    x()
except TypeError as e:
    print(type(e).__name__, e)
try:
    len(None)
except TypeError as e:
    print(type(e).__name__, e)
try:
    None < None
except TypeError as e:
    print(type(e).__name__, e)
print(isinstance(False, int), issubclass(bool, int), hash(True) == 1, True.real, (5).real)
