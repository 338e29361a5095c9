# __enter__/__exit__: return values, exception info, suppression, ordering.
class Tracer:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        kind = exc_type.__name__ if exc_type else None
        print("exit", self.name, kind, exc)
        return self.suppress


with Tracer("a") as v:
    print("body", v)
with Tracer("b", suppress=True):
    raise ValueError("swallowed")
print("after b")
try:
    with Tracer("c"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", e)
with Tracer("outer") as o, Tracer("inner") as i:
    print("both", o, i)


def early_return():
    with Tracer("ret"):
        return "returned"


print(early_return())
for n in range(3):
    with Tracer(f"loop{n}"):
        if n == 1:
            continue
        if n == 2:
            break
        print("loop body", n)


class Resource:
    def __init__(self):
        self.open = False

    def __enter__(self):
        self.open = True
        return self

    def __exit__(self, *info):
        self.open = False


with Resource() as r:
    print("inside", r.open)
print("outside", r.open)
