# __iter__ and __next__: iterator classes, iterables returning fresh iterators, StopIteration.
class Countdown:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


print(list(Countdown(5)))
c = Countdown(3)
print(next(c), next(c), next(c))
try:
    next(c)
except StopIteration as e:
    print(type(e).__name__, e.args)
print(next(c, "done"))


class Span:
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def __iter__(self):
        n = self.lo
        while n < self.hi:
            yield n
            n += 1


s = Span(2, 6)
print(list(s), list(s), sum(s), max(s))
print([x * y for x in Span(1, 3) for y in Span(1, 4)])
print(dict(zip(Span(0, 3), "abc")))
print(sorted(Span(0, 5), reverse=True), 4 in s, 9 in s)
it = iter(s)
print(type(it).__name__, next(it), next(it))
a, b, *rest = Span(10, 15)
print(a, b, rest)


class NotIterable:
    pass


try:
    iter(NotIterable())
except TypeError as e:
    print(type(e).__name__, e)
try:
    for x in 42:
        pass
except TypeError as e:
    print(type(e).__name__, e)
