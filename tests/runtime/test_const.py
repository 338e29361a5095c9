"""const(): MicroPython's compile-time integer constants (toolchain/compiler.py), against CPython running the
same program with the stand-in micropython module (tests/shims), and the compile errors for misuse."""
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from toolchain import compiler, hosted  # noqa: E402
from toolchain import opcodes as op  # noqa: E402
from toolchain.codeobj import CodeObject  # noqa: E402
from toolchain.compiler import CompileError  # noqa: E402

PROGRAM = """
    from micropython import const

    A = const(4)
    B = const(A << 2 | 1)
    _C = const(-(B // 2) % 7)
    MASK = const(~0xF & 0xFF)


    def f(x):
        return x * A + B


    def shadow(A):                  # a parameter hides the constant
        return A + 1


    def local():
        B = "local"                 # so does a local
        return B


    class K:
        B = 100                     # and a class attribute, in the class body

        def method(self):
            return B                # (a method sees the module's)


    print(f(2), shadow(10), local(), K.B, K().method(), _C, MASK, A, B)
    print([A * i for i in range(3)], const(7), (lambda: B)())
    import sys
    print(sorted(n for n in dir(sys.modules[__name__]) if n.isupper()))
"""


def run_vm(prog):
    """Compiles prog (a path) for the hosted VM and runs it."""
    bundle = prog.with_suffix(".bundle")
    hosted.compile_program(str(prog), str(bundle))
    return subprocess.run([str(hosted.vm_path()), str(bundle)], capture_output=True, text=True)


def test_consts_read_as_cpython_reads_them(tmp_path):
    prog = tmp_path / "prog.py"
    prog.write_text(textwrap.dedent(PROGRAM))
    env = dict(os.environ, PYTHONPATH=str(REPO / "tests" / "shims"))
    expected = subprocess.run([sys.executable, str(prog)], capture_output=True, text=True, env=env)
    actual = run_vm(prog)
    assert expected.returncode == 0, expected.stderr
    assert (actual.stdout, actual.returncode) == (expected.stdout, 0), actual.stderr


def _code_objects(code):
    yield code
    for c in code.consts:
        if isinstance(c, CodeObject):
            yield from _code_objects(c)


def _function(source, name):
    """(code object, its opcodes) of the function `name` in the module compiled from source."""
    module = compiler.compile_source(source, "m.py", "m")
    f = next(c for c in _code_objects(module) if c.name == name)
    return f, list(f.code[0::op.INSTRUCTION_SIZE])


def test_a_const_read_is_a_constant_load():
    source = "from micropython import const\nN = const(3)\n\ndef f(x):\n    return x + N\n"
    f, ops = _function(source, "f")
    assert op.LOAD_GLOBAL not in ops
    assert 3 in f.consts
    _, plain = _function(source.replace("const(3)", "3"), "f")
    assert op.LOAD_GLOBAL in plain                                      # (the check above can fail)


@pytest.mark.parametrize("body, line, message", [
    ("N = const(1)\nN = 2\n", 3, "const name 'N' is assigned again"),
    ("N = const(1)\nfor N in range(2):\n    pass\n", 3, "const name 'N' is assigned again"),
    ("N = const(1)\ndef f():\n    global N\n    N = 3\n", 4, "const name 'N' is declared global"),
    ("N = const(1)\ndel N\n", 3, "const name 'N' is assigned again"),
    ("N = const(1)\ndef N():\n    pass\n", 3, "const name 'N' is assigned again"),
    ("N = const(1)\nN = const(2)\n", 3, "const name 'N' is assigned again"),
    ("N = const(1)\nif True:\n    def N():\n        pass\n", 4, "const name 'N' is assigned again"),
    ("N = const(1)\ntry:\n    import os as N\nexcept ImportError:\n    pass\n", 4, "const name 'N' is assigned again"),
    ("N = const(1)\nprint(N := 2)\n", 3, "const name 'N' is assigned again"),
    ("x = 5\nN = const(x)\n", 3, "const() takes an integer made of literals and earlier const names"),
    ("N = const('a')\n", 2, "const() takes an integer made of literals and earlier const names"),
    ("N = const(1, 2)\n", 2, "const() takes one argument"),
    ("N = const(1 << 99 >> 200)\n", 2, "const() value out of range"),
])
def test_misuse_is_a_compile_error_naming_its_line(tmp_path, body, line, message):
    prog = tmp_path / "bad.py"
    prog.write_text("from micropython import const\n" + body)
    with pytest.raises(CompileError) as info:
        hosted.compile_program(str(prog), str(tmp_path / "bad.bundle"))
    text = str(info.value)
    assert text.startswith(f"{prog}:{line}:") and text.endswith(message), text


def test_without_the_import_const_is_an_ordinary_name(tmp_path):
    prog = tmp_path / "plain.py"
    prog.write_text("def const(x):\n    return x * 2\nN = const(4)\nN = 5\nprint(N, const(3))\n")
    actual = run_vm(prog)
    assert actual.stdout == "5 6\n"


def test_const_is_imported_at_a_module_top_level_only(tmp_path):
    """Inside a function the import is an ordinary one, and Krait has no micropython module to give it."""
    prog = tmp_path / "nested.py"
    prog.write_text("def f():\n    from micropython import const\n    return const(3)\n\n\nprint(f())\n")
    actual = run_vm(prog)
    assert actual.returncode == 1
    assert actual.stderr.endswith("ModuleNotFoundError: No module named 'micropython'\n"), actual.stderr
