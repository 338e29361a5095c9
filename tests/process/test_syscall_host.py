"""Host tests (CPython) of kernel/syscall.py and kernel/process.py's fd table:
the dispatcher's checks and errno mapping, against Linux's own numbers and
messages (os.strerror, errno, <asm/unistd_64.h>) as the oracle. The kernel's
native modules are replaced by small stand-ins."""
import errno
import os
import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNISTD = Path("/usr/include/x86_64-linux-gnu/asm/unistd_64.h")


def _stub(name, **fns):
    mod = types.ModuleType(name)
    for key, value in fns.items():
        setattr(mod, key, value)
    sys.modules[name] = mod
    return mod


@pytest.fixture(scope="module")
def kernel():
    saved = {k: sys.modules.get(k) for k in ("kthread", "machine", "userland", "kernel", "kernel.sched",
                                             "kernel.syscall", "kernel.process")}
    printed = []
    _stub("kthread", preempt_off=lambda: None, preempt_on=lambda *exc_info: None, spawn=lambda fn: 1,
          print_exception=lambda e: printed.append(e), post_signal=lambda tid, exc, sticky: None)
    _stub("machine", ticks_ms=lambda: 0, ticks_us=lambda: 0, meminfo=lambda: {"heap_size": 64 << 20},
          console_write=lambda text: None)
    sys.path.insert(0, str(ROOT / "tests" / "shims"))
    from userland import types_are                      # the CPython stand-in of the native check
    sys.path.remove(str(ROOT / "tests" / "shims"))
    _stub("userland", types_are=types_are, set_user_limit=lambda n: None, set_gate=lambda fn, numbers: None,
          account_new=lambda limit: 1, account_free=lambda a: None, account_usage=lambda a: (0, 1),
          take_pending=lambda: None, exists=lambda name: True)
    sys.path.insert(0, str(ROOT))
    for name in ("kernel", "kernel.sched", "kernel.syscall", "kernel.process"):
        sys.modules.pop(name, None)
    from kernel import process, sched, syscall
    proc = process.Process("t", ["t"])
    sched.current = sched.Task(5, "t", None, ())
    sched.current.process = proc
    yield types.SimpleNamespace(syscall=syscall, process=process, proc=proc, printed=printed)
    sys.path.remove(str(ROOT))
    for name, mod in saved.items():
        if mod is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = mod


def call(kernel, nr, *args):
    """What the process sees: the result, or (errno, strerror) of the OSError. Bools become
    ints first, as the native gate does (tests/runtime/test_userland.py checks the gate's side:
    only plain data gets through it)."""
    args = tuple(int(a) if type(a) is bool else a for a in args)
    try:
        return kernel.syscall.dispatch(nr, args)
    except OSError as e:
        assert e.__context__ is None and e.__cause__ is None
        return (e.errno, e.strerror)


def test_errno_names_and_messages_are_linux(kernel):
    for number, (name, message) in kernel.syscall.ERRORS.items():
        assert getattr(errno, name) == number
        assert getattr(kernel.syscall, name) == number
        assert os.strerror(number) == message
        assert kernel.syscall.strerror(number) == message


def test_user_errno_module_matches_cpython(kernel):
    values = {}
    exec((ROOT / "user" / "errno.py").read_text(), values)
    for name, value in values.items():
        if re.fullmatch(r"E[A-Z]+", name):
            assert getattr(errno, name) == value, name
    assert values["errorcode"][errno.EAGAIN] == "EAGAIN"
    assert all(errno.errorcode[n] in (name, "EWOULDBLOCK", "ENOTSUP") or n in (11, 95)
               for n, name in values["errorcode"].items())


KRAIT_OWN_SYSCALLS = {"SYS_NETADMIN", "SYS_NETSTATS"}        # beyond Linux's numbers, so no Linux number means it


@pytest.mark.skipif(not UNISTD.exists(), reason="no <asm/unistd_64.h>")
def test_syscall_numbers_are_linux_x86_64(kernel):
    linux = dict(re.findall(r"#define __NR_(\w+) (\d+)", UNISTD.read_text()))
    names = [n for n in dir(kernel.syscall) if n.startswith("SYS_") and n not in KRAIT_OWN_SYSCALLS]
    assert len(names) >= 20
    for name in names:
        assert int(linux[name[4:].lower()]) == getattr(kernel.syscall, name), name


def test_dispatcher_checks_numbers_counts_and_types(kernel):
    sc = kernel.syscall
    assert call(kernel, 999) == (errno.ENOSYS, "Function not implemented")
    assert call(kernel, "39") == (errno.ENOSYS, "Function not implemented")
    assert call(kernel, sc.SYS_GETPID) == kernel.proc.pid
    assert call(kernel, sc.SYS_GETPID, 1) == (errno.EINVAL, "Invalid argument")
    assert call(kernel, sc.SYS_WRITE, 1) == (errno.EINVAL, "Invalid argument")
    assert call(kernel, sc.SYS_WRITE, 1, "text") == (errno.EINVAL, "Invalid argument")
    assert call(kernel, sc.SYS_WRITE, 1, bytearray(b"x")) == (errno.EINVAL, "Invalid argument")
    assert call(kernel, sc.SYS_WRITE, 1, b"hi") == 2
    assert call(kernel, sc.SYS_WRITE, True, b"hi") == 2                    # bool is an int, as in CPython
    assert call(kernel, sc.SYS_WRITE, 7, b"hi") == (errno.EBADF, "Bad file descriptor")
    assert call(kernel, sc.SYS_WRITE, "1", b"hi") == (errno.EBADF, "Bad file descriptor")
    assert call(kernel, sc.SYS_WRITE, -1, b"hi") == (errno.EBADF, "Bad file descriptor")
    assert call(kernel, sc.SYS_READ, 1, 10) == (errno.EINVAL, "Invalid argument")   # stdout has no read
    assert call(kernel, sc.SYS_NANOSLEEP, -5) == (errno.EINVAL, "Invalid argument")
    assert call(kernel, sc.SYS_KILL, 12345, 9) == (errno.ESRCH, "No such process")


def test_process_syscalls_with_a_descriptor_look_it_up_first(kernel):
    """The dispatcher leaves the descriptor check to the handler: a closed descriptor gives EBADF whatever the
    other arguments are (read with a negative count included)."""
    bad = {int: -1, float: -1.0, bytes: b"", str: "", tuple: (), list: [], type(None): None}
    checked = []
    for nr, (fn, name, types, usual) in sorted(kernel.syscall.table.items()):
        if kernel.syscall.FD in types:
            args = tuple(999 if t is kernel.syscall.FD else bad[u] for t, u in zip(types, usual))
            assert call(kernel, nr, *args) == (errno.EBADF, "Bad file descriptor"), name
            checked.append(name)
    assert {"read", "write", "dup"} <= set(checked)


def test_declared_types_and_alternatives(kernel):
    sc = kernel.syscall
    seen = []

    @sc.register(400, "probe", (list, (int, type(None)), float))
    def probe(proc, items, extra, number):
        seen.append((items, extra, number))
        return len(items)

    assert call(kernel, 400, [1, 2], None, 1.5) == 2
    assert call(kernel, 400, [1], 5, 2) == 1                             # an int is a float too
    assert call(kernel, 400, [1], True, 2.0) == 1
    assert call(kernel, 400, (1,), None, 1.0) == (errno.EINVAL, "Invalid argument")
    assert call(kernel, 400, [1], 1.5, 1.0) == (errno.EINVAL, "Invalid argument")
    assert call(kernel, 400, [1], None, "1") == (errno.EINVAL, "Invalid argument")
    assert call(kernel, 400, [1], None) == (errno.EINVAL, "Invalid argument")
    assert seen == [([1, 2], None, 1.5), ([1], 5, 2), ([1], 1, 2.0)]
    with pytest.raises(ValueError):
        sc.register(400, "again", ())(probe)


def test_handler_errors_become_oserror_without_kernel_context(kernel):
    sc = kernel.syscall

    @sc.register(401, "fails", (int,))
    def fails(proc, how):
        if how == 0:
            raise sc.Error(sc.EADDRINUSE)
        if how == 1:
            raise MemoryError()
        if how == 2:
            raise KeyboardInterrupt()
        if how == 3:
            try:
                {}["secret"]
            except KeyError:
                raise sc.Error(sc.ECONNREFUSED)
        raise RuntimeError("kernel bug")

    assert call(kernel, 401, 0) == (errno.EADDRINUSE, "Address already in use")
    assert call(kernel, 401, 1) == (errno.ENOMEM, "Cannot allocate memory")
    with pytest.raises(KeyboardInterrupt):                   # a signal from block_on goes through
        kernel.syscall.dispatch(401, (2,))
    assert call(kernel, 401, 3) == (errno.ECONNREFUSED, "Connection refused")
    before = len(kernel.printed)
    assert call(kernel, 401, 4) == (errno.EIO, "Input/output error")
    assert len(kernel.printed) == before + 1                 # the kernel's traceback goes to the console


def test_check_tuple(kernel):
    sc = kernel.syscall
    assert sc.check_tuple(("1.2.3.4", 80), (str, int)) == ("1.2.3.4", 80)
    for bad in (["1.2.3.4", 80], ("1.2.3.4",), ("1.2.3.4", "80"), (b"1.2.3.4", 80)):
        with pytest.raises(sc.Error) as e:
            sc.check_tuple(bad, (str, int))
        assert e.value.errno == errno.EINVAL


class File:
    def __init__(self):
        self.closed = 0

    def close(self):
        self.closed += 1


def test_fd_table_lowest_free_emfile_and_dup(kernel):
    proc = kernel.process.Process("fds", ["fds"])
    assert [f is not None for f in proc.fds] == [True, True, True]             # stdin, stdout, stderr
    files = [File() for _ in range(kernel.process.MAX_FDS - 3)]
    assert [proc.fd_install(f) for f in files] == list(range(3, kernel.process.MAX_FDS))
    with pytest.raises(kernel.syscall.Error) as e:
        proc.fd_install(File())
    assert e.value.errno == errno.EMFILE
    assert proc.fd_remove(10) is files[7]
    assert proc.fd_install(files[7]) == 10                    # the lowest free one again
    with pytest.raises(kernel.syscall.Error) as e:
        proc.fd_get(64)
    assert e.value.errno == errno.EBADF
    proc.fd_remove(20).close()
    proc.fd_remove(21).close()
    assert proc.fd_install(files[0]) == 20                    # a dup of fd 3
    proc.fd_remove(3).close()                                 # fd 20 still names it: not closed
    assert files[0].closed == 0
    proc.fd_remove(20).close()
    assert files[0].closed == 1
    with pytest.raises(kernel.syscall.Error) as e:
        proc.fd_remove(20)
    assert e.value.errno == errno.EBADF
