"""Constructs outside the subset are compile errors naming PATH:LINE:COL and the construct."""
import ast
import re

import pytest

from _harness import COMPILE_TIMEOUT, LANG_DIR, time_limit, load_hosted

REJECT_DIR = LANG_DIR / "reject"
EXPECT_RE = re.compile(r"#\s*expect:\s*(\d+):(\d+)\s+(.+?)\s*$")

# The CPython ast node that carries each construct: the oracle that the expectation line is right.
CONSTRUCT_NODES = {
    "async def": lambda n: isinstance(n, ast.AsyncFunctionDef),
    "await": lambda n: isinstance(n, ast.Await),
    "async for": lambda n: isinstance(n, ast.AsyncFor),
    "async with": lambda n: isinstance(n, ast.AsyncWith),
    "match statement": lambda n: isinstance(n, ast.Match),
    "except*": lambda n: isinstance(n, ast.TryStar),
    "multiple inheritance": lambda n: isinstance(n, ast.ClassDef) and len(n.bases) > 1,
    "metaclass": lambda n: isinstance(n, ast.ClassDef) and any(k.arg == "metaclass" for k in n.keywords),
}


def reject_files():
    return sorted(REJECT_DIR.glob("*.py"))


def expectation(path):
    match = EXPECT_RE.match(path.read_text().splitlines()[0])
    assert match, f"{path.name}: first line must be '# expect: LINE:COL CONSTRUCT'"
    return int(match.group(1)), int(match.group(2)), match.group(3)


def test_every_construct_is_covered():
    assert {expectation(p)[2] for p in reject_files()} == set(CONSTRUCT_NODES)


@pytest.mark.parametrize("path", reject_files(), ids=lambda p: p.name)
def test_expectation_matches_cpython_ast(path):
    line, col, construct = expectation(path)
    tree = ast.parse(path.read_text(), filename=str(path))
    hits = [n for n in ast.walk(tree) if CONSTRUCT_NODES[construct](n)]
    assert len(hits) == 1, f"expected exactly one {construct} in {path.name}"
    assert (hits[0].lineno, hits[0].col_offset + 1) == (line, col)
    others = [name for name, is_node in CONSTRUCT_NODES.items() if name != construct
              and any(is_node(n) for n in ast.walk(tree))]
    assert not others, f"{path.name} must hold one unsupported construct, also has {others}"


@pytest.mark.parametrize("path", reject_files(), ids=lambda p: p.name)
def test_compiler_rejects(path, tmp_path):
    hosted = load_hosted()
    from toolchain.compiler import CompileError
    line, col, construct = expectation(path)
    with pytest.raises(CompileError) as info, time_limit(COMPILE_TIMEOUT):
        hosted.compile_program(str(path), str(tmp_path / "out.bundle"))
    assert str(info.value) == f"{path}:{line}:{col}: unsupported: {construct}"
