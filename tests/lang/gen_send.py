# generator.send: priming, running totals, and the value of a yield expression.
def averager():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average
        if value is None:
            break
        total += value
        count += 1
        average = total / count
    return count


avg = averager()
print(next(avg))
for v in (10, 20, 30, 5):
    print("sent", v, "avg", avg.send(v))
try:
    avg.send(None)
except StopIteration as e:
    print("done after", e.value)


def echo():
    received = []
    while True:
        x = yield len(received)
        received.append(x)
        if x == "stop":
            return received


e = echo()
print(e.send(None))
print(e.send("a"), e.send("b"))
try:
    e.send("stop")
except StopIteration as stop:
    print(stop.value)
fresh = echo()
try:
    fresh.send("too early")
except TypeError as err:
    print(type(err).__name__, err)


def accumulate():
    total = 0
    while True:
        total += (yield total) or 0


acc = accumulate()
next(acc)
print([acc.send(n) for n in range(1, 6)])
print(next(acc), next(acc))
