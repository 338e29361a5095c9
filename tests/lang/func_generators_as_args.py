# Passing generators and iterators into functions: consumption, partial use, re-use pitfalls.
def total(values):
    s = 0
    for v in values:
        s += v
    return s


def first_n(it, n):
    out = []
    for v in it:
        out.append(v)
        if len(out) == n:
            break
    return out


gen = (x * x for x in range(10))
print(first_n(gen, 3), first_n(gen, 3), total(gen), total(gen))
lst = [x * x for x in range(10)]
print(first_n(lst, 3), first_n(lst, 3), total(lst))
it = iter(range(10))
print(list(zip(it, it)))
it = iter("abcdef")
print(next(it), "".join(it))


def numbered(items, start=1):
    for i, item in enumerate(items, start):
        yield f"{i}. {item}"


print(list(numbered(["a", "b"])), list(numbered(iter("xy"), 10)))


def chunks(iterable, size):
    it = iter(iterable)
    while True:
        chunk = first_n(it, size)
        if not chunk:
            return
        yield chunk


print(list(chunks(range(7), 3)), list(chunks([], 2)), list(chunks("abcd", 2)))
print(max(x % 7 for x in range(20)), sorted(x % 3 for x in range(6)), min(iter([4, 2, 8])))
print(dict(enumerate(x for x in "ab")), set(x // 2 for x in range(4)) == {0, 1})
print(sum(1 for line in "a\nb\nc".splitlines() if line != "b"))
