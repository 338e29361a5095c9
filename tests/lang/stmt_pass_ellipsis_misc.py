# pass, Ellipsis, docstrings, semicolons, line continuations and empty bodies.
def empty():
    pass


def docstring_only():
    """Only a docstring: returns None."""


class Marker:
    pass


class Documented:
    """A class docstring."""

    def method(self):
        """A method docstring."""
        return ...


print(empty(), docstring_only(), Marker.__name__, Documented().method(), ... is Ellipsis)
a = 1; b = 2; c = a + b
print(a, b, c)
total = 1 + \
    2 + \
    3
print(total)
values = [
    1,
    2,
    3,
]
mapping = {
    "k": (
        "nested"
    ),
}
print(values, mapping)
if True: print("inline if")
for i in range(2): print("inline for", i)
while False: pass
x = (
    "implicit"
    " continuation"
)
print(x)
for _ in range(3):
    pass
print(_)
if values:
    ...
print([..., Ellipsis] == [Ellipsis, ...])
