"""The hosted build of the Krait VM: build images/krait-vm, compile bundles, run programs."""
import ast
import os
import subprocess
import sys
from pathlib import Path

from . import opcodes
from .codeobj import dump_bundle
from .compiler import CompileError, compile_source

REPO = Path(__file__).resolve().parent.parent
RUNTIME = REPO / "kernel" / "runtime"
IMAGES = REPO / "images"
OBJDIR = IMAGES / "obj-hosted"
PRELUDE = RUNTIME / "prelude.py"
CFLAGS = ["-std=gnu11", "-O2", "-fno-math-errno", "-ffreestanding", "-fno-builtin", "-fno-stack-protector", "-fno-pic",
          "-mno-red-zone", "-fno-omit-frame-pointer", "-Wall", "-Wextra"]
NATIVE_MODULES = {"sys", "struct", "inet", "math", "time", "gc", "errno", "bisect"}


def _sources():
    return sorted(p for p in RUNTIME.glob("*.c")
                  if not p.name.startswith("port_") or p.name == "port_hosted.c")


def vm_path(variant=""):
    """Build images/krait-vm incrementally and return its path. variant "opstats" builds
    images/krait-vm-opstats, which counts the instructions each code object runs (bench/paths)."""
    opcodes.write_c_header()
    objdir = OBJDIR.with_name(OBJDIR.name + (f"-{variant}" if variant else ""))
    defines = {"": [], "opstats": ["-DKRAIT_OPSTATS"]}[variant]
    objdir.mkdir(parents=True, exist_ok=True)
    headers = list(RUNTIME.glob("*.h"))
    newest_header = max((h.stat().st_mtime for h in headers), default=0)
    objs = []
    for src in _sources():
        obj = objdir / (src.stem + ".o")
        objs.append(obj)
        if obj.exists() and obj.stat().st_mtime >= max(src.stat().st_mtime, newest_header):
            continue
        flags = CFLAGS + defines
        if src.name == "port_hosted.c":
            flags.remove("-ffreestanding")
        cmd = ["gcc", *flags, "-I", str(RUNTIME), "-c", str(src), "-o", str(obj)]
        res = subprocess.run(cmd, capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError(f"compiling {src.name} failed:\n{res.stderr}")
    exe = IMAGES / ("krait-vm" + (f"-{variant}" if variant else ""))
    if not exe.exists() or any(o.stat().st_mtime > exe.stat().st_mtime for o in objs):
        res = subprocess.run(["gcc", "-no-pie", "-o", str(exe), *map(str, objs)],
                             capture_output=True, text=True)
        if res.returncode != 0:
            raise RuntimeError(f"linking krait-vm failed:\n{res.stderr}")
    return exe


def _find_module(name, search_paths):
    """(filename, is_package) of a Python module on the search paths, or None."""
    parts = name.split(".")
    for base in search_paths:
        p = Path(base).joinpath(*parts)
        if (p / "__init__.py").is_file():
            return p / "__init__.py", True
        f = p.with_suffix(".py")
        if f.is_file():
            return f, False
    return None


def _imports_of(tree, modname, is_pkg):
    """Absolute names of the modules a module may import (submodules of from-imports too)."""
    names = []
    package = modname if is_pkg else modname.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                names.append(a.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                if node.level > 1:
                    base = base[:len(base) - (node.level - 1)]
                prefix = ".".join(base)
                mod = f"{prefix}.{node.module}" if node.module and prefix else (node.module or prefix)
            else:
                mod = node.module
            if not mod:
                continue
            names.append(mod)
            for a in node.names:
                names.append(f"{mod}.{a.name}")
    result = []
    for n in names:
        parts = n.split(".")
        for i in range(1, len(parts) + 1):
            result.append(".".join(parts[:i]))
    return result


def compile_program(py_path, bundle_path, search_paths=None):
    """Compile a program and everything it imports into a bundle file."""
    py_path = str(py_path)
    paths = [str(Path(py_path).parent)] + [str(p) for p in (search_paths or [])]
    modules = []
    seen = set()
    queue = [("__main__", Path(py_path), False)]
    prelude_src = PRELUDE.read_text()
    modules.append(("__prelude__", str(PRELUDE), False, compile_source(prelude_src, str(PRELUDE), "__prelude__")))
    while queue:
        name, path, is_pkg = queue.pop(0)
        if name in seen:
            continue
        seen.add(name)
        source = Path(path).read_text(encoding="utf-8")
        code = compile_source(source, str(path), name)
        modules.append((name, str(path), is_pkg, code))
        tree = ast.parse(source)
        for dep in _imports_of(tree, name, is_pkg):
            if dep in seen or dep in NATIVE_MODULES:
                continue
            found = _find_module(dep, paths)
            if found:
                queue.append((dep, found[0], found[1]))
    # __main__ first, the prelude second
    main = [m for m in modules if m[0] == "__main__"]
    rest = [m for m in modules if m[0] != "__main__"]
    data = dump_bundle(py_path, main + rest)
    Path(bundle_path).write_bytes(data)
    return bundle_path


def main(argv):
    """python3 build.py vm FILE.py [ARGS...]"""
    if not argv:
        print("usage: vm FILE.py [ARGS...]", file=sys.stderr)
        return 2
    program, args = argv[0], argv[1:]
    exe = vm_path()
    OBJDIR.mkdir(parents=True, exist_ok=True)
    bundle = OBJDIR / (Path(program).stem + ".bundle")
    try:
        compile_program(program, bundle)
    except CompileError as e:
        print(e, file=sys.stderr)
        return 1
    sys.stdout.flush()
    return subprocess.run([str(exe), str(bundle), *args]).returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
