# yield from delegates iteration, send, and returns the subgenerator's value.
def inner(tag):
    got = yield f"{tag}-1"
    print("inner received", got)
    yield f"{tag}-2"
    return f"{tag} result"


def outer():
    r1 = yield from inner("a")
    print("outer got", r1)
    r2 = yield from inner("b")
    print("outer got", r2)
    yield from range(3)
    yield from "xy"
    return "outer done"


g = outer()
print(next(g))
print(g.send("hello"))
for item in g:
    print("item", item)


def chain(*iterables):
    for it in iterables:
        yield from it


print(list(chain([1, 2], (3,), "ab", range(2))))


def tree(node):
    value, children = node
    yield value
    for child in children:
        yield from tree(child)


t = (1, [(2, [(4, [])]), (3, [(5, []), (6, [])])])
print(list(tree(t)))


def counting():
    total = yield from summer()
    yield total


def summer():
    total = 0
    while True:
        x = yield
        if x is None:
            return total
        total += x


c = counting()
next(c)
for n in (5, 10, 20):
    c.send(n)
print(c.send(None))
