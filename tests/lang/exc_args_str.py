# Exception args, str() and repr() for zero, one and several arguments.
samples = [
    ValueError(),
    ValueError("one"),
    ValueError("a", 2),
    KeyError("key"),
    KeyError(),
    KeyError("a", "b"),
    IndexError(3),
    RuntimeError(None),
    Exception([1, 2]),
    StopIteration(5),
    ZeroDivisionError("custom zero"),
]
for e in samples:
    print(type(e).__name__, e.args, repr(str(e)), repr(e))
e = ValueError("orig")
e.args = ("changed", 1)
print(e, e.args)
try:
    {"a": 1}["b"]
except KeyError as err:
    print(err, repr(err), err.args)
try:
    [1, 2, 3][10]
except IndexError as err:
    print(err, err.args)
try:
    (1, 2)[5]
except IndexError as err:
    print(err)
try:
    "abc"[7]
except IndexError as err:
    print(err)
try:
    int("12a")
except ValueError as err:
    print(err)
try:
    float("x.5")
except ValueError as err:
    print(err)
try:
    [].pop()
except IndexError as err:
    print(err)
try:
    {}.popitem()
except KeyError as err:
    print(err)
