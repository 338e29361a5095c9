"""Measuring helpers for the ping and TCP benchmarks, and the Linux guest's ping figures they are compared with.

Everything runs inside a network namespace this process creates (tests/netns.py); the only peer is the guest
on the other side of a tap in that namespace. `python3 toolchain/bench_net.py [--nic e1000|rtl8139|both]`
prints the Linux guest's figures.
"""
import argparse
import contextlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from toolchain import linux_guest  # noqa: E402
import netns  # noqa: E402

HOST_CIDR = "10.0.0.1/24"
GUEST_CIDR = "10.0.0.2/24"
GUEST_ADDR = GUEST_CIDR.split("/")[0]
TAP = "tap0"
BOOT_TIMEOUT = 120          # TCG on a shared 2-core machine
SETTLE_TIMEOUT = 30

SUMMARY = re.compile(r"(\d+) packets transmitted, (\d+) received,(?: \+\d+ \w+,)* ([\d.]+)% packet loss"
                     r"(?:, time (\d+)ms)?")
RTT = re.compile(r"(?:rtt|round-trip) min/avg/max/mdev = ([\d.]+)/([\d.]+)/([\d.]+)/([\d.]+) ms")


def _in_ns(ns, cmd):
    """A command line run inside `ns` (a netns.Namespace or a namespace name)."""
    name = ns.name if hasattr(ns, "name") else ns
    return [netns.IP, "netns", "exec", name] + [str(c) for c in cmd]


def _run(ns, cmd, timeout):
    return subprocess.run(_in_ns(ns, cmd), capture_output=True, text=True, timeout=timeout)


def parse_ping(output):
    """iputils ping's summary -> dict(transmitted, received, loss (percent), time_ms, min, avg, max, mdev (ms));
    the RTT figures are None when nothing came back."""
    s = SUMMARY.search(output)
    if not s:
        raise ValueError(f"no ping summary in:\n{output}")
    r = RTT.search(output)
    rtt = [float(x) for x in r.groups()] if r else [None] * 4
    return dict(transmitted=int(s.group(1)), received=int(s.group(2)), loss=float(s.group(3)),
                time_ms=int(s.group(4)) if s.group(4) else None,
                **dict(zip(("min", "avg", "max", "mdev"), rtt)))


def ping_rtt(ns, addr, count=20, interval=0.2):
    """`ping -c COUNT -i INTERVAL -q ADDR` inside ns -> dict(min, avg, max, mdev) in ms and loss in percent."""
    cmd = ["ping", "-q", "-c", count, "-i", interval, addr]
    done = _run(ns, cmd, timeout=count * interval + 30)
    p = parse_ping(done.stdout)
    return {k: p[k] for k in ("min", "avg", "max", "mdev", "loss")}


def flood(ns, addr, seconds):
    """`ping -f -q -w SECONDS ADDR` inside ns -> its summary (parse_ping)."""
    return parse_ping(_run(ns, ["ping", "-f", "-q", "-w", seconds, addr], timeout=seconds + 30).stdout)


def flood_rate(ns, addr, seconds=5):
    """Echo replies received per second of a flood ping from ns.
    A flood ping sends the next request as soon as a reply arrives (or after 10 ms), so this is 1/RTT under load."""
    p = flood(ns, addr, seconds)
    elapsed = (p["time_ms"] or seconds * 1000) / 1000
    return p["received"] / elapsed


def cpu_seconds(pid):
    """User plus system CPU time of a process, all its threads (/proc/PID/stat fields 14 and 15)."""
    return _stat_cpu(Path(f"/proc/{pid}/stat"))


def thread_cpu_seconds(pid):
    """{thread id: its user plus system CPU time} of a process's threads."""
    times = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            times[task.name] = _stat_cpu(task / "stat")
        except OSError:             # (a thread that ended meanwhile)
            pass
    return times


def _stat_cpu(path):
    fields = path.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def flood_cost(ns, addr, pid, seconds=5):
    """(echo replies per second, host CPU microseconds the guest's QEMU (pid) spent per reply, the part of those
    its busiest thread spent) of a flood ping. The rate moves with whatever else the machine runs; the CPU per
    reply much less, as waiting costs none. The busiest thread is the vCPU's: the guest's code runs there, with
    the device work its register writes start (a transmit); QEMU's main thread reads the tap and delivers the
    frames, so what the two guests' vCPU figures differ by is mostly their own code's cost."""
    before, threads_before = cpu_seconds(pid), thread_cpu_seconds(pid)
    p = flood(ns, addr, seconds)
    spent, threads_after = cpu_seconds(pid) - before, thread_cpu_seconds(pid)
    busiest = max(after - threads_before.get(tid, 0.0) for tid, after in threads_after.items())
    replies = max(p["received"], 1)
    elapsed = (p["time_ms"] or seconds * 1000) / 1000
    return p["received"] / elapsed, spent * 1e6 / replies, busiest * 1e6 / replies


def wait_reachable(ns, addr, timeout=SETTLE_TIMEOUT):
    """Pings once a second until the first reply: right after boot a TCG guest is busy for a moment."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _run(ns, ["ping", "-c", "1", "-W", "1", addr], timeout=10).returncode == 0:
            return True
    return False


def krait_on_tap(ns, nic, mem="256M", image=None):
    """Krait (images/krait.elf, or image) with `nic` on a tap moved into ns, addressed like the Linux guest and
    answering ping from ns; returns its tests/harness.py session (ns also kills it on close)."""
    from harness import Krait
    from krait_net import boot_on_taps

    def boot(**kwargs):
        k = Krait(image=image, **kwargs)
        ns.track(k.pid)
        return k
    k = boot_on_taps(boot, [(ns, nic, HOST_CIDR)], f"ip={GUEST_CIDR}", mem=mem)
    if not wait_reachable(ns, GUEST_ADDR):
        k.close()
        raise RuntimeError("Krait does not answer ping")
    return k


class LinuxGuestSession:
    """The Linux guest under QEMU on a tap in `ns`; close() (and the namespace's close()) kill it.

    tap: where the tap comes from (all three work; see tests/netns.py):
      "precreated"  made in the namespace before QEMU starts inside it (the default: no race, no polling)
      "qemu"        QEMU, started inside the namespace, creates it; configured once it appears
      "moved"       made in the root namespace, QEMU started there, the tap moved in once QEMU holds it
    """

    def __init__(self, ns, nic, mem="256M", tap="precreated"):
        self.ns, self.nic = ns, nic
        name = TAP
        if tap == "precreated":
            ns.add_tap(name, HOST_CIDR)
        elif tap == "moved":
            name = ns.add_root_tap()
        elif tap != "qemu":
            raise ValueError(f"unknown tap placement {tap!r}")
        qemu_line = linux_guest.qemu_command(nic, f"tap:{name}", mem=mem, ip=GUEST_CIDR)
        self.command = qemu_line if tap == "moved" else ns.exec_prefix() + qemu_line
        self.started = time.monotonic()
        self.child = pexpect.spawn(self.command[0], self.command[1:], encoding="utf-8", codec_errors="replace",
                                   timeout=BOOT_TIMEOUT, echo=False)
        ns.track(self.child.pid, group=True)
        self.log = []
        self.child.logfile_read = Collector(self.log)
        self.ready_s = None
        if tap == "qemu":
            if not ns.wait_link(name):
                raise AssertionError(f"QEMU did not create {name} in {ns.name}")
            ns.configure(name, HOST_CIDR)
        elif tap == "moved":
            if not netns.wait_tap_attached(name, self.child.pid):
                raise AssertionError(f"QEMU did not attach to {name}")
            ns.move_link(name, HOST_CIDR)

    def wait_ready(self, timeout=BOOT_TIMEOUT):
        """Waits for the marker; returns seconds since QEMU started. Fails with the console log."""
        try:
            self.child.expect(linux_guest.READY_MARKER, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            raise AssertionError(f"no {linux_guest.READY_MARKER} ({type(e).__name__}); console:\n"
                                 f"{self.console()[-4000:]}") from None
        self.ready_s = time.monotonic() - self.started
        return self.ready_s

    def console(self):
        return "".join(self.log).replace("\r\n", "\n")

    def close(self):
        self.child.close(force=True)


class Collector:
    """A pexpect logfile that keeps what the guest printed in a list."""

    def __init__(self, sink):
        self.sink = sink

    def write(self, text):
        self.sink.append(text)

    def flush(self):
        pass


@contextlib.contextmanager
def linux_guest_in_namespace(nic, ns=None, mem="256M"):
    """Yields a booted, reachable LinuxGuestSession; everything is removed afterwards."""
    linux_guest.build()
    with contextlib.ExitStack() as stack:
        if ns is None:
            ns = stack.enter_context(netns.Namespace())
        guest = LinuxGuestSession(ns, nic, mem)
        stack.callback(guest.close)
        guest.wait_ready()
        if not wait_reachable(ns, GUEST_ADDR):
            raise AssertionError(f"the guest does not answer ping; console:\n{guest.console()[-4000:]}")
        yield guest


def bench_ping_linux(nic, count=20, interval=0.2, seconds=5):
    """Boots the Linux guest with `nic` and returns its ping figures (ms, packets/s)."""
    with linux_guest_in_namespace(nic) as guest:
        ping_rtt(guest.ns, GUEST_ADDR, count=5, interval=interval)          # warm-up: TCG translates the paths
        rtt = ping_rtt(guest.ns, GUEST_ADDR, count=count, interval=interval)
        pps, cpu_us, vcpu_us = flood_cost(guest.ns, GUEST_ADDR, guest.child.pid, seconds=seconds)
    return dict(nic=nic, ready_s=round(guest.ready_s, 2), rtt=rtt, flood_pps=round(pps), flood_cpu_us=round(cpu_us),
                flood_vcpu_us=round(vcpu_us),
                commands=dict(rtt=f"ping -q -c {count} -i {interval} {GUEST_ADDR}",
                              flood=f"ping -f -q -w {seconds} {GUEST_ADDR}"))


def main(argv=None):
    ap = argparse.ArgumentParser(description="Ping figures of the Linux guest baseline (TCG, tap in a namespace)")
    ap.add_argument("--nic", choices=["e1000", "rtl8139", "both"], default="both")
    ap.add_argument("--count", type=int, default=20)
    ap.add_argument("--interval", type=float, default=0.2)
    ap.add_argument("--seconds", type=int, default=5, help="flood ping duration")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    reason = netns.unavailable_reason()
    if reason:
        sys.exit(f"bench_net: {reason}")
    nics = ["e1000", "rtl8139"] if args.nic == "both" else [args.nic]
    results = [bench_ping_linux(n, args.count, args.interval, args.seconds) for n in nics]   # one QEMU at a time
    if args.json:
        print(json.dumps(results, indent=2))
        return results
    for r in results:
        t = r["rtt"]
        print(f"linux {r['nic']:8} ready {r['ready_s']:5.2f} s  "
              f"rtt min/avg/max/mdev {t['min']:.3f}/{t['avg']:.3f}/{t['max']:.3f}/{t['mdev']:.3f} ms "
              f"loss {t['loss']:g}%  flood {r['flood_pps']} pkt/s")
    print(f"  ({results[0]['commands']['rtt']}; {results[0]['commands']['flood']}; in a namespace, tap to QEMU TCG)")
    return results


if __name__ == "__main__":
    main()
