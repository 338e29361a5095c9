# f(a, *rest): a call whose only starred argument comes last, the forwarding form (the VM gathers the
# arguments itself); other forms still go through the general path.
order = []


def note(tag, value):
    order.append(tag)
    return value


def show(*args):
    return len(args), args


def dispatch(handler, first, args):
    return handler(first, *args)


print(dispatch(show, "p", (1, 2, 3)))
print(dispatch(show, "p", []))
print(dispatch(show, "p", [4, 5]))
print(show(*range(3)), show(*"ab"), show(*{"k": 1}))
print(show(1, 2, *(x * x for x in range(4))))
print(show(*tuple(range(40)))[0], show(0, *list(range(20)))[1][-3:])       # more than fit in the C buffer
print(note("f", show)(note("a", 1), note("b", 2), *note("rest", [3])), order)


class Box:
    def __init__(self, *items):
        self.items = items

    def put(self, *more):
        return Box(*self.items, *more).items, Box(self.items[0], *more).items


box = Box(*[1, 2])
print(box.items, box.put(3, 4), type(box).__name__)
print(max(*[3, 9, 2]), min(7, *(4, 8)), "-".join([*"xyz"]))
print(*[1, 2, 3], sep=":")


def takes_two(a, b):
    return a + b


for args in ((1,), (1, 2, 3), 5, None, 2.5):
    try:
        print(takes_two(0, *args) if type(args) is tuple and len(args) == 1 else takes_two(*args))
    except TypeError as e:
        print("TypeError", e)


def fails(*args):
    raise ValueError(args)


try:
    dispatch(fails, 1, (2,))
except ValueError as e:
    print("ValueError", e.args)
mutable = [1, 2]
print(dispatch(lambda *a: (mutable.append(9), a)[1], 0, mutable), mutable)
