"""Lookups of translated code per flood-ping reply, in the real kernel under QEMU's TCG:
python3 bench/paths/lookups.py [--nic rtl8139|e1000] [--count N] [--top N] [--crossings N]

Under TCG each indirect jump (a bytecode dispatch, a return), each branch to another 4 KiB page and each
entry after an interrupt is a lookup of the translated target (QEMU's helper_lookup_tb_ptr), which QEMU's
`-d exec` log records one line each. This boots images/krait.elf on a tap in a namespace it creates,
turns the log on through the monitor for N flood-ping echoes only, and prints per reply: the lookups, by
kernel function; how many of those in eval_frame were branches from another page (block layout), returns
or dispatches; and the misses of QEMU's per-CPU jump cache (simulated: system mode gives each page 64 of its
4,096 entries, so a page with many hot targets misses often). Compare images built from two trees by the
counts, not by timings. --crossings N lists eval_frame's N hottest branch targets on another page than their
source, with both source lines (addr2line): where the block layout costs lookups."""
import argparse
import bisect
import collections
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
from toolchain import bench_net, deps, qemu  # noqa: E402


def record(nic, count, log, image=None):
    """Boots Krait, warms the path up, logs `count` flood-ping echoes; returns ping's summary line."""
    import netns
    from harness import Krait
    from krait_net import boot_on_taps
    sock = str(Path(log).with_suffix(".sock"))
    with netns.Namespace() as ns:
        def boot(**kw):
            k = Krait(image=image, extra=("-qmp", f"unix:{sock},server=on,wait=off"), **kw)
            ns.track(k.pid)
            return k
        k = boot_on_taps(boot, [(ns, nic, bench_net.HOST_CIDR)], f"ip={bench_net.GUEST_CIDR}", mem="256M")
        try:
            if not bench_net.wait_reachable(ns, bench_net.GUEST_ADDR):
                raise SystemExit("Krait does not answer ping")
            flood = ["ping", "-f", "-q", "-c"]
            subprocess.run(bench_net._in_ns(ns, flood + ["500", bench_net.GUEST_ADDR]), capture_output=True)
            monitor = qemu.Qmp(sock)
            monitor.human(f"logfile {log}")
            monitor.human("log exec")
            done = subprocess.run(bench_net._in_ns(ns, flood + [str(count), bench_net.GUEST_ADDR]),
                                  capture_output=True, text=True)
            monitor.human("log none")
            monitor.close()
            return done.stdout.strip().splitlines()[-2]
        finally:
            k.close()


def _symbols(elf):
    syms = []
    out = subprocess.run(["nm", "-n", "--defined-only", str(elf)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "tTwW":
            syms.append((int(p[0], 16), p[2]))
    return syms


def _code(elf):
    """addr -> (function, previous instruction); direct branch targets -> their sources."""
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(elf)], capture_output=True, text=True).stdout
    prev, fn_of, sources = {}, {}, collections.defaultdict(list)
    last = fn = None
    for line in dis.splitlines():
        head = re.match(r"^([0-9a-f]+) <(.*)>:", line)
        if head:
            fn = head.group(2)
            continue
        m = re.match(r"^\s*([0-9a-f]+):\s+(.*)$", line)
        if not m:
            continue
        addr, text = int(m.group(1), 16), m.group(2).strip()
        prev[addr], fn_of[addr], last = last, fn, text
        branch = re.match(r"(j\w+|call)\s+([0-9a-f]+)\b", text)
        if branch:
            sources[int(branch.group(2), 16)].append((addr, branch.group(1)))
    return prev, fn_of, sources


def jump_cache_misses(seq):
    """Misses of QEMU's system-mode tb_jmp_cache (4,096 entries; a page's targets share 64 of them)."""
    cache = [None] * 4096
    misses = 0
    for pc in seq:
        t = pc ^ (pc >> 6)
        i = ((t >> 6) & 0xFC0) | (t & 0x3F)
        if cache[i] != pc:
            misses += 1
            cache[i] = pc
    return misses


def _lines(elf, addresses):
    """address -> "file:line" (addr2line, one run for all)."""
    addresses = list(addresses)
    out = subprocess.run(["addr2line", "-e", str(elf)] + [hex(a) for a in addresses], capture_output=True,
                         text=True).stdout.splitlines()
    return {a: line.rsplit("/", 1)[-1] for a, line in zip(addresses, out)}


def report(elf, log, count, top, crossings=0):
    seq = [int(line.split("/")[1], 16) for line in open(log) if line.startswith("Trace")]
    hits = collections.Counter(seq)
    syms = _symbols(elf)
    starts = [a for a, _ in syms]
    by_fn = collections.Counter()
    for pc, n in hits.items():
        i = bisect.bisect_right(starts, pc) - 1
        by_fn[syms[i][1] if i >= 0 else "?"] += n
    prev, fn_of, sources = _code(elf)
    kinds = collections.Counter()
    crossing = []                           # (count, target, its sources on other pages)
    for pc, n in hits.items():
        if fn_of.get(pc) != "eval_frame":
            continue
        before = prev.get(pc)
        far = [src for src, kind in sources.get(pc, ()) if kind != "call" and src >> 12 != pc >> 12]
        if before and before.startswith("call"):
            kinds["returns from C calls"] += n
        elif far:
            kinds["branches from another page"] += n
            crossing.append((n, pc, far))
        else:
            kinds["dispatches (and the rest)"] += n
    print(f"{len(seq) / count:.0f} lookups per reply, {jump_cache_misses(seq) / count:.0f} jump-cache misses")
    print("eval_frame: " + ", ".join(f"{n / count:.0f} {k}" for k, n in kinds.most_common()))
    for name, n in by_fn.most_common(top):
        print(f"{n / count:8.1f}  {name}")
    if crossings:
        crossing = sorted(crossing, reverse=True)[:crossings]
        where = _lines(elf, {a for _, pc, far in crossing for a in [pc] + far[:3]})
        print("eval_frame's branches from another page, per reply: target <- sources")
        for n, pc, far in crossing:
            print(f"{n / count:8.1f}  {pc:#x} {where[pc]} <- " + ", ".join(f"{a:#x} {where[a]}" for a in far[:3]))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nic", default="rtl8139", choices=["rtl8139", "e1000"])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--crossings", type=int, default=0)
    ap.add_argument("--image", default=str(REPO / "images" / "krait.elf"))
    args = ap.parse_args(argv)
    if not deps.in_venv():
        deps.ensure_venv()
        import os
        os.execv(str(deps.venv_python()), [str(deps.venv_python()), __file__, *argv])
    with tempfile.TemporaryDirectory() as tmp:
        log = str(Path(tmp) / "exec.log")
        print(record(args.nic, args.count, log, args.image))
        report(args.image, log, args.count, args.top, args.crossings)


if __name__ == "__main__":
    main(sys.argv[1:])
