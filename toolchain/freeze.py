"""Freezes the kernel's Python into one bundle linked into images/krait.elf:
kernel/main.py as __main__ and every module under kernel/, drivers/, net/ and
user/ (no file system is needed at boot). Paths in tracebacks are relative to
the repository, e.g. "kernel/main.py"."""
from pathlib import Path

from toolchain.codeobj import dump_bundle
from toolchain.compiler import CompileError, compile_source  # noqa: F401  (CompileError re-exported)

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kernel", "drivers", "net", "user")
MAIN = ROOT / "kernel" / "main.py"
PRELUDE = ROOT / "kernel" / "runtime" / "prelude.py"
# Differential programs also frozen into the kernel (module "langtest.NAME"), run by the shell's `pyrun`.
KERNEL_PROGRAMS = ROOT / "tests" / "kernel" / "programs.txt"


def sources():
    """[(module name, path, is_package)] of everything frozen, __main__ first."""
    mods = [("__main__", MAIN, False)]
    for pkg in PACKAGES:
        base = ROOT / pkg
        for path in sorted(base.rglob("*.py")):
            rel = path.relative_to(ROOT)
            if path == MAIN or "runtime" in rel.parts:
                continue
            parts = list(rel.with_suffix("").parts)
            is_pkg = parts[-1] == "__init__"
            if is_pkg:
                parts.pop()
            mods.append((".".join(parts), path, is_pkg))
    for line in KERNEL_PROGRAMS.read_text().splitlines():
        name = line.split("#")[0].strip()
        if name:
            mods.append((f"langtest.{name}", ROOT / "tests" / "lang" / f"{name}.py", False))
    return mods


def inputs():
    return ([p for _, p, _ in sources()] + [PRELUDE, KERNEL_PROGRAMS] +
            sorted((ROOT / "toolchain").glob("*.py")))


def freeze(out_path):
    """Compiles every module; raises CompileError naming file:line:col."""
    modules = []
    for name, path, is_pkg in sources():
        rel = str(path.relative_to(ROOT))
        modules.append((name, rel, is_pkg, compile_source(path.read_text(encoding="utf-8"), rel, name)))
    prelude_rel = str(PRELUDE.relative_to(ROOT))
    prelude = ("__prelude__", prelude_rel, False,
               compile_source(PRELUDE.read_text(encoding="utf-8"), prelude_rel, "__prelude__"))
    data = dump_bundle("kernel/main.py", [modules[0], prelude, *modules[1:]])
    Path(out_path).write_bytes(data)
    return len(data), len(modules)
