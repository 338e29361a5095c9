"""CPython (and hosted VM) stand-in for the kernel's native `kthread` module: what kernel/syscall.py and
kernel/sched.py call outside a scheduler (no tasks, no preemption to hold off)."""
import sys


def preempt_off():
    pass


def preempt_on(*exc_info):
    """(also sched.critical()'s __exit__, given the exception triple)"""


def print_exception(e):
    print(f"{type(e).__name__}: {e}", file=sys.stderr)
