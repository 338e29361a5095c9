# A generator pipeline: source, filter, map, window, consumer.
def numbers(n):
    for i in range(n):
        yield i


def only_odd(src):
    for x in src:
        if x & 1:
            yield x


def squared(src):
    for x in src:
        yield x * x


def pairs(src):
    prev = None
    for x in src:
        if prev is not None:
            yield prev, x
        prev = x


total = 0
for a, b in pairs(squared(only_odd(numbers(2000000)))):
    total += b - a
print(total, sum(x for x in range(200000) if x % 3 == 0))
