"""Native instructions per iteration of the stack's hot paths on the hosted VM, counted by valgrind
(deterministic, unlike timings): python3 bench/paths/measure.py [icmp|tcp ...]

Each program runs for 500 and 2500 iterations; the difference over 2000 cancels start-up. For
tcp the harness's own cost (building the segments) is measured the same way and subtracted.
`callgrind_annotate images/paths-<name>.cg` then shows where the instructions go."""
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from toolchain import deps, hosted  # noqa: E402

PROGRAMS = {"icmp": ("icmp_echo.py", "ICMP echo"), "tcp": ("tcp_exchange.py", "TCP echo exchange")}
SHORT, LONG = 500, 2500


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


def main(names):
    if not shutil.which("valgrind"):
        deps.apt_install(["valgrind"])         # (as root; otherwise it prints the commands and exits)
    vm = hosted.vm_path()
    for name in names or PROGRAMS:
        program, label = PROGRAMS[name]
        bundle = REPO / "images" / f"paths-{name}.bundle"
        hosted.compile_program(str(Path(__file__).parent / program), str(bundle),
                               search_paths=[str(REPO), str(REPO / "tests" / "shims")])
        cost = per_iteration(vm, bundle, profile=str(REPO / "images" / f"paths-{name}.cg"))
        if name == "tcp":
            cost -= per_iteration(vm, bundle, ("harness",))
        print(f"{label:20} {cost:9.0f} instructions", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
