# nonlocal rebinds the enclosing function's variable at any depth.
def outer():
    level = 0
    trace = []

    def one():
        nonlocal level
        level += 1
        trace.append(("one", level))

        def two():
            nonlocal level
            level *= 10
            trace.append(("two", level))
        two()
        return level
    one()
    one()
    return level, trace


print(outer())


def shadow():
    x = 1

    def inner():
        x = 2
        return x
    inner()
    return x


print(shadow())


def swap_pair():
    a, b = "left", "right"

    def swap():
        nonlocal a, b
        a, b = b, a
    swap()
    return a, b


print(swap_pair())


def make_bank(balance):
    def withdraw(amount):
        nonlocal balance
        if amount > balance:
            raise ValueError(f"insufficient: {balance} < {amount}")
        balance -= amount
        return balance
    return withdraw


w = make_bank(100)
print(w(30), w(30))
try:
    w(50)
except ValueError as e:
    print(type(e).__name__, e)
print(w(40))
