# Decorators are closures: wrapping, counting calls, decorators with arguments, stacking.
def traced(func):
    def wrapper(*args, **kwargs):
        print("call", func.__name__, args, kwargs)
        result = func(*args, **kwargs)
        print("return", func.__name__, result)
        return result
    return wrapper


def counted(func):
    def wrapper(*args):
        wrapper.calls += 1
        return func(*args)
    wrapper.calls = 0
    return wrapper


def retry(times):
    def decorate(func):
        def wrapper(*args):
            for attempt in range(1, times + 1):
                try:
                    return func(*args)
                except ValueError as e:
                    print("attempt", attempt, "failed:", e)
            return "gave up"
        return wrapper
    return decorate


@traced
def add(a, b=1):
    return a + b


add(2)
add(2, b=5)


@counted
def square(x):
    return x * x


print([square(n) for n in range(4)], square.calls)
state = {"n": 0}


@retry(3)
def flaky(limit):
    state["n"] += 1
    if state["n"] < limit:
        raise ValueError(f"try {state['n']}")
    return f"ok after {state['n']}"


print(flaky(2))
state["n"] = 0
print(flaky(10))


@counted
@traced
def both(x):
    return -x


print(both(4), both.calls)
