"""Hosted-VM test script (tests/runtime/test_userland.py): what crosses the
syscall gate from its fake kernel. Numbers 500-504 exist only there."""
import _syscall

value = _syscall.call(500)
print("list", value, type(value).__name__)
secret = _syscall.call(501)
secret.append("process")
again = _syscall.call(501)
print("copy", again, "mutated", secret)
for label, nr in (("dict", 502), ("keyerror", 503)):
    try:
        _syscall.call(nr)
    except SystemError as e:
        if label == "dict":
            print(label, type(e).__name__, e)
        else:
            print(label, type(e).__name__, e.args[1:], e.__context__)
try:
    _syscall.call(504)
except OSError as e:
    tb = e.__traceback__
    print("oserror", e.errno, e.strerror, "context", e.__context__, "traceback",
          " ".join(sorted(set(tb[i].co_filename for i in range(0, len(tb), 2)))))

ran = []


class Sneaky(list):
    def __len__(self):
        ran.append("__len__")
        return 0

    def __iter__(self):
        ran.append("__iter__")
        return iter(())


class Num(int):
    def __index__(self):
        ran.append("__index__")
        return 0


# The VM makes an int subclass's instances plain ints: the kernel sees an int, nothing to run.
print("int-subclass", _syscall.call(505, Num(3)), "ran", bool(ran))
print("args", _syscall.call(505, True, 1, "s", b"b", 1.5, None, (1, 2), [False]), "")
print("nested", _syscall.call(505, [(1, [b"y", (None, 1.5, True)])]), "")
for label, arg in (("bytearray", bytearray(b"x")), ("subclass-list", Sneaky([1])),
                   ("dict", {"a": 1}), ("too-deep", [[[[[1]]]]]), ("nested-subclass", [(2, Sneaky())]),
                   ("function", print), ("set", {1})):
    try:
        _syscall.call(505, 1, arg)
        print(label, "reached the kernel")
    except OSError as e:
        print(label, type(e).__name__, e.errno, e.strerror, "ran", bool(ran))
