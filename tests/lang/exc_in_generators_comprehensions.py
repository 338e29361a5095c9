# Exceptions raised inside generators, comprehensions and lambdas propagate to the caller.
def parse_all(lines):
    for n, line in enumerate(lines, 1):
        try:
            yield int(line)
        except ValueError:
            yield f"line {n}: bad"


print(list(parse_all(["1", "x", "3"])))


def failing():
    yield 1
    raise KeyError("inside generator")


g = failing()
print(next(g))
try:
    next(g)
except KeyError as e:
    print(type(e).__name__, e)
print(next(g, "exhausted after error"))
try:
    [1 / (x - 2) for x in range(5)]
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    {k: v for k, v in [("a", 1), ("b",)]}
except ValueError as e:
    print(type(e).__name__, e)
try:
    sorted([3, 1, 2], key=lambda x: {1: "a", 2: "b"}[x])
except KeyError as e:
    print(type(e).__name__, e)
try:
    list(map(int, ["1", "2", "three"]))
except ValueError as e:
    print(type(e).__name__, e)


def gen_with_stopiteration():
    yield 1
    raise StopIteration("manual")


try:
    list(gen_with_stopiteration())
except RuntimeError as e:
    print(type(e).__name__, e, type(e.__cause__).__name__)
results = []
for value in ("10", "0", "x", "5"):
    try:
        results.append(100 // int(value))
    except (ValueError, ZeroDivisionError) as e:
        results.append(type(e).__name__)
print(results)
print(sum(x for x in range(5) if x != 3), any(1 // x for x in (1, 2)))
