# Module-level state mutated from functions in loops; global declarations inside nested scopes.
events = 0
errors = []
LIMIT = 5


def record(kind):
    global events
    events += 1
    if kind == "err":
        errors.append(events)
    return events


for kind in ("ok", "err", "ok", "err", "err"):
    record(kind)
print(events, errors)


def reset_all():
    global events, errors
    events = 0
    errors = []


reset_all()
print(events, errors)


def outer():
    def inner():
        global events
        events += 100
        return events
    return inner() + inner()


print(outer(), events)


def shadow():
    events = "local"
    return events


print(shadow(), events)


def tweak_limit():
    global LIMIT
    LIMIT *= 2
    return LIMIT


print([tweak_limit() for _ in range(3)], LIMIT)
table = {}


def add_entry(k, v):
    table[k] = v
    return len(table)


print([add_entry(i, i * i) for i in range(4)], table)
