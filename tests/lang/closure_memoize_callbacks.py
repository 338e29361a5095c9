# Closures as caches and callback registries; closures capturing loop state correctly.
def memoize(func):
    cache = {}

    def wrapper(n):
        if n not in cache:
            cache[n] = func(n)
        return cache[n]
    wrapper.cache = cache
    return wrapper


@memoize
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


print(fib(80), len(fib.cache), sorted(fib.cache)[:5])


def make_bus():
    handlers = {}

    def subscribe(event, fn):
        handlers.setdefault(event, []).append(fn)

    def publish(event, payload):
        return [fn(payload) for fn in handlers.get(event, [])]
    return subscribe, publish


subscribe, publish = make_bus()
received = []
for name in ("logger", "counter", "echo"):
    subscribe("rx", lambda p, name=name: received.append((name, p)) or name)
subscribe("tx", lambda p: len(p))
print(publish("rx", b"frame1"), publish("tx", b"abc"), publish("none", 1))
print(received)


def make_rate_limiter(limit):
    used = 0

    def allow():
        nonlocal used
        if used >= limit:
            return False
        used += 1
        return True

    def reset():
        nonlocal used
        used = 0
    return allow, reset


allow, reset = make_rate_limiter(3)
print([allow() for _ in range(5)])
reset()
print([allow() for _ in range(2)])
adders = {}
for step in (1, 10, 100):
    def adder(x, step=step):
        return x + step
    adders[step] = adder
print([adders[k](5) for k in adders])
