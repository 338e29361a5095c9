# Generator functions: lazy evaluation, state between yields, exhaustion.
def trace_range(n):
    print("start")
    for i in range(n):
        print("yielding", i)
        yield i
    print("finished")


g = trace_range(3)
print(type(g).__name__)
print("first", next(g))
print("second", next(g))
for rest in g:
    print("loop got", rest)
print(list(g), next(g, "exhausted"))


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


f = fib()
print([next(f) for _ in range(15)])


def take(n, it):
    out = []
    for x in it:
        if len(out) == n:
            break
        out.append(x)
    return out


print(take(5, fib()), take(3, "abcdef"))


def with_return(n):
    yield n
    return n * 10


g = with_return(4)
print(next(g))
try:
    next(g)
except StopIteration as e:
    print("StopIteration value", e.value, e.args)


def empty():
    return
    yield


print(list(empty()), sum(fib() for _ in range(0)))
gens = [trace_range(1) for _ in range(2)]
print(gens[0] is gens[1])
