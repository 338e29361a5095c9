# Returning several values, nested unpacking, and functions with no return.
def divmod_pair(a, b):
    return a // b, a % b


q, r = divmod_pair(17, 5)
print(q, r)
print(divmod_pair(-17, 5))


def bounds(values):
    if not values:
        return None
    return min(values), max(values), (sum(values), len(values))


lo, hi, (total, count) = bounds([4, 1, 9, 7])
print(lo, hi, total, count)
print(bounds([]))


def nothing():
    pass


def early(x):
    if x:
        return
    return "late"


print(nothing(), early(1), early(0))
pairs = [(1, "one"), (2, "two"), (3, "three")]
for number, (first, *rest) in pairs:
    print(number, first, rest)
try:
    a, b = divmod_pair(1, 1), 2, 3
except ValueError as e:
    print(type(e).__name__, e)
try:
    a, b, c = divmod_pair(9, 2)
except ValueError as e:
    print(type(e).__name__, e)
try:
    x, y = 5
except TypeError as e:
    print(type(e).__name__, e)
print(divmod_pair(*divmod_pair(100, 7)))
