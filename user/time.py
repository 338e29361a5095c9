"""time for user scripts, shaped like CPython's: the clock is the kernel's
monotonic one (seconds since boot; Krait has no wall clock yet), and sleep()
blocks in the kernel (interruptible by Ctrl-C or kill) instead of spinning."""
import _syscall

_call = _syscall.call


def monotonic():
    return _call(_syscall.SYS_CLOCK_GETTIME)


time = monotonic
perf_counter = monotonic


def monotonic_ns():
    return int(monotonic() * 1000000) * 1000


time_ns = monotonic_ns
perf_counter_ns = monotonic_ns


def sleep(secs):
    if not isinstance(secs, (int, float)):
        raise TypeError(f"'{type(secs).__name__}' object cannot be interpreted as an integer")
    if secs < 0:
        raise ValueError("sleep length must be non-negative")
    ms = int(secs * 1000)
    if ms < secs * 1000:
        ms += 1
    _call(_syscall.SYS_NANOSLEEP, ms)
