# Class bodies are not enclosing scopes for methods; closures over methods and loops.
x = "global"


class Scope:
    x = "class"

    def method(self):
        return x

    def via_class(self):
        return Scope.x

    names = [n.upper() for n in ("a", "b")]


s = Scope()
print(s.method(), s.via_class(), Scope.names)


def factory():
    handlers = {}
    for event in ("rx", "tx", "err"):
        def handler(payload, event=event):
            return f"{event}:{payload}"
        handlers[event] = handler
    return handlers


h = factory()
print(h["rx"]("p1"), h["tx"]("p2"), h["err"]("p3"))


def bound_methods():
    s = Scope()
    f = s.via_class
    return f(), f.__self__ is s


print(bound_methods())


def counter_class():
    count = 0

    class Ticker:
        def tick(self):
            nonlocal count
            count += 1
            return count
    t = Ticker()
    t.tick()
    t.tick()
    return count


print(counter_class())


def deep(a):
    def l1(b):
        def l2(c):
            def l3(d):
                return a + b + c + d
            return l3
        return l2
    return l1


print(deep(1)(20)(300)(4000))
