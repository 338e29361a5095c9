"""Isolation test script: tries every way out of the process it knows of and
prints `ok NAME` when the way is closed, `ESCAPE NAME: ...` when it is not.
tests/process/test_isolation.py (QEMU) and tests/runtime/test_userland.py
(hosted VM) run it and expect no ESCAPE line."""
import sys

import _syscall

results = []

KERNEL_MODULES = ("machine", "kthread", "gc", "inet", "userland", "builtins", "kernel", "kernel.sched",
                  "kernel.syscall", "kernel.process", "kernel.shell", "net", "net.ip", "net.tcp", "drivers",
                  "drivers.e1000", "sched", "syscall", "process", "__prelude__", "langtest", "user",
                  "user.t_escape", "toolchain")
FUNCTION_INSIDES = ("__globals__", "__code__", "__defaults__", "__kwdefaults__", "__dict__", "__closure__",
                    "__builtins__", "func_globals", "gi_frame", "cr_frame", "__wrapped__")


def report(name, ok, detail=""):
    results.append((name, ok))
    print(("ok " if ok else "ESCAPE ") + name + ("" if ok else ": " + detail))


def blocked(name, fn, *expected):
    """fn() must raise one of the expected exception types."""
    try:
        value = fn()
    except expected:
        report(name, True)
        return
    except BaseException as e:
        report(name, False, f"raised {type(e).__name__}: {e}")
        return
    report(name, False, f"returned {type(value).__name__}")


# ---- imports ----
def _i_machine():
    import machine
    return machine


def _i_kthread():
    import kthread
    return kthread


def _i_gc():
    import gc
    return gc


def _i_inet():
    import inet
    return inet


def _i_userland():
    import userland
    return userland


def _i_builtins():
    import builtins
    return builtins


def _i_kernel():
    import kernel
    return kernel


def _i_kernel_sched():
    import kernel.sched
    return kernel.sched


def _i_kernel_syscall():
    from kernel import syscall
    return syscall


def _i_kernel_process():
    from kernel import process
    return process


def _i_kernel_shell():
    from kernel import shell
    return shell


def _i_net():
    import net
    return net


def _i_net_ip():
    import net.ip
    return net.ip


def _i_net_tcp():
    from net import tcp
    return tcp


def _i_drivers():
    import drivers
    return drivers


def _i_drivers_e1000():
    import drivers.e1000
    return drivers.e1000


def _i_sched():
    import sched
    return sched


def _i_syscall():
    import syscall
    return syscall


def _i_process():
    import process
    return process


def _i_prelude():
    import __prelude__
    return __prelude__


def _i_langtest():
    import langtest
    return langtest


def _i_user():
    import user
    return user


def _i_user_t_escape():
    import user.t_escape
    return user.t_escape


def _i_toolchain():
    import toolchain
    return toolchain


IMPORTERS = {
    "machine": _i_machine, "kthread": _i_kthread, "gc": _i_gc, "inet": _i_inet, "userland": _i_userland,
    "builtins": _i_builtins, "kernel": _i_kernel, "kernel.sched": _i_kernel_sched,
    "kernel.syscall": _i_kernel_syscall, "kernel.process": _i_kernel_process, "kernel.shell": _i_kernel_shell,
    "net": _i_net, "net.ip": _i_net_ip, "net.tcp": _i_net_tcp, "drivers": _i_drivers,
    "drivers.e1000": _i_drivers_e1000, "sched": _i_sched, "syscall": _i_syscall, "process": _i_process,
    "__prelude__": _i_prelude, "langtest": _i_langtest, "user": _i_user, "user.t_escape": _i_user_t_escape,
    "toolchain": _i_toolchain,
}

for modname in KERNEL_MODULES:
    blocked(f"import {modname}", IMPORTERS[modname], ImportError)

blocked("__import__", lambda: __import__("machine"), NameError)
for name in ("eval", "exec", "compile", "open", "breakpoint", "__loader__", "__spec__"):
    blocked(f"builtin {name}", lambda name=name: globals()["__builtins__"][name], KeyError)

# ---- the process's own module table ----
report("sys.modules holds only the process's modules",
       all(name in ("sys", "__main__", "_syscall", "struct", "math", "time", "errno", "os", "socket", "select")
           or name.startswith("t_") for name in sys.modules), repr(sorted(sys.modules)))
report("sys.modules['sys'] is this sys", sys.modules["sys"] is sys)
blocked("sys.setrecursionlimit", lambda: sys.setrecursionlimit, AttributeError)
blocked("sys._getframe", lambda: sys._getframe, AttributeError)
import struct   # noqa: E402
import math     # noqa: E402
struct.MARK = "process"
math.pi = 3
report("struct/math are private copies", struct.pack("<H", 258) == b"\x02\x01" and math.pi == 3)
blocked("import _syscall gives no gate object", lambda: _syscall.call.__self__.gate, AttributeError)
report("_syscall.call.__self__ is None", _syscall.call.__self__ is None)

# ---- functions that are not the process's own: builtin methods written in Python, builtins ----
function = type(report)
foreign = []
seen = set()
for t in (str, bytes, bytearray, list, dict, set, frozenset, tuple, int, float, object, type, memoryview,
          range, BaseException, OSError, property, staticmethod, classmethod, super, slice, bool):
    for attr in dir(t):
        try:
            value = getattr(t, attr)
        except Exception:
            continue
        if type(value) is function and id(value) not in seen:
            seen.add(id(value))
            foreign.append((f"{t.__name__}.{attr}", value))
for name, value in list(globals()["__builtins__"].items()):
    if type(value) is function and id(value) not in seen:
        seen.add(id(value))
        foreign.append((f"builtin {name}", value))
report("found builtin functions written in Python", len(foreign) > 5, str(len(foreign)))
leaks = []
for name, fn in foreign:
    for inside in FUNCTION_INSIDES:
        try:
            getattr(fn, inside)
            leaks.append(f"{name}.{inside}")
        except AttributeError:
            pass
        try:
            object.__getattribute__(fn, inside)
            leaks.append(f"object.__getattribute__({name}, {inside!r})")
        except AttributeError:
            pass
    try:
        vars(fn)
        leaks.append(f"vars({name})")
    except TypeError:
        pass
    try:
        fn.x = 1
        leaks.append(f"{name}.x = 1")
    except AttributeError:
        pass
    try:
        setattr(fn, "__defaults__", (1,))
        leaks.append(f"setattr({name}, '__defaults__')")
    except AttributeError:
        pass
report("insides of foreign functions", not leaks, ", ".join(leaks[:8]))

bound = "{}".format
blocked("bound method __func__.__globals__", lambda: bound.__func__.__globals__, AttributeError)
blocked("str.format via __self__ chain", lambda: "".join.__self__.format.__globals__, AttributeError)
own = report
report("own functions keep their insides", own.__globals__ is globals() and own.__code__.co_name == "report")

# ---- builtin types: dicts are copies, attributes read-only ----
d = str.__dict__
d["upper"] = lambda self: "patched"
report("str.__dict__ is a copy", "a".upper() == "A" and str.upper is not d["upper"])
blocked("setattr(str, ...)", lambda: setattr(str, "upper", None), TypeError)
blocked("setattr(object, ...)", lambda: setattr(object, "__eq__", None), TypeError)
blocked("type.__setattr__(int, ...)", lambda: type.__setattr__(int, "x", 1), TypeError, AttributeError)
blocked("del list.append", lambda: delattr(list, "append"), TypeError)
report("type.__subclasses__() is empty", type.__subclasses__(object) == [] and type.__subclasses__(type) == [])
report("vars(int) is a copy", vars(int) is not vars(int))

# ---- globals()/locals()/vars() run by code that is not the process's ----


class Sneaky:
    __str__ = globals
    __repr__ = globals
    __format__ = globals


class SneakyLocals:
    __str__ = locals
    __repr__ = vars


for label, fn in (("'%s' % globals-as-__str__", lambda: "%s" % Sneaky()),
                  ("'%r' % globals-as-__repr__", lambda: "%r" % (Sneaky(),)),
                  ("'{}'.format(globals-as-__format__)", lambda: "{}".format(Sneaky())),
                  ("'{!s}'.format(globals-as-__str__)", lambda: "{!s}".format(Sneaky())),
                  ("f-string of globals-as-__format__", lambda: f"{Sneaky()}"),
                  ("'%s' % locals-as-__str__", lambda: "%s" % SneakyLocals()),
                  ("'%r' % vars-as-__repr__", lambda: "%r" % (SneakyLocals(),))):
    try:
        text = fn()
        report(label, "__prelude__" not in text and "_METHODS" not in text and "_parse_spec" not in text, text[:60])
    except (RuntimeError, TypeError):
        report(label, True)
report("globals() of the process itself", globals()["report"] is report)

# ---- exceptions from the kernel ----
try:
    _syscall.call(999)
    report("unknown syscall", False, "returned")
except OSError as e:
    tb = e.__traceback__
    codes = [tb[i] for i in range(0, len(tb), 2)] if tb else []
    report("unknown syscall is ENOSYS", e.errno == 38 and e.strerror == "Function not implemented",
           f"{e.errno} {e.strerror}")
    report("syscall error has no kernel traceback",
           all(("/" + c.co_filename).endswith("/user/t_escape.py") for c in codes), repr([c.co_filename for c in codes]))
    report("syscall error has no kernel context", e.__context__ is None and e.__cause__ is None)
    report("syscall error args are plain", e.args == (38, "Function not implemented"), repr(e.args))
    report("sys.exc_info holds the same plain error", sys.exc_info()[1] is e)
for label, args in (("bad argument type", (39, [1, 2])), ("list subclass", (39, type("L", (list,), {})()))):
    try:
        _syscall.call(*args)
        report(label, False, "accepted")
    except OSError as e:
        report(label + " is EINVAL", e.errno == 22, str(e.errno))
blocked("keyword arguments to the gate", lambda: _syscall.call(39, x=1), TypeError)

# ---- objects whose methods the process wrote never reach a handler ----
ran = []


class Evil:
    def _probe(self):
        try:
            import machine      # noqa: F401  (works only if this runs in kernel mode)
            ran.append("kernel")
        except ImportError:
            ran.append("user")
        return False

    def __eq__(self, other):
        return self._probe()

    def __hash__(self):
        self._probe()
        return 1

    def __str__(self):
        self._probe()
        return "127.0.0.1"

    __repr__ = __str__

    def __index__(self):
        self._probe()
        return 3

    __int__ = __index__

    def __len__(self):
        self._probe()
        return 1

    def __iter__(self):
        self._probe()
        return iter([1])


fd = 1
try:
    import socket
    fd = socket.socket(socket.AF_INET, socket.SOCK_DGRAM).fileno()
except Exception:
    pass
for nr, args in ((7, ([(Evil(), 1)], 0)), (7, ([(fd, Evil())], 0)), (49, (fd, (Evil(), 80))),
                 (42, (fd, ("127.0.0.1", Evil()))), (44, (fd, b"x", 0, (Evil(), 7))), (1, (Evil(), b"x")),
                 (1, (fd, Evil())), (35, (Evil(),)), (62, (Evil(), 0))):
    try:
        _syscall.call(nr, *args)
    except OSError:
        pass
report("no user method runs inside a syscall", "kernel" not in ran and not ran, repr(ran))
blocked("no syscall number", lambda: _syscall.call(), TypeError)

# ---- tracebacks, code objects, generators ----
try:
    "{0.nothing}".format(1)
except AttributeError as e:
    tb = e.__traceback__ or []
    codes = [tb[i] for i in range(0, len(tb), 2)]
    ok = True
    for c in codes:
        for attr in ("co_consts", "co_code", "co_names", "co_globals", "__globals__", "co_varnames"):
            try:
                getattr(c, attr)
                ok = False
            except AttributeError:
                pass
    report("code objects in tracebacks are opaque", ok)
    if codes:
        blocked("function from a code object", lambda: function(codes[-1], {}), TypeError)


def gen():
    yield 1


g = gen()
for attr in ("gi_frame", "gi_code", "gi_yieldfrom", "f_globals", "tb_frame"):
    blocked(f"generator {attr}", lambda attr=attr: getattr(g, attr), AttributeError)
try:
    raise ValueError("x")
except ValueError as e:
    blocked("traceback tb_frame", lambda: e.__traceback__.tb_frame, AttributeError)
    blocked("with_traceback frame", lambda: e.__traceback__.tb_next, AttributeError)

# ---- MemoryError is never the kernel's instance ----
try:
    bytearray(1 << 40)
except MemoryError as e:
    report("MemoryError carries nothing", e.__context__ is None and e.__cause__ is None and e.args == ())
    e.mark = "process"
try:
    bytearray(1 << 40)
except MemoryError as e:
    report("MemoryError is fresh each time", not hasattr(e, "mark"))

# ---- builtins the process holds ----
globals()["__builtins__"]["marker"] = "process"
report("the process's builtins are its own", marker == "process")     # noqa: F821 (t_state checks it is gone)
report("input is a builtin of processes", callable(input))

print("results", sum(1 for _, ok in results if ok), "ok", sum(1 for _, ok in results if not ok), "escaped")
