"""Quick checks of the Krait runtime against CPython as the oracle."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from toolchain import hosted  # noqa: E402
from toolchain.compiler import CompileError  # noqa: E402


def run_both(tmp_path, source, args=()):
    prog = tmp_path / "prog.py"
    prog.write_text(textwrap.dedent(source))
    expected = subprocess.run([sys.executable, str(prog), *args], capture_output=True, text=True)
    bundle = tmp_path / "prog.bundle"
    hosted.compile_program(str(prog), str(bundle))
    actual = subprocess.run([str(hosted.vm_path()), str(bundle), *args], capture_output=True, text=True)
    return expected, actual


def rfc1071(data, start=0):
    total = start
    if len(data) % 2:
        data = data + b"\0"
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def test_inet_checksum_matches_reference(tmp_path):
    payloads = [b"", b"\x01", bytes(range(256)), b"\xff" * 1501, b"\x45\x00\x00\x54" * 5]
    lines = [f"print(inet.checksum({p!r}), inet.checksum({p!r}, 77))" for p in payloads]
    prog = tmp_path / "cks.py"
    prog.write_text("import inet\n" + "\n".join(lines) + "\n")
    bundle = tmp_path / "cks.bundle"
    hosted.compile_program(str(prog), str(bundle))
    out = subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True).stdout
    want = "".join(f"{rfc1071(p)} {rfc1071(p, 77)}\n" for p in payloads)
    assert out == want


def test_struct_and_bigints_match_cpython(tmp_path):
    expected, actual = run_both(tmp_path, """
        import struct
        h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 84, 1, 0x4000, 64, 1, 0, b"\\x0a\\0\\0\\1", b"\\x0a\\0\\0\\2")
        print(h, struct.unpack("!BBHHHBBH4s4s", h), struct.calcsize("@bhiq"), struct.calcsize("<bhiq"))
        print(struct.unpack_from("<I", b"xx\\x01\\x02\\x03\\x04", 2), struct.pack("<q", -2))
        x = 3 ** 200
        print(x, x // 7 ** 50, x % 12345678901, -x >> 100, hex(x & (1 << 130) - 1), (x * x) // x == x)
        """)
    assert actual.stdout == expected.stdout
    assert actual.returncode == expected.returncode == 0


def test_uncaught_exception_traceback_and_exit_status(tmp_path):
    expected, actual = run_both(tmp_path, """
        import sys
        def f(n):
            if n == 0:
                raise ValueError("boom")
            f(n - 1)
        print(sys.argv[1:])
        f(2)
        """, args=("a", "b"))
    assert actual.stdout == expected.stdout
    assert actual.returncode == 1
    assert actual.stderr.startswith("Traceback (most recent call last):\n")
    assert actual.stderr.endswith("ValueError: boom\n")
    assert actual.stderr.count(", in f\n") == 3


def test_sys_exit_status(tmp_path):
    expected, actual = run_both(tmp_path, "import sys\nprint('x')\nsys.exit(3)\n")
    assert (actual.stdout, actual.returncode) == (expected.stdout, expected.returncode) == ("x\n", 3)


def test_recursion_error_is_catchable(tmp_path):
    expected, actual = run_both(tmp_path, """
        def r(n):
            return r(n + 1)
        try:
            r(0)
        except RecursionError as e:
            print("caught", type(e).__name__)
        """)
    assert actual.stdout == expected.stdout == "caught RecursionError\n"


def test_unsupported_construct_message(tmp_path):
    prog = tmp_path / "bad.py"
    prog.write_text("x = 1\nmatch x:\n    case 1:\n        pass\n")
    with pytest.raises(CompileError) as info:
        hosted.compile_program(str(prog), str(tmp_path / "bad.bundle"))
    assert str(info.value) == f"{prog}:2:1: unsupported: match statement"


def test_syntax_error_message(tmp_path):
    prog = tmp_path / "syn.py"
    prog.write_text("def f(:\n    pass\n")
    with pytest.raises(CompileError) as info:
        hosted.compile_program(str(prog), str(tmp_path / "syn.bundle"))
    assert str(info.value).startswith(f"{prog}:1:")
    assert ": syntax error: " in str(info.value)
