"""The collector under pressure: a 4 MB heap, hundreds of MB allocated, cycles, large buffers, MemoryError."""
import pytest

from _harness import LANG_DIR, assert_same_outcome, run_cpython, run_vm

GC_DIR = LANG_DIR / "gc"
SMALL_HEAP = 4194304
GC_TIMEOUT = 120  # hundreds of MB of churn take longer than an ordinary program
DIFFERENTIAL = ["churn_small.py", "churn_large.py", "cycles.py"]


@pytest.mark.parametrize("name", DIFFERENTIAL)
def test_gc_program_matches_cpython(name, tmp_path):
    program = GC_DIR / name
    expected = run_cpython(program)
    actual = run_vm(program, tmp_path, heap=SMALL_HEAP, timeout=GC_TIMEOUT)
    assert_same_outcome(expected, actual)


def test_memory_error_recovery(tmp_path):
    # Only meaningful under the VM's small heap; the output is known without an oracle run.
    actual = run_vm(GC_DIR / "memory_error.py", tmp_path, heap=SMALL_HEAP, timeout=GC_TIMEOUT)
    assert actual.returncode == 0, actual.stderr
    assert actual.stdout == (
        "caught MemoryError\n"
        "bounded True\n"
        "freed\n"
        "huge MemoryError\n"
        f"sum {sum(i * i for i in range(10000))}\n"
        "reallocated 8 524288\n"
        "dict 2000 1999\n")
