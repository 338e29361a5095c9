"""The VM's user mode (kernel/runtime/userland.c) in the hosted build: a small
driver plays the kernel (a syscall dispatcher, an allocation account) and runs
user/ scripts through userland.run, as kernel/process.py does on the machine.
The QEMU tests in tests/process/ cover the same paths with the real kernel."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from toolchain import hosted  # noqa: E402

DRIVER = """
import sys
import userland


def _frozen_scripts():      # never called: makes the bundle carry the user modules
    import user.t_escape, user.t_args, user.t_raise, user.t_membomb, user.t_exit
    import user.errno, user.os, user.time, user.t_state, user.t_stubborn, user.t_gate, user.t_bigint


SECRET = ["kernel state"]


def dispatch(nr, args):
    if nr == 505:           # what reached the kernel: the argument types, as the gate let them through
        return [type(a).__name__ for a in args]
    if nr == 39:
        if args:        # as kernel/syscall.py's checks answer (the QEMU tests run the real ones)
            raise OSError(22, "Invalid argument")
        return 1234
    if nr == 1:
        print("write", args[1])
        return len(args[1])
    if nr == 500:
        return [1, (2, b"x"), "s"]
    if nr == 501:
        return SECRET
    if nr == 502:
        return {"not": "plain"}
    if nr == 503:
        raise KeyError(SECRET)
    if nr == 504:
        try:
            SECRET[5]
        except IndexError:
            raise OSError(5, "Input/output error")
    raise OSError(38, "Function not implemented")


userland.set_gate(dispatch, {"SYS_GETPID": 39, "SYS_WRITE": 1, "SYS_CLOCK_GETTIME": 228, "SYS_NANOSLEEP": 35})
LIMIT = int(sys.argv[2]) if len(sys.argv) > 2 else 8 << 20
for _ in range(int(sys.argv[3]) if len(sys.argv) > 3 else 1):
    account = userland.account_new(LIMIT)          # one per process, as kernel/process.py does
    status = userland.run("user." + sys.argv[1], [sys.argv[1]] + sys.argv[4:], account)
    print("status", status, "user mode", userland.in_user_mode())
    held = userland.account_usage(account)[0]
    userland.account_free(account)
import gc
gc.collect()
print("held after", userland.user_total() == 0)
print("kernel intact", SECRET == ["kernel state"], len("abc"))
"""


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("userland")
    prog = tmp / "driver.py"
    prog.write_text(DRIVER)
    bundle = tmp / "driver.bundle"
    hosted.compile_program(str(prog), str(bundle), search_paths=[REPO])
    exe = hosted.vm_path()

    def run(script, *args, limit=8 << 20, times=1):
        res = subprocess.run([str(exe), str(bundle), script, str(limit), str(times), *args],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
        return res.stdout, res.returncode
    return run


def test_script_runs_with_its_own_main_and_argv(driver):
    out, rc = driver("t_args", "4", "five", "6")
    assert rc == 0
    assert "argv ['t_args', '4', 'five', '6']\nname __main__\nargs 3 4 five 6\nsum 10\n" in out
    assert "status 0 user mode False" in out
    assert "kernel intact True 3" in out


def test_uncaught_exception_prints_traceback_and_returns_status(driver):
    out, rc = driver("t_raise")
    assert rc == 0
    assert "before the error\nTraceback (most recent call last):\n" in out
    assert "KeyError: 'question'\nstatus 1 user mode False" in out


def test_sys_exit_status(driver):
    out, _ = driver("t_exit", "7")
    assert "exiting with 7\nstatus 7" in out


def test_every_escape_path_is_closed(driver):
    out, rc = driver("t_escape")
    assert rc == 0, out
    assert "ESCAPE" not in out, out
    assert "Traceback" not in out, out
    ok = int(out.split("results ")[1].split()[0])
    assert ok >= 60, out
    assert "status 0" in out and "kernel intact True 3" in out


def test_memory_allowance_stops_a_bomb_and_is_reclaimed(driver):
    out, rc = driver("t_membomb", "65536", "bomb", limit=4 << 20, times=3)
    assert rc == 0, out
    assert out.count("MemoryError after ") == 3
    got = [int(x.split()[0]) for x in out.split("MemoryError after ")[1:]]
    assert all(2 <= g <= 4 for g in got), got
    assert out.count("status 1 user mode False") == 3
    assert "held after True" in out
    assert "kernel intact True 3" in out


def test_modules_are_fresh_per_run(driver):
    out, _ = driver("t_state", times=3)
    assert out.count("state 1 1\nbuiltins fresh\n") == 3, out


def test_signal_posted_before_the_run_interrupts_the_script(tmp_path):
    prog = tmp_path / "sig.py"
    prog.write_text(textwrap.dedent("""
        import userland

        def _frozen():
            import user.t_stubborn, user.t_loop

        userland.set_gate(lambda nr, args: None, {})
        account = userland.account_new(1 << 20)
        userland.post(KeyboardInterrupt(), False)
        print("status", userland.run("user.t_loop", ["t_loop"], account))
        userland.post(SystemExit(137), True)
        print("status", userland.run("user.t_stubborn", ["t_stubborn"], account))
        print("after", userland.take_pending())
        """))
    bundle = tmp_path / "sig.bundle"
    hosted.compile_program(str(prog), str(bundle), search_paths=[REPO])
    res = subprocess.run([str(hosted.vm_path()), str(bundle)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=60)
    out = res.stdout
    assert "KeyboardInterrupt\nstatus 130\n" in out
    assert "caught SystemExit" in out                   # the script catches the kill ...
    assert "status 137\nafter None\n" in out            # ... and it ends anyway


def test_syscall_results_are_copies_and_errors_carry_no_kernel_objects(driver):
    out, rc = driver("t_gate")
    assert rc == 0, out
    assert "list [1, (2, b'x'), 's'] list\n" in out
    assert "copy ['kernel state'] mutated ['kernel state', 'process']\n" in out
    assert "dict SystemError the kernel failed in a syscall\n" in out
    assert "keyerror SystemError () None\n" in out
    assert "oserror 5 Input/output error context None traceback " in out
    assert out.split("oserror 5 Input/output error context None traceback ")[1].split("\n")[0].endswith("user/t_gate.py")
    assert "kernel intact True 3" in out


def test_only_plain_arguments_reach_the_kernel(driver):
    out, rc = driver("t_gate")
    assert rc == 0, out
    assert "args ['int', 'int', 'str', 'bytes', 'float', 'NoneType', 'tuple', 'list'] \n" in out
    assert "nested ['list'] \n" in out                 # plain all the way down, 4 levels deep
    assert "int-subclass ['int'] ran False\n" in out
    for label in ("bytearray", "subclass-list", "dict", "too-deep", "nested-subclass",
                  "function", "set"):
        assert f"{label} OSError 22 Invalid argument ran False\n" in out, label


def test_bignum_limits_for_processes(driver):
    out, rc = driver("t_bigint")
    assert rc == 0, out
    for line in ("3**2000 digits ok 955", "2**100000 bits ok 100001", "3**1000000 MemoryError",
                 "1 << 10**7 MemoryError", "x*x huge MemoryError", "str of 5000 digits ValueError",
                 "int of 5000 digits ValueError", "pow mod rsa ok True", "pow mod huge MemoryError",
                 "from_bytes huge MemoryError", "0 ** big ok 0", "1 ** big ok 1"):
        assert line + "\n" in out, (line, out)


def test_processes_builtins_never_leak_through_cached_lookups(tmp_path):
    """One code object, several builtins dicts: the prelude's functions run with the kernel's builtins in
    kernel mode and with each process's own copy in user mode; a user module's code runs in every process.
    A process shadowing a builtin sees its change at once, and neither the kernel nor the next process does."""
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "__init__.py").write_text("")
    (tmp_path / "user" / "ucache_lib.py").write_text(textwrap.dedent("""
        def count(s):
            return len(s)
        """))
    (tmp_path / "user" / "ucache.py").write_text(textwrap.dedent("""
        import ucache_lib
        b = globals()["__builtins__"]
        orig = len
        print("user", repr("ab".center(6)), ucache_lib.count("abc"))
        b["len"] = lambda s: 1
        print("shadowed", repr("ab".center(6)), ucache_lib.count("abc"))
        b["len"] = orig
        print("restored", repr("ab".center(6)), ucache_lib.count("abc"))
        del b["len"]
        try:
            ucache_lib.count("abc")
        except NameError as e:
            print("deleted", type(e).__name__)
        """))
    prog = tmp_path / "drv.py"
    prog.write_text(textwrap.dedent("""
        import userland

        def _frozen():
            import user.ucache, user.ucache_lib

        userland.set_gate(lambda nr, args: None, {})
        print("kernel", repr("ab".center(6)))
        for _ in range(2):
            account = userland.account_new(1 << 20)
            print("status", userland.run("user.ucache", ["ucache"], account))
            userland.account_free(account)
            print("kernel", repr("ab".center(6)), len("abc"))
        """))
    bundle = tmp_path / "drv.bundle"
    hosted.compile_program(str(prog), str(bundle), search_paths=[tmp_path, REPO])
    res = subprocess.run([str(hosted.vm_path()), str(bundle)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, timeout=60)
    run = ("user '  ab  ' 3\nshadowed '  ab   ' 1\nrestored '  ab  ' 3\ndeleted NameError\nstatus 0\n"
           "kernel '  ab  ' 3\n")
    assert res.stdout == "kernel '  ab  '\n" + run * 2, res.stdout


def test_types_are_matches_its_cpython_stand_in(tmp_path):
    """userland.types_are, the dispatcher's check of a syscall's usual arguments, against the stand-in the host
    tests of kernel/syscall.py use (tests/shims/userland.py)."""
    cases = textwrap.dedent("""
        class Obj:
            pass

        CASES = [((), ()), ((3, 65536, 0), (int, int, int)), ((3, b"x", 0, ()), (int, bytes, int, tuple)),
                 ((3,), (int, int)), ((3, 4), (int,)), ((True,), (int,)), ((Obj(),), (object,)),
                 ((3.0,), (int,)), (([(3, 1)], -1), (list, int)), (((3, 1), -1), (list, int)),
                 (("s", None), (str, type(None))), ([3], (int,)), ((3,), [int])]
        for args, types in CASES:
            try:
                print(userland.types_are(args, types))
            except TypeError:
                print("TypeError")
        """)
    prog = tmp_path / "types_are.py"
    prog.write_text("import userland\n" + cases)
    bundle = tmp_path / "types_are.bundle"
    hosted.compile_program(str(prog), str(bundle), search_paths=[REPO])
    res = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True, timeout=60)
    shim = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import userland\n"
                           + cases, str(REPO / "tests" / "shims")], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0 and shim.returncode == 0, res.stderr + shim.stderr
    assert res.stdout == shim.stdout
    assert res.stdout.split() == ["True", "True", "True", "False", "False", "False", "False", "False", "True",
                                  "False", "True", "TypeError", "TypeError"]
