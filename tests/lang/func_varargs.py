# *args collects extra positionals into a tuple; unpacking at the call site.
def total(*values):
    print(type(values).__name__, len(values))
    return sum(values)


print(total())
print(total(1, 2, 3))
print(total(*range(5)))
print(total(*[1, 2], 3, *(4, 5)))


def head_tail(first, *rest):
    return first, rest


print(head_tail(1))
print(head_tail(1, 2, 3))
print(head_tail(*"abc"))


def fmt(sep, *parts, end="."):
    return sep.join(str(p) for p in parts) + end


print(fmt("-", 1, 2, 3))
print(fmt(", ", "a", "b", end="!"))
print(fmt("+"))
try:
    head_tail()
except TypeError as e:
    print(type(e).__name__, e)


def max_of(first, *others):
    best = first
    for o in others:
        if o > best:
            best = o
    return best


print(max_of(3), max_of(3, 9, 2), max_of(*b"\x01\x07\x03"))
args = (10, 20)
print(max_of(*args, 15))
