# `except E as name:` leaves name unbound after the handler, however the handler is left: normally, by an
# exception raised in it, by return, break or continue; for locals, module names and names a closure shares.
def after_normal_exit():
    try:
        raise ValueError("v")
    except ValueError as e:
        seen = str(e)
    try:
        print(e)
    except UnboundLocalError as err:
        print("unbound", seen, type(err).__name__)


def after_raise_inside():
    try:
        try:
            raise KeyError("k")
        except KeyError as e:
            raise RuntimeError("again") from e
    except RuntimeError as outer:
        print("outer", outer, type(outer.__cause__).__name__)
    try:
        e
    except NameError as err:
        print(type(err).__name__)


def after_return_inside():
    try:
        raise IndexError("i")
    except IndexError as e:
        return repr(e)


def in_loop():
    caught = []
    for i in range(5):
        try:
            if i % 2:
                raise ZeroDivisionError(i)
            caught.append(("ok", i))
        except ZeroDivisionError as e:
            caught.append(("zde", e.args[0]))
            if i == 3:
                break
            continue
    print(caught)
    try:
        return e
    except UnboundLocalError:
        return "unbound after the loop"


def shared_with_closure():
    try:
        raise TypeError("t")
    except TypeError as e:
        show = lambda: str(e)
        print("closure sees", show())
    try:
        show()
    except NameError as err:
        print("closure after", type(err).__name__)


after_normal_exit()
after_raise_inside()
print(after_return_inside())
print(in_loop())
shared_with_closure()
try:
    raise OSError(11, "Resource temporarily unavailable")
except OSError as e:
    print(type(e).__name__, e.errno)
try:
    e
except NameError as err:
    print("module level", type(err).__name__)
