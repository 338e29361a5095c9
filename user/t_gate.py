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
