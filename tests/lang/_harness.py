"""Shared helpers for the language tests: run a program under CPython and under the hosted VM."""
import contextlib
import difflib
import fcntl
import os
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

LANG_DIR = Path(__file__).resolve().parent
REPO_ROOT = LANG_DIR.parent.parent
RUN_TIMEOUT = 30  # seconds per program run; a hung VM fails its test instead of the whole suite

if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str

    @property
    def failed(self):
        return self.returncode != 0

    def exception_name(self):
        """Exception type name from the last stderr line ('pkg.mod.Err: msg' -> 'Err'), or None."""
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        if not lines:
            return None
        head = lines[-1].split(":", 1)[0].strip()
        return head.rsplit(".", 1)[-1]


def _run(cmd, env_extra=None, cwd=None, timeout=RUN_TIMEOUT):
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
    env.update(env_extra or {})
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, cwd=cwd)
    return Outcome(proc.returncode,
                   proc.stdout.decode("utf-8", "replace"),
                   proc.stderr.decode("utf-8", "replace"))


def run_cpython(program, args=()):
    """The oracle: CPython itself, with the program's folder first on sys.path as usual."""
    program = Path(program)
    return _run([sys.executable, "-B", str(program), *args], cwd=program.parent)


def load_hosted():
    """Import the VM toolchain, failing the test with a clear message when it is not there yet."""
    import pytest
    try:
        from toolchain import hosted
    except ImportError as exc:
        pytest.fail(f"Krait VM toolchain unavailable (toolchain.hosted): {exc}", pytrace=False)
    return hosted


_vm_cache = {}


@contextlib.contextmanager
def _build_lock():
    """Serialize the incremental VM build across pytest-xdist workers."""
    lock_path = Path(tempfile.gettempdir()) / "krait-vm-build.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def vm_binary():
    """Path of images/krait-vm, built once per process; a failed build is remembered and reported by every test."""
    import pytest
    if "path" not in _vm_cache and "error" not in _vm_cache:
        hosted = load_hosted()
        try:
            with _build_lock():
                _vm_cache["path"] = str(hosted.vm_path())
        except Exception as exc:  # a build failure should fail every VM test loudly, but only build once
            _vm_cache["error"] = f"building images/krait-vm failed: {type(exc).__name__}: {exc}"
    if "error" in _vm_cache:
        pytest.fail(_vm_cache["error"], pytrace=False)
    return _vm_cache["path"]


COMPILE_TIMEOUT = 10  # seconds; a compile normally takes well under one


class CompileTimeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds):
    """Turn a compiler that never returns into a test failure instead of a hung run (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise CompileTimeout(f"compiler did not finish within {seconds}s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def compile_bundle(program, tmp_dir, search_paths=None):
    hosted = load_hosted()
    program = Path(program)
    bundle = Path(tmp_dir) / (program.stem + ".bundle")
    paths = search_paths if search_paths is not None else [str(program.parent)]
    with time_limit(COMPILE_TIMEOUT):
        hosted.compile_program(str(program), str(bundle), search_paths=paths)
    return bundle


def run_vm(program, tmp_dir, args=(), heap=None, search_paths=None, timeout=RUN_TIMEOUT):
    """Compile in-process, then run the bundle under images/krait-vm."""
    vm = vm_binary()
    bundle = compile_bundle(program, tmp_dir, search_paths)
    env_extra = {"KRAIT_HEAP": str(heap)} if heap else None
    return _run([vm, str(bundle), *args], env_extra=env_extra, cwd=Path(program).parent, timeout=timeout)


def stdout_diff(expected, actual, limit=40):
    diff = difflib.unified_diff(expected.splitlines(), actual.splitlines(), "cpython", "krait", lineterm="", n=1)
    lines = list(diff)
    more = f"\n... {len(lines) - limit} more diff lines" if len(lines) > limit else ""
    return "\n".join(lines[:limit]) + more


def assert_same_outcome(expected, actual):
    """Same stdout, same success, same exit status and, on an uncaught exception, the same type name."""
    assert actual.stdout == expected.stdout, (
        f"stdout differs from CPython:\n{stdout_diff(expected.stdout, actual.stdout)}\n"
        f"VM exit {actual.returncode}, VM stderr tail:\n{actual.stderr[-1500:]}")
    assert actual.failed == expected.failed, (
        f"CPython exit {expected.returncode}, VM exit {actual.returncode}\nVM stderr:\n{actual.stderr}")
    if expected.failed:
        assert actual.returncode == expected.returncode, (
            f"exit status: CPython {expected.returncode}, VM {actual.returncode}\nVM stderr:\n{actual.stderr}")
        assert actual.exception_name() == expected.exception_name(), (
            f"CPython stderr:\n{expected.stderr}\nVM stderr:\n{actual.stderr}")


def read_pending():
    path = LANG_DIR / "PENDING.txt"
    if not path.exists():
        return set()
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names
