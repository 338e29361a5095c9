"""The allocator must reuse the holes a collection leaves, not fragment the heap.

Small survivors interleaved with short-lived garbage used to be spread over the
whole heap, so a growing list found no contiguous room and raised MemoryError
with most of the heap free."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from toolchain import hosted  # noqa: E402

SMALL_HEAP = str(16 << 20)


def run_with_heap(tmp_path, source, heap=SMALL_HEAP):
    prog = tmp_path / "prog.py"
    prog.write_text(textwrap.dedent(source))
    expected = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True)
    bundle = tmp_path / "prog.bundle"
    hosted.compile_program(str(prog), str(bundle))
    env = dict(os.environ, KRAIT_HEAP=heap)
    actual = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True, env=env)
    return expected, actual


def test_percent_format_list_fits_small_heap(tmp_path):
    expected, actual = run_with_heap(tmp_path, """
        x = ["field%d" % i for i in range(100000)]
        print(len(x), x[0], x[-1], sum(len(s) for s in x))
        """)
    assert actual.stderr == ""
    assert actual.returncode == expected.returncode == 0
    assert actual.stdout == expected.stdout


def test_large_buffers_after_scattered_survivors(tmp_path):
    expected, actual = run_with_heap(tmp_path, """
        keep = []
        for i in range(60000):
            junk = [str(i)] * (i % 7)
            keep.append("k%05d" % i)
        bufs = [bytearray(1 << 20) for _ in range(4)]
        print(len(keep), keep[12345], [len(b) for b in bufs])
        """)
    assert actual.stderr == ""
    assert actual.returncode == expected.returncode == 0
    assert actual.stdout == expected.stdout
