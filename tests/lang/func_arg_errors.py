# The exact TypeError messages for bad calls.
def two(a, b):
    return a + b


def kw(a, *, b):
    return a - b


def starry(*args, **kwargs):
    return len(args), len(kwargs)


values = [5, None, "abc"]
attempts = [
    ("missing one", lambda: two(1)),
    ("missing two", lambda: two()),
    ("too many", lambda: two(1, 2, 3)),
    ("unexpected", lambda: two(1, c=2)),
    ("multiple", lambda: two(1, a=2)),
    ("kw missing", lambda: kw(1)),
    ("kw positional", lambda: kw(1, 2)),
    ("ok starry", lambda: starry(1, 2, x=3)),
    ("not callable", lambda: values[0](1)),
    ("none call", lambda: values[1]()),
    ("str call", lambda: values[2]()),
]
for label, attempt in attempts:
    try:
        print(label, attempt())
    except TypeError as e:
        print(label, "->", e)


class Thing:
    def method(self, x):
        return x


try:
    Thing().method()
except TypeError as e:
    print(e)
try:
    Thing().method(1, 2)
except TypeError as e:
    print(e)
print(Thing().method(x=4))
