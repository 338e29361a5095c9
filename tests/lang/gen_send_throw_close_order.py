# Order of events when send/throw/close interact with try/except/finally inside a generator.
def tracked(log):
    log.append("start")
    try:
        while True:
            try:
                value = yield len(log)
                log.append(f"got {value}")
            except ValueError as e:
                log.append(f"handled {e}")
    except GeneratorExit:
        log.append("exit")
        raise
    finally:
        log.append("finally")


log = []
g = tracked(log)
print(next(g), g.send("a"), g.throw(ValueError("v1")), g.send("b"))
g.close()
print(log)
log2 = []
g2 = tracked(log2)
next(g2)
try:
    g2.throw(KeyError("k"))
except KeyError as e:
    print("escaped", e)
print(log2)
print(next(g2, "finished"))


def returns_on_throw():
    try:
        yield 1
    except ValueError:
        return "returned from handler"


g3 = returns_on_throw()
next(g3)
try:
    g3.throw(ValueError)
except StopIteration as e:
    print("stop value:", e.value)


def yields_in_finally():
    try:
        yield "body"
    finally:
        print("cleanup ran")


g4 = yields_in_finally()
print(next(g4))
g4.close()
print("after close")
