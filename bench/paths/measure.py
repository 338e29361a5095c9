"""Native instructions per iteration of the stack's hot paths on the hosted VM, counted by valgrind
(deterministic, unlike timings): python3 bench/paths/measure.py [icmp|tcp ...]

Each program runs for 500 and 2500 iterations; the difference over 2000 cancels start-up. For
tcp the harness's own cost (building the segments) is measured the same way and subtracted.
`callgrind_annotate images/paths-<name>.cg` then shows where the instructions go; with --ops the
Python side instead: bytecode instructions per iteration by function and by opcode (an opstats build
of the VM, images/krait-vm-opstats). With --tcg: the host instructions QEMU's TCG (qemu-x86_64, counted by
valgrind) spends on the same iteration, over a hosted VM built as the kernel's runtime is (profile, LTO):
under TCG a dispatch, a return or a branch to another page costs a lookup of the translated target, which
native counts do not show."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from toolchain import deps, hosted, opcodes  # noqa: E402

PROGRAMS = {"icmp": ("icmp_echo.py", "ICMP echo"), "tcp": ("tcp_exchange.py", "TCP echo exchange"),
            "syscall": ("syscall_loop.py", "echo's 3 syscalls"),
            "dispatch": ("syscall_dispatch.py", "syscall dispatch")}
SHORT, LONG = 500, 2500
OPNAMES = {v: k for k, v in opcodes.OPS.items()}


def instructions(vm, bundle, n, extra=(), out="/dev/null"):
    done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(vm), str(bundle),
                           str(n), *extra], capture_output=True, text=True, check=True)
    for line in done.stderr.splitlines():
        if "Collected" in line or "refs:" in line:
            return int(line.split()[-1].replace(",", ""))
    raise RuntimeError(f"no instruction count from valgrind:\n{done.stderr}")


def per_iteration(vm, bundle, extra=(), profile=None):
    a = instructions(vm, bundle, SHORT, extra)
    b = instructions(vm, bundle, LONG, extra, profile or "/dev/null")
    return (b - a) / (LONG - SHORT)


def opstats(vm, bundle, extra=()):
    """{label: bytecode instructions per iteration} from the opstats VM, start-up cancelled."""
    def run(n):
        done = subprocess.run([str(vm), str(bundle), str(n), *extra], capture_output=True, text=True, check=True)
        counts = {}
        for line in done.stderr.splitlines():
            tag, count, label = line.split(" ", 2)
            if tag == "OPC":
                label = "op " + OPNAMES[int(label)]
            elif tag == "OPP":
                label = "pair " + " ".join(OPNAMES[int(x)] for x in label.split())
            elif tag == "OPX":
                label = "calls: " + label
            counts[label] = counts.get(label, 0) + int(count)
        return counts
    a, b = run(SHORT), run(LONG)
    return {k: (b[k] - a.get(k, 0)) / (LONG - SHORT) for k in b}


def show_opstats(vm, bundle, extra=()):
    per = opstats(vm, bundle, extra)
    funcs = sorted(((n, k) for k, n in per.items() if not k.startswith(("op ", "pair ", "calls: ")) and n >= 0.5),
                   reverse=True)
    calls = sorted((k, n) for k, n in per.items() if k.startswith("calls: "))
    ops = sorted(((n, k) for k, n in per.items() if k.startswith("op ") and n >= 0.5), reverse=True)
    pairs = sorted(((n, k) for k, n in per.items() if k.startswith("pair ") and n >= 0.5), reverse=True)
    print(f"  {sum(n for n, _ in ops):.0f} bytecode instructions per iteration; "
          + ", ".join(f"{k[7:]} {n:.1f}" for k, n in calls))
    for n, k in funcs[:40]:
        print(f"  {n:8.1f}  {k}")
    for n, k in ops[:30] + pairs[:30]:
        print(f"  {n:8.1f}  {k}")


def tcg_vm():
    """images/krait-vm-tcg: the hosted VM built as the kernel's runtime is (the kernel's flags, the training
    profile, link-time optimised), for counting what QEMU's TCG spends running the same code."""
    from toolchain import kbuild, pgo
    if not kbuild.build(quiet_when_current=True):      # (makes the profile)
        raise SystemExit("build failed")
    exe = REPO / "images" / "krait-vm-tcg"
    if exe.exists() and all(p.stat().st_mtime <= exe.stat().st_mtime for p in [pgo.STAMP, *pgo.inputs()]):
        return exe
    objdir = REPO / "images" / "obj-tcg"
    use_dir = pgo.PGO / "use-tcg"
    objdir.mkdir(parents=True, exist_ok=True)
    include = kbuild.gcc_include_dir()
    objs = []
    for src in pgo.runtime_sources():
        obj = objdir / kbuild.object_path(src).name
        pgo.file_profile(obj, use_dir)
        _, r = kbuild.compile_one(src, pgo.use_flags(use_dir) + kbuild.RUNTIME_FLAGS, include, out=obj)
        if r.returncode:
            raise SystemExit(r.stderr)
        objs.append(obj)
    pgo.link_hosted(objs, exe, ["-O2", "-flto=auto"])
    return exe


def tcg_per_iteration(vm, bundle, extra=()):
    """Host instructions QEMU's TCG (user mode, qemu-x86_64) spends per iteration, counted by valgrind."""
    def count(n):
        done = subprocess.run(["valgrind", "--tool=callgrind", "--smc-check=all", "--callgrind-out-file=/dev/null",
                               "qemu-x86_64", str(vm), str(bundle), str(n), *extra],
                              capture_output=True, text=True, check=True)
        return int(next(line for line in done.stderr.splitlines() if "Collected" in line).split()[-1])
    return (count(LONG) - count(SHORT)) / (LONG - SHORT)


def main(names):
    ops = "--ops" in names
    tcg = "--tcg" in names
    names = [n for n in names if n not in ("--ops", "--tcg")]
    if tcg:
        deps.ensure_system("build")             # the kernel's profile comes with a kernel build
        if not deps.in_venv():                  # (which reads ELF files with pyelftools)
            deps.ensure_venv()
            os.execv(str(deps.venv_python()), [str(deps.venv_python()), __file__, *sys.argv[1:]])
        if not shutil.which("qemu-x86_64"):
            deps.apt_install(["qemu-user"])
    if not shutil.which("valgrind"):
        deps.apt_install(["valgrind"])         # (as root; otherwise it prints the commands and exits)
    vm = hosted.vm_path()
    for name in names or PROGRAMS:
        program, label = PROGRAMS[name]
        bundle = REPO / "images" / f"paths-{name}.bundle"
        hosted.compile_program(str(Path(__file__).parent / program), str(bundle),
                               search_paths=[str(REPO), str(REPO / "tests" / "shims")])
        if ops:
            print(label)
            show_opstats(hosted.vm_path("opstats"), bundle)
            continue
        if tcg:
            vm_tcg = tcg_vm()
            cost = tcg_per_iteration(vm_tcg, bundle)
            if name == "tcp":
                cost -= tcg_per_iteration(vm_tcg, bundle, ("harness",))
            print(f"{label:20} {cost:9.0f} host instructions under TCG", flush=True)
            continue
        cost = per_iteration(vm, bundle, profile=str(REPO / "images" / f"paths-{name}.cg"))
        if name == "tcp":
            cost -= per_iteration(vm, bundle, ("harness",))
        print(f"{label:20} {cost:9.0f} instructions", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
