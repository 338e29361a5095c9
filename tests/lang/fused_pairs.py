# Instruction pairs the compiler fuses (local loads, compare-and-jump, constant operands): every operand
# kind through each pair, loop heads that are the second instruction of a pair, errors in either half.
class Loud:
    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return [self.v] if self.v < other.v else []    # truthiness decides the jump

    def __eq__(self, other):
        if other is None:
            raise ValueError("no None")
        return self.v == other.v


class Slot:
    def __init__(self):
        self._x = 0

    @property
    def x(self):
        return self._x * 10

    @x.setter
    def x(self, v):
        self._x = v + 1


def compare_kinds(a, b):
    out = []
    try:
        if a < b:
            out.append("lt")
    except TypeError:
        out.append("unordered")
    if not a == b:
        out.append("ne")
    if a is b:
        out.append("is")
    if a is not None:
        out.append("notnone")
    return out


def count_up(n):
    i = 0
    total = 0
    while i < n:            # the loop head: STORE_FAST then LOAD_FAST, jumped to from the bottom
        total += i
        i += 1
    return total


def unbound(flag):
    if flag:
        b = 1
    a = 5
    return b + a            # the unbound b is the second half of STORE_FAST, LOAD_FAST


def unbound_first(flag):
    if flag:
        b = Loud(2)
    return b.v              # the unbound b is the first half of LOAD_FAST, LOAD_ATTR


f = 1.5
values = [(1, 2), (2, 1), (True, 1), (False, 0), (f, f), (1.5, 2.5), ("a", "b"), (2 ** 70, 2 ** 70 + 1),
          (-(2 ** 62), 2 ** 62), (None, None), (Loud(1), Loud(2)), (Loud(3), Loud(3))]
for a, b in values:
    print(type(a).__name__, compare_kinds(a, b))
print(count_up(10), count_up(0), count_up(-3))
s = Slot()
v = 4
s.x = v
print(s.x, s._x)
for fn in (unbound, unbound_first):
    for flag in (True, False):
        try:
            print(fn(flag))
        except UnboundLocalError as e:
            print("UnboundLocalError", "b" in str(e))
try:
    compare_kinds(Loud(1), None)
except (ValueError, AttributeError) as e:
    print(type(e).__name__)
x = 7
y = x
y += x
print(y, x < y <= 14, 3 in [x, y, 3], "z" not in "abc")
"a bare constant statement, as a docstring would be"
print(count_up.__name__)
try:
    print(Loud(1) == None)
except ValueError as e:
    print("ValueError", e)
