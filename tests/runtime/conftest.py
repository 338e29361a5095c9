"""Builds the numeric host driver once per session and runs batches through it."""
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "kernel" / "runtime"
DRIVER = pathlib.Path(__file__).resolve().parent / "numeric_driver.c"

KERNEL_CFLAGS = [
    "-std=gnu11", "-O2", "-ffreestanding", "-fno-builtin", "-fno-stack-protector",
    "-fno-pic", "-mno-red-zone", "-fno-omit-frame-pointer", "-Wall", "-Wextra", "-Werror",
]

# CPython 3.11 limits int <-> decimal str conversions; the runtime does not.
if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)


def _build(tmp: pathlib.Path, extra: list[str]) -> pathlib.Path:
    objs = []
    for name in ("bignum", "fltfmt"):
        obj = tmp / f"{name}.o"
        subprocess.run(["gcc", *KERNEL_CFLAGS, *extra, "-c", str(RUNTIME / f"{name}.c"), "-o", str(obj)],
                       check=True)
        objs.append(str(obj))
    exe = tmp / "numeric_driver"
    subprocess.run(["gcc", "-O2", "-no-pie", "-Wall", f"-I{RUNTIME}", str(DRIVER), *objs, "-o", str(exe)],
                   check=True)
    return exe


class Driver:
    def __init__(self, exe: pathlib.Path):
        self.exe = exe

    def run(self, lines: list[str]) -> list[str]:
        text = "".join(line + "\n" for line in lines)
        out = subprocess.run([str(self.exe)], input=text, capture_output=True, text=True, check=True).stdout
        result = out.split("\n")[:-1]
        assert len(result) == len(lines)
        return result


@pytest.fixture(scope="session")
def numeric(tmp_path_factory) -> Driver:
    return Driver(_build(tmp_path_factory.mktemp("numeric"), ["-fno-math-errno"]))


@pytest.fixture(scope="session")
def numeric_errno(tmp_path_factory) -> Driver:
    """Built without -fno-math-errno: flt_sqrt must still avoid libm."""
    return Driver(_build(tmp_path_factory.mktemp("numeric_errno"), []))
