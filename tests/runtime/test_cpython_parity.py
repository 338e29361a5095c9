"""Regression programs for runtime fixes: stdout must equal CPython's, byte for byte."""
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from toolchain import hosted  # noqa: E402

PROGRAMS = sorted((Path(__file__).resolve().parent / "programs").glob("*.py"))


@pytest.mark.parametrize("prog", PROGRAMS, ids=lambda p: p.stem)
def test_program_matches_cpython(tmp_path, prog):
    expected = subprocess.run([sys.executable, str(prog)], capture_output=True)
    bundle = tmp_path / "prog.bundle"
    hosted.compile_program(str(prog), str(bundle))
    actual = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True)
    assert expected.returncode == 0, expected.stderr
    assert actual.stderr == b""
    assert actual.returncode == 0
    assert actual.stdout == expected.stdout
