# Function calls: positional, keyword, defaults, closures and methods.
def add(a, b):
    return a + b


def scaled(a, b=2, *, bias=0):
    return a * b + bias


def make_counter():
    count = 0

    def bump(step):
        nonlocal count
        count += step
        return count
    return bump


total = 0
bump = make_counter()
for i in range(900000):
    total = add(total, i & 7)
    total += scaled(i & 3, bias=1)
    bump(1)
print(total, bump(0))
