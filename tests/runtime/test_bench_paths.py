"""The hot-path programs of bench/paths run (and check themselves) on the hosted VM and on CPython."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from toolchain import hosted

REPO = Path(__file__).resolve().parents[2]
PATHS = REPO / "bench" / "paths"


@pytest.mark.parametrize("program", ["icmp_echo.py", "tcp_exchange.py", "syscall_dispatch.py"])
def test_path_program_runs_on_both(tmp_path, program):
    bundle = tmp_path / "p.bundle"
    hosted.compile_program(str(PATHS / program), str(bundle), search_paths=[str(REPO), str(REPO / "tests" / "shims")])
    krait = subprocess.run([str(hosted.vm_path()), str(bundle), "20"], capture_output=True, text=True, timeout=120)
    assert krait.returncode == 0, krait.stdout + krait.stderr
    env = dict(os.environ, PYTHONPATH=f"{REPO}{os.pathsep}{REPO / 'tests' / 'shims'}")
    cpython = subprocess.run([sys.executable, "-P", str(PATHS / program), "20"], capture_output=True, text=True,
                             timeout=120, env=env)
    assert cpython.returncode == 0, cpython.stdout + cpython.stderr


def test_syscall_path_program_runs_in_user_mode(tmp_path):
    """bench/paths/syscall_loop.py: the user script's syscalls all reach the fake kernel (it checks the counts
    and the script's exit status itself); the VM only, since user mode is the VM's own."""
    bundle = tmp_path / "p.bundle"
    hosted.compile_program(str(PATHS / "syscall_loop.py"), str(bundle),
                           search_paths=[str(REPO), str(REPO / "tests" / "shims")])
    krait = subprocess.run([str(hosted.vm_path()), str(bundle), "40"], capture_output=True, text=True, timeout=120)
    assert krait.returncode == 0, krait.stdout + krait.stderr
    assert krait.stdout == "echoed 35\n"
