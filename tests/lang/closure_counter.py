# Closures keep their own cells; each call of the factory makes new ones.
def make_counter(start=0, step=1):
    count = start

    def next_value():
        nonlocal count
        count += step
        return count

    def peek():
        return count
    return next_value, peek


inc_a, peek_a = make_counter()
inc_b, peek_b = make_counter(100, 10)
print(inc_a(), inc_a(), inc_b(), inc_a())
print(peek_a(), peek_b())


def make_accumulator():
    items = []

    def add(x):
        items.append(x)
        return len(items)
    return add, items


add, items = make_accumulator()
add("a")
add("b")
print(items)


def adders():
    return [lambda x, n=n: x + n for n in range(3)]


print([f(10) for f in adders()])


def late():
    return [lambda x: x + n for n in range(3)]


print([f(10) for f in late()])


def outer():
    x = "outer"

    def middle():
        def inner():
            return x
        return inner
    return middle()()


print(outer())
