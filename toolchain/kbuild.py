"""Builds the kernel images: images/krait.elf, images/krait.iso, images/krait.map.

Incremental: each C/assembly file is recompiled only when it or a header it
includes (gcc -MMD) changed; linking, the ISO and the checks run only when an
object changed. The kernel's C and the runtime are compiled for link-time
optimisation and pre-linked into one object when one of them changed; the
runtime's files carry a profile from a training run (toolchain/pgo.py). The
link runs twice: the first ELF gives the function symbols (read with
pyelftools) that become the kernel's own symbol table in the second, so panic
reports name functions on any console.
"""
import fcntl
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from toolchain import elfcheck, freeze, netconfig, opcodes, pgo

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "images"
# KRAIT_VARIANT=opstats builds a second kernel beside the usual one (images/krait-opstats.elf, its objects in
# images/obj-opstats): its interpreter counts every bytecode instruction by function and opcode for `prof ops`
# (toolchain/bench_ops.py). It is built without the profile, which belongs to the usual objects.
VARIANT = os.environ.get("KRAIT_VARIANT", "")
VARIANT_FLAGS = {"": [], "opstats": ["-DKRAIT_OPSTATS"]}      # (_build refuses another name)
_SUFFIX = f"-{VARIANT}" if VARIANT else ""
OBJ = IMAGES / f"obj{_SUFFIX}"
ELF64 = OBJ / "krait64.elf"
BUNDLE = OBJ / "kernel.bundle"
FROZEN_ASM = OBJ / "frozen.S"
ELF = IMAGES / f"krait{_SUFFIX}.elf"
ISO = IMAGES / f"krait{_SUFFIX}.iso"
MAP = IMAGES / f"krait{_SUFFIX}.map"
LINKER_SCRIPT = ROOT / "boot" / "linker.ld"

# The boot layer runs in interrupt context: keep it off the SSE registers that
# interrupted code may be using. The kernel/runtime may use SSE (doubles).
COMMON_FLAGS = [
    "-std=gnu11", "-O2", "-g", "-fno-math-errno", "-ffreestanding", "-fno-builtin", "-nostdlib", "-nostdinc",
    "-fno-stack-protector", "-fno-pic", "-fno-pie", "-mno-red-zone", "-fno-omit-frame-pointer",
    "-mno-omit-leaf-frame-pointer", "-fno-asynchronous-unwind-tables", "-fno-strict-aliasing",
    "-Wall", "-Wextra", "-Wno-unused-parameter", "-Iboot",
]
BUILD_FLAGS = COMMON_FLAGS + VARIANT_FLAGS.get(VARIANT, [])    # this build's (the profile's training: COMMON_FLAGS)
BOOT_FLAGS = ["-mgeneral-regs-only"]
# The kernel's C and the runtime are optimised as one unit (cross-file inlining), pre-linked into LTO_OBJ.
LTO_FLAGS = ["-flto"]
# The Python runtime without frame pointers: rbp is one more register for the interpreter loop, and each call
# loses its push/mov/pop (-4% of the host instructions TCG spends on the stack's paths, bench/paths --tcg). The
# price: a panic's backtrace (boot/panic.c walks the rbp chain) stops at the first runtime frame. -O3: 2-5%
# fewer again for 12% more runtime code. The profile's training run is compiled with these too (gcc refuses a
# profile whose control flow another -O level made). No auto-vectorising: TCG runs most SSE integer operations
# through helper calls, so gcc's vector versions of short loops (slot clearing, small copies) cost more there
# than the scalar ones (-2.4% of the host instructions, bench/paths --tcg). Blocks reordered the simple way
# (source order kept where it costs no jump): with the profile's trace building (stc) an interpreter
# handler's hot path was strewn over several pages, and under TCG every branch to another page is a lookup
# of translated code; an RTL8139 flood-ping reply took 1,822 lookups with it, 1,429 without
# (bench/paths/lookups.py).
RUNTIME_OPT = ["-O3", "-fomit-frame-pointer", "-momit-leaf-frame-pointer", "-fno-tree-vectorize",
               "-freorder-blocks-algorithm=simple"]
RUNTIME_FLAGS = LTO_FLAGS + RUNTIME_OPT
LTO_OBJ = OBJ / "kernel-lto.o"
RUNTIME = ROOT / "kernel" / "runtime"
LD_FLAGS = ["-nostdlib", "-n", "-z", "max-page-size=0x1000", "-z", "noexecstack", "--no-warn-rwx-segments"]

GRUB_CFG = """\
set timeout=0
set default=0
menuentry "Krait" {
    multiboot2 /boot/krait.elf
    boot
}
"""


class BuildError(Exception):
    pass


def log(msg):
    print(f"[build] {msg}", flush=True)


def gcc_include_dir():
    return subprocess.run(["gcc", "-print-file-name=include"], capture_output=True, text=True,
                          check=True).stdout.strip()


def sources():
    """(source, extra flags) for every file linked into the kernel."""
    out = []
    for pattern in ("*.S", "*.c"):
        out += [(p, BOOT_FLAGS) for p in sorted((ROOT / "boot").glob(pattern))]
    out += [(p, []) for p in sorted((ROOT / "kernel").glob("*.S"))]
    out += [(p, LTO_FLAGS) for p in sorted((ROOT / "kernel").glob("*.c"))]
    # The Python runtime; its platform layer on bare metal is kernel/port_kernel.c.
    out += [(p, RUNTIME_FLAGS) for p in sorted(RUNTIME.glob("*.c")) if not p.name.startswith("port_")]
    return out


def is_lto(flags):
    return "-flto" in flags


def object_path(src):
    return OBJ / (str(src.relative_to(ROOT)).replace("/", "__") + ".o")


def deps_of(obj):
    """Files an object depends on, from gcc's -MMD output."""
    d = obj.with_suffix(".d")
    if not d.exists():
        return None
    # The first rule lists the dependencies; -MP adds empty rules after it.
    first_rule = d.read_text().replace("\\\n", " ").split("\n")[0]
    _, _, rest = first_rule.partition(":")
    return [Path(p) if os.path.isabs(p) else ROOT / p for p in rest.split()]


def stale(obj, extra_inputs=()):
    if not obj.exists():
        return True
    deps = deps_of(obj)
    if deps is None:
        return True
    mtime = obj.stat().st_mtime
    for p in [*deps, *extra_inputs]:
        try:
            if p.stat().st_mtime > mtime:
                return True
        except FileNotFoundError:
            return True
    return False


def display_path(p):
    return str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p)


def compile_one(src, flags, include, out=None):
    obj = out or object_path(src)
    cmd = ["gcc", *BUILD_FLAGS, *flags, "-isystem", include, "-MMD", "-MP", "-c", display_path(src),
           "-o", str(obj)]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    return src, r


def compile_all(force=False):
    OBJ.mkdir(parents=True, exist_ok=True)
    include = gcc_include_dir()
    if not VARIANT:
        try:
            pgo.make_profile(compile_one, object_path, include, log, RUNTIME_OPT)
        except RuntimeError as e:
            raise BuildError(str(e)) from None
    todo = []
    for src, flags in sources():
        extra = [Path(__file__)]
        if src.parent == RUNTIME and not VARIANT:
            flags = flags + pgo.use_flags()
            extra += [pgo.STAMP] if pgo.STAMP.exists() else []
        if force or stale(object_path(src), extra):
            todo.append((src, flags))
    if not todo:
        return False
    failed = []
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for src, r in pool.map(lambda t: compile_one(t[0], t[1], include), todo):
            log(f"CC  {src.relative_to(ROOT)}")
            if r.stdout or r.stderr:
                sys.stderr.write(r.stdout + r.stderr)
            if r.returncode != 0:
                failed.append(src)
    if failed:
        raise BuildError("compile failed: " + ", ".join(str(s.relative_to(ROOT)) for s in failed))
    return True


def run_tool(cmd, what, chatty=False):
    """Runs a build tool; its output is shown on failure (and always, unless chatty)."""
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write(r.stdout + r.stderr)
        raise BuildError(f"{what} failed")
    if r.stderr.strip() and not chatty:
        sys.stderr.write(r.stderr)


def freeze_python():
    """Compiles the kernel's Python into images/obj/kernel.bundle when a source changed."""
    if BUNDLE.exists() and all(p.stat().st_mtime <= BUNDLE.stat().st_mtime for p in freeze.inputs()):
        return False
    try:
        size, count = freeze.freeze(BUNDLE)
    except freeze.CompileError as e:
        raise BuildError(str(e)) from None
    log(f"PY  {count} modules frozen into {display_path(BUNDLE)} ({size} B)")
    FROZEN_ASM.write_text('    .section .rodata.frozen, "a"\n    .balign 16\n'
                          '    .globl frozen_bundle, frozen_bundle_end\n'
                          f'frozen_bundle:\n    .incbin "{BUNDLE}"\nfrozen_bundle_end:\n')
    run_tool(["gcc", "-c", str(FROZEN_ASM), "-o", str(FROZEN_ASM.with_suffix(".o"))], "assembling frozen.S")
    return True


def link(objects, ksyms_source, out):
    ksyms_obj = ksyms_source.with_suffix(".o")
    run_tool(["gcc", "-c", str(ksyms_source), "-o", str(ksyms_obj)], f"assembling {ksyms_source.name}")
    run_tool(["ld", *LD_FLAGS, "-T", str(LINKER_SCRIPT), "-o", str(out), *map(str, objects), str(ksyms_obj)],
             "link")


def prelink_lto():
    """The LTO objects compiled and optimised together into one plain relocatable object (only when one of
    them changed: a Python-only change relinks without it)."""
    lto = [object_path(s) for s, f in sources() if is_lto(f)]
    if LTO_OBJ.exists() and all(o.stat().st_mtime <= LTO_OBJ.stat().st_mtime for o in lto):
        return
    log(f"LTO {display_path(LTO_OBJ)}")
    run_tool(["gcc", *BUILD_FLAGS, "-flto=auto", "-r", "-flinker-output=nolto-rel", "-o", str(LTO_OBJ),
              *map(str, lto)], "link-time optimisation")


def link_kernel():
    prelink_lto()
    objects = [object_path(s) for s, f in sources() if not is_lto(f)]
    objects += [LTO_OBJ, FROZEN_ASM.with_suffix(".o")]
    first = OBJ / "krait64.pass1.elf"
    empty = OBJ / "ksyms_empty.S"
    empty.write_text(elfcheck.ksyms_assembly([]))
    log("LD  images/obj/krait64.pass1.elf")
    link(objects, empty, first)
    symbols = elfcheck.function_symbols(first)
    table = OBJ / "ksyms.S"
    table.write_text(elfcheck.ksyms_assembly(symbols))
    log(f"LD  images/obj/krait64.elf ({len(symbols)} symbols)")
    link(objects, table, ELF64)
    if elfcheck.function_symbols(ELF64) != symbols:
        raise BuildError("code moved between the two links: the symbol table section must follow .text")
    # QEMU's multiboot loader takes only 32-bit ELF files; the code inside stays 64-bit.
    run_tool(["objcopy", "-O", "elf32-i386", str(ELF64), str(ELF)], "objcopy")
    log("OBJCOPY images/krait.elf (elf32-i386 container for the multiboot loader)")
    MAP.write_text(elfcheck.symbol_map(ELF64))


def make_iso():
    iso_root = OBJ / "iso"
    (iso_root / "boot" / "grub").mkdir(parents=True, exist_ok=True)
    shutil.copy2(ELF, iso_root / "boot" / "krait.elf")
    (iso_root / "boot" / "grub" / "grub.cfg").write_text(GRUB_CFG)
    log("ISO images/krait.iso (grub-mkrescue)")
    run_tool(["grub-mkrescue", "-o", str(ISO), str(iso_root)], "grub-mkrescue", chatty=True)


def outputs_current():
    if not all(p.exists() for p in (ELF, ISO, MAP)):
        return False
    oldest = min(p.stat().st_mtime for p in (ELF, ISO, MAP))
    inputs = [object_path(s) for s, _ in sources()] + [LINKER_SCRIPT, FROZEN_ASM.with_suffix(".o")]
    return all(p.stat().st_mtime <= oldest for p in inputs)


def build(force=False, quiet_when_current=False):
    """Builds what is stale. Returns True when the images are ready. A lock
    serialises concurrent builds (parallel test workers, a user's shell)."""
    IMAGES.mkdir(exist_ok=True)
    with open(IMAGES / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _build(force, quiet_when_current)


def _build(force, quiet_when_current):
    start = time.monotonic()
    if VARIANT not in VARIANT_FLAGS:
        print(f"[build] error: KRAIT_VARIANT={VARIANT}: no such build (one of: opstats)", file=sys.stderr,
              flush=True)
        return False
    if force:
        shutil.rmtree(OBJ, ignore_errors=True)
    try:
        if netconfig.generate():
            log("GEN net/config.py (from net/net_config.h)")
        opcodes.write_c_header()
        compile_all(force)
        freeze_python()
        if outputs_current():
            if not quiet_when_current:
                log(f"images are up to date ({time.monotonic() - start:.2f} s)")
            return True
        link_kernel()
        make_iso()
        report = elfcheck.check_image(ELF, ELF64)
        for line in report:
            log(line)
    except (BuildError, elfcheck.ImageError, netconfig.ConfigError) as e:
        print(f"[build] error: {e}", file=sys.stderr, flush=True)
        return False
    log(f"done in {time.monotonic() - start:.2f} s")
    return True
