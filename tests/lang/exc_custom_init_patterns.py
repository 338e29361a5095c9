# Exception subclasses that skip super().__init__, override args, or carry structured data.
class NoSuper(Exception):
    def __init__(self, code):
        self.code = code


class WithArgs(Exception):
    def __init__(self, code, detail):
        super().__init__(code, detail)
        self.code = code


class Structured(Exception):
    def __init__(self, **fields):
        super().__init__(", ".join(f"{k}={v}" for k, v in fields.items()))
        self.fields = fields


for exc in (NoSuper(7), WithArgs(404, "not found"), Structured(iface="eth0", errno=5)):
    try:
        raise exc
    except Exception as e:
        print(type(e).__name__, repr(str(e)), e.args, getattr(e, "code", None))
e = Structured(a=1)
print(e.fields, e.args, str(e))


class Chain(Exception):
    pass


def level3():
    raise ValueError("root cause")


def level2():
    try:
        level3()
    except ValueError as err:
        raise Chain("level2 failed") from err


def level1():
    try:
        level2()
    except Chain as err:
        raise Chain("level1 failed") from err


try:
    level1()
except Chain as top:
    chain = []
    cur = top
    while cur is not None:
        chain.append(f"{type(cur).__name__}: {cur}")
        cur = cur.__cause__
    print(" <- ".join(chain))
print(isinstance(NoSuper(1), Exception), NoSuper(1).args, str(NoSuper(2)))
