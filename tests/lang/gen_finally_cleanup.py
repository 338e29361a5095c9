# try/finally inside generators runs on exhaustion, on close, and on break from a for loop.
log = []


def resource(name, n):
    log.append(f"open {name}")
    try:
        for i in range(n):
            yield f"{name}{i}"
    finally:
        log.append(f"close {name}")


print(list(resource("a", 2)))
print(log)
log.clear()
source = resource("b", 5)
for item in source:
    if item == "b1":
        break
    print("using", item)
print(log)
source.close()
print(log)
log.clear()
g = resource("c", 3)
print(next(g))
g.close()
print(log)
log.clear()


def with_cleanup():
    try:
        yield 1
        yield 2
    except ValueError:
        log.append("caught in generator")
        yield 99
    finally:
        log.append("generator finally")


g = with_cleanup()
print(next(g), g.throw(ValueError("x")))
try:
    next(g)
except StopIteration:
    print("stopped")
print(log)


def return_in_finally():
    try:
        yield "value"
    finally:
        log.append("final")


print([x for x in return_in_finally()], log[-1])
