"""Differential suite: every tests/lang/<area>_<what>.py runs under CPython and the VM with identical results."""
import pytest

from _harness import LANG_DIR, assert_same_outcome, read_pending, run_cpython, run_vm


def program_paths():
    return sorted(p for p in LANG_DIR.glob("*.py")
                  if not p.name.startswith(("_", "test_", "conftest")))


def program_params():
    pending = read_pending()
    params = []
    for path in program_paths():
        is_pending = path.stem in pending or path.name in pending
        marks = [pytest.mark.xfail(strict=True, reason="listed in PENDING.txt")] if is_pending else []
        params.append(pytest.param(path, id=path.name, marks=marks))
    return params


def test_suite_is_large_enough():
    assert len(program_paths()) >= 220


def test_pending_names_exist():
    known = {p.stem for p in program_paths()} | {p.name for p in program_paths()}
    assert read_pending() <= known, "PENDING.txt names programs that do not exist"


@pytest.mark.parametrize("program", program_params())
def test_program_matches_cpython(program, tmp_path):
    expected = run_cpython(program)
    actual = run_vm(program, tmp_path)
    assert_same_outcome(expected, actual)
