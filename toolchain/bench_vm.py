"""Benchmark the hosted Krait VM against CPython on the programs in bench/vm/.

Usage: python3 -m toolchain.bench_vm [--reps N] [-k SUBSTR]
Each program is compiled once, then run N times under each interpreter; the median wall time is reported together
with the ratio Krait/CPython and the geometric mean of the ratios. Outputs must match: a mismatch is reported,
left out of the mean, and makes the exit status non-zero.
"""
import argparse
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "bench" / "vm"
RUN_TIMEOUT = 120  # seconds per run; each program takes about a second under CPython


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench_vm", description="Krait VM vs CPython benchmarks")
    parser.add_argument("--reps", type=int, default=3, help="repetitions per program (median is reported)")
    parser.add_argument("-k", dest="substr", default="", help="only programs whose name contains SUBSTR")
    args = parser.parse_args(argv)
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    return args


def select_programs(substr):
    return [p for p in sorted(BENCH_DIR.glob("*.py")) if substr in p.stem]


def timed_run(cmd):
    """Wall time and (exit status, stdout) of one run."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, timeout=RUN_TIMEOUT)
    elapsed = time.perf_counter() - start
    return elapsed, (proc.returncode, proc.stdout)


def measure(cmd, reps):
    """Median time over reps runs, and the result of the first run (all runs must agree)."""
    times, results = [], set()
    for _ in range(reps):
        elapsed, result = timed_run(cmd)
        times.append(elapsed)
        results.add(result)
    first = results.pop() if len(results) == 1 else None
    return statistics.median(times), first


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def print_row(name, cpython, krait, ratio):
    print(f"{name:<16} {cpython:>10} {krait:>10} {ratio:>8}", flush=True)


def bench_program(program, vm, work_dir, reps):
    """Returns (cpython_s, krait_s, problem or None)."""
    from toolchain import hosted
    bundle = Path(work_dir) / (program.stem + ".bundle")
    hosted.compile_program(str(program), str(bundle), search_paths=[str(program.parent)])
    cpython_s, expected = measure([sys.executable, "-B", str(program)], reps)
    krait_s, actual = measure([vm, str(bundle)], reps)
    if expected is None:
        return cpython_s, krait_s, "CPython output varies between runs"
    if actual is None:
        return cpython_s, krait_s, "Krait output varies between runs"
    if actual != expected:
        return cpython_s, krait_s, (f"output mismatch: CPython exit {expected[0]} {expected[1][:200]!r}, "
                                    f"Krait exit {actual[0]} {actual[1][:200]!r}")
    return cpython_s, krait_s, None


def main(argv=None):
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # --help or a usage error: report it as main's return value
        return exc.code if isinstance(exc.code, int) else 2
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from toolchain import hosted

    programs = select_programs(args.substr)
    if not programs:
        print(f"no benchmark matches {args.substr!r} in {BENCH_DIR}", file=sys.stderr)
        return 2
    vm = str(hosted.vm_path())
    print(f"{len(programs)} programs, {args.reps} repetitions each (median wall time)")
    print_row("program", "CPython s", "Krait s", "ratio")
    ratios, problems = [], []
    with tempfile.TemporaryDirectory(prefix="krait-bench-") as work_dir:
        for program in programs:
            try:
                cpython_s, krait_s, problem = bench_program(program, vm, work_dir, args.reps)
            except Exception as exc:  # a compile error or timeout should not hide the other results
                problems.append(f"{program.stem}: {type(exc).__name__}: {exc}")
                print_row(program.stem, "-", "-", "error")
                continue
            ratio = krait_s / cpython_s if cpython_s > 0 else float("inf")
            print_row(program.stem, f"{cpython_s:.3f}", f"{krait_s:.3f}", f"{ratio:.2f}" + (" !" if problem else ""))
            if problem:  # a crashed or wrong run says nothing about speed: keep it out of the mean
                problems.append(f"{program.stem}: {problem}")
            else:
                ratios.append(ratio)
    print(f"geometric mean of ratios (Krait/CPython) over {len(ratios)} matching programs: "
          f"{geometric_mean(ratios):.2f}")
    for problem in problems:
        print(f"MISMATCH {problem}" if "output" in problem else f"ERROR {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
