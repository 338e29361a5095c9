#!/usr/bin/env python3
"""Krait's one entry point: build, run, test and benchmark the kernel.

  python3 build.py            build images/krait.elf, images/krait.iso, images/krait.map
  python3 build.py run        build if stale, boot in QEMU with the serial console here
  python3 build.py test       run the whole test suite (what CI runs)
  python3 build.py bench boot measure boot time against a trivial kernel (also: vm, link, ping, tcp, route, ops)
  python3 build.py vm FILE.py run a Python program on the hosted Krait VM

On a fresh Debian machine, missing system packages are installed with apt-get
(as root; otherwise the commands are printed) and pinned Python packages go
into .venv/.
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from toolchain import deps  # noqa: E402  (stdlib only: safe before the venv exists)


def parse_args(argv):
    p = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Run 'build.py COMMAND --help' for each command's options.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="compile boot/ and kernel/ into images/ (the default command)",
                       description="Compile boot/ and kernel/ (incrementally) and write images/krait.elf "
                                   "(qemu -kernel), images/krait.iso (GRUB, qemu -cdrom) and images/krait.map.")
    b.add_argument("--clean", action="store_true", help="rebuild everything from scratch")

    r = sub.add_parser("run", help="boot Krait in QEMU with the serial console on this terminal",
                       description="Build if stale, then boot Krait in QEMU (TCG) with the serial console on this "
                                   "terminal. Ctrl-A X quits, Ctrl-A C switches to the QEMU monitor.")
    r.add_argument("--nic", choices=["e1000", "rtl8139", "both", "none"], default="e1000",
                   help="network cards to attach (default e1000)")
    r.add_argument("--net", default="user", choices=["user", "tap", "none"],
                   help="backend: QEMU user networking with restrict=on (default), a tap device, or unconnected")
    r.add_argument("--tap", default="krait0", help="tap interface name for --net tap (default krait0)")
    r.add_argument("--hostfwd", action="append", default=[], metavar="RULE",
                   help="user networking port forward, e.g. tcp:127.0.0.1:8080-:80 (repeatable)")
    r.add_argument("--mem", default="128M", help="guest memory (default 128M)")
    r.add_argument("--pcap", metavar="FILE", help="write every frame of the NIC to a pcap file (filter-dump)")
    r.add_argument("--append", default="", metavar="ARGS", help="kernel command line")
    r.add_argument("--iso", action="store_true", help="boot images/krait.iso through GRUB instead of -kernel")
    r.add_argument("--kvm", action="store_true", help="use KVM instead of TCG (only where KVM is real hardware)")
    r.add_argument("--dry-run", action="store_true", help="print the QEMU command instead of running it")

    t = sub.add_parser("test", help="run the test suite (pytest); extra arguments go to pytest",
                       description="Build, then run pytest over tests/. Extra arguments are passed to pytest, "
                                   "e.g. 'build.py test -k boot' or 'build.py test -m \"not qemu\"'.")
    t.add_argument("--quick", action="store_true", help="host tests only (no QEMU)")
    t.add_argument("-j", "--jobs", default=None, help="parallel pytest workers (default: 2x cores)")

    be = sub.add_parser("bench", help="benchmarks, printed as ratios against a baseline measured in the same run",
                        description="Benchmarks. 'boot': QEMU start to the prompt beside a trivial multiboot kernel. "
                                    "'vm': the hosted VM against CPython. 'link': raw frame rates per NIC "
                                    "beside QEMU's own forwarding floor. 'tcp': throughput, echo round trip and "
                                    "HTTP requests/s of Krait's user/ tools beside the Linux guest. 'route': TCP "
                                    "forwarded between two namespaces with no rules, 50 rules and NAT, beside the "
                                    "Linux guest as router. 'ops': bytecode instructions per echo round, flood-ping "
                                    "echo and HTTP request, by function, from an opstats build of the kernel.")
    be.add_argument("suite", choices=["boot", "vm", "link", "ping", "tcp", "route", "ops"], help="which benchmark")
    be.add_argument("--runs", type=int, default=None,
                    help="runs per measurement, the median reported (default 7; ping and tcp: 3 rounds of "
                         "Krait then Linux boots, interleaved)")

    v = sub.add_parser("vm", help="compile a Python program and run it on the hosted Krait VM",
                       description="Compile FILE.py (and what it imports) and run it on images/krait-vm; "
                                   "stdout, stderr and the exit status are the program's.")
    v.add_argument("file")
    v.add_argument("args", nargs=argparse.REMAINDER)

    s = sub.add_parser("symbolize", help="annotate addresses in a log with kernel function names",
                       description="Read a serial log (FILE or stdin) and add <function+offset> after each address "
                                   "inside the kernel, using the symbols of images/obj/krait64.elf (pyelftools).")
    s.add_argument("file", nargs="?")
    sub.add_parser("clean", help="remove build outputs")

    args, extra = p.parse_known_args(argv)
    if args.command is None:
        args = p.parse_args(["build", *argv])
        extra = []
    if extra and args.command != "test":
        p.error(f"unrecognized arguments: {' '.join(extra)}")
    args.extra = extra
    return args


def cmd_build(args):
    from toolchain import kbuild
    return 0 if kbuild.build(force=args.clean) else 1


def cmd_run(args):
    from toolchain import kbuild, qemu
    if not kbuild.build(quiet_when_current=True):
        return 1
    backend = {"user": "user", "none": "none", "tap": f"tap:{args.tap}"}[args.net]
    cmd = qemu.command(iso=args.iso, mem=args.mem, nics=qemu.nics_for(args.nic, backend), append=args.append,
                       pcap=args.pcap, kvm=args.kvm, serial="mon:stdio", hostfwd=args.hostfwd)
    print("[run] " + " ".join(cmd), flush=True)
    if args.dry_run:
        return 0
    print("[run] Ctrl-A X quits QEMU", flush=True)
    return subprocess.run(cmd).returncode


def cmd_test(args):
    from toolchain import kbuild
    if not kbuild.build(quiet_when_current=True):
        return 1
    jobs = args.jobs or str(2 * (os.cpu_count() or 1))
    paths = [a for a in args.extra if not a.startswith("-") and (ROOT / a.split("::")[0]).exists()]
    cmd = [sys.executable, "-m", "pytest", *([] if paths else ["tests"]), "-n", jobs, "-p", "no:cacheprovider"]
    if args.quick:
        cmd += ["-m", "not qemu"]
    cmd += args.extra
    print("[test] " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT).returncode


def cmd_bench(args):
    from toolchain import kbuild
    if not kbuild.build(quiet_when_current=True):
        return 1
    if args.suite == "boot":
        from toolchain import bench_boot
        return bench_boot.main(runs=args.runs or 7)
    if args.suite == "ping":
        from toolchain import bench_ping
        return bench_ping.main(runs=args.runs or 3)
    if args.suite == "link":
        from toolchain import bench_link
        return bench_link.main()
    if args.suite == "tcp":
        from toolchain import bench_tcp
        return bench_tcp.main(runs=args.runs or 3)
    if args.suite == "route":
        from toolchain import bench_route
        return bench_route.main()
    if args.suite == "ops":
        from toolchain import bench_ops
        return bench_ops.main()
    from toolchain import bench_vm
    return bench_vm.main(["--reps", str(args.runs or 7)])


def cmd_vm(args):
    from toolchain import hosted
    return hosted.main([args.file, *args.args])


def cmd_symbolize(args):
    from toolchain import elfcheck, kbuild
    sym = elfcheck.Symbolizer(kbuild.ELF64)
    text = Path(args.file).read_text(errors="replace") if args.file else sys.stdin.read()
    sys.stdout.write(sym.annotate(text))
    return 0


def cmd_clean(args):
    import shutil
    from toolchain import kbuild
    variants = [kbuild.IMAGES / f"{stem}-{v}{ext}" for v in kbuild.VARIANT_FLAGS if v
                for stem, ext in (("obj", ""), ("krait", ".elf"), ("krait", ".iso"), ("krait", ".map"))]
    for p in (kbuild.OBJ, kbuild.ELF, kbuild.ISO, kbuild.MAP, kbuild.IMAGES / "krait-vm",
              kbuild.IMAGES / "obj-hosted", *variants):
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    print("[clean] removed build outputs")
    return 0


def main(argv):
    args = parse_args(argv)
    deps.ensure(args.command, argv)
    handler = globals()[f"cmd_{args.command}"]
    return handler(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
