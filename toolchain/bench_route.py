"""`build.py bench route`: TCP forwarded from namespace A (10.1.0.0/24, the router's e1000) to namespace B
(10.2.0.0/24, its RTL8139) through Krait and through the Linux guest acting as router, under the same QEMU line
(TCG, 256 MiB, e1000 then rtl8139 on taps moved into namespaces this run creates; a pair of namespaces for each
router), printed as Krait/Linux ratios. Ratios above 1 favour Krait.

Both routers stay booted and take turns: the one not measuring is paused through QMP (`stop`, which also stops its
clock), and the measured transfers alternate between them (K L, L K, ...), so both see the same load of a shared
machine; each ratio is the median over those back-to-back pairs.

Cases, applied one after the other to the running routers (the same iptables words for Krait's `fw`/`nat` and for
the Linux guest's iptables-legacy, whose netfilter modules /srv/netfilter loads first):
  none    no rule, every policy ACCEPT
  rules   FORWARD policy DROP, RULE_COUNT rules matching other TCP ports (every packet of the flow, both
          directions, walks them all), then the accepting rule
  nat     FORWARD flushed back to ACCEPT; masquerade on the B side (B sees the router's 10.2.0.1)
Throughput: this file run as a sender in A writes BYTES to a receiver in B (this file again), which times from
accept() to the sender's EOF and answers the count. Each case starts with two warm-up transfers per router (TCG
translates the paths): WARMUP_BYTES, then what its rate says lasts TRANSFER_SECONDS / 2, whose rate sizes the
measured transfers to about TRANSFER_SECONDS; then RUNS transfers each: the median counts.
Every transfer is checked (byte count, and the source address B saw: A's, or the router's under NAT), and in the
rules case the accepting rule's byte counter must cover what was sent.
"""
import contextlib
import json
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from toolchain import qemu  # noqa: E402

MEM = "256M"
ROUTER_A, ROUTER_B = "10.1.0.1", "10.2.0.1"
HOST_A, HOST_B = "10.1.0.2", "10.2.0.2"
PORT = 5001
RULE_COUNT = 50
FIRST_RULE_PORT = 6000          # the rules' ports: neither the flow's 5001 nor the ephemeral ports of A
WARMUP_BYTES = 1_000_000
TRANSFER_SECONDS = 2.0
RUNS = 5                        # measured transfers per case; the median is reported
MIN_BYTES = 2_000_000
MAX_BYTES = 200_000_000
BOOT_TIMEOUT = 120
CMD_TIMEOUT = 60
CASES = ("none", "rules", "nat")
RESTORE_LINES_PER_COMMAND = 15

# (table, iptables words) per case; Krait's shell takes them as `fw WORDS` / `nat WORDS`.
CASE_RULES = {
    "none": [],
    "rules": [("filter", "-P FORWARD DROP")]
             + [("filter", f"-A FORWARD -p tcp --dport {FIRST_RULE_PORT + i} -j DROP") for i in range(RULE_COUNT)]
             + [("filter", "-A FORWARD -p tcp -j ACCEPT")],
    "nat": [("filter", "-F FORWARD"), ("filter", "-P FORWARD ACCEPT"),
            ("nat", "-A POSTROUTING -o eth1 -j MASQUERADE")],
}
NETFILTER_SET = {"rules": "filter", "nat": "nat"}        # the Linux guest's module sets (linux_guest.NETFILTER)
SOURCE_SEEN = {"none": HOST_A, "rules": HOST_A, "nat": ROUTER_B}


# ---- the two ends of the flow: run inside the namespaces ---------------------------------------------------------

def receiver_main(host, port):
    """Serves one connection after another: reads to EOF, answers the count, prints a JSON line for each."""
    srv = socket.create_server((host, int(port)))
    print("ready", flush=True)
    buf = bytearray(1 << 16)
    while True:
        conn, peer = srv.accept()
        start = time.monotonic()
        got = 0
        try:
            while True:
                n = conn.recv_into(buf)
                if not n:
                    break
                got += n
            elapsed = time.monotonic() - start
            conn.sendall(f"{got}\n".encode())
            result = {"bytes": got, "seconds": elapsed, "peer": peer[0]}
        except OSError as e:                    # a sender that was killed: reported, the next one is served
            result = {"bytes": got, "error": str(e), "peer": peer[0]}
        conn.close()
        print(json.dumps(result), flush=True)


def sender_main(host, port, total):
    """Writes `total` bytes, then checks the count the receiver answers (bench_tcp's host->guest client)."""
    from toolchain.bench_tcp import client_send
    result = client_send(host, int(port), int(total))
    if result["answer"] != str(result["bytes"]):
        raise SystemExit(f"receiver counted {result['answer']!r}, sent {result['bytes']}")
    return 0


# ---- the routers ---------------------------------------------------------------------------------------------------

class Router:
    """What both routers share: a QMP socket on the QEMU line, pause()/resume(), running()."""

    def __init__(self):
        self.qmp_dir = tempfile.mkdtemp(prefix="krt-qmp-")
        self.qmp_path = os.path.join(self.qmp_dir, "qmp.sock")
        self.qmp = None

    def qmp_args(self):
        return ["-qmp", f"unix:{self.qmp_path},server=on,wait=off"]

    def pause(self):
        self.qmp = self.qmp or qemu.Qmp(self.qmp_path)
        self.qmp.execute("stop")

    def resume(self):
        self.qmp = self.qmp or qemu.Qmp(self.qmp_path)
        self.qmp.execute("cont")

    @contextlib.contextmanager
    def running(self):
        self.resume()
        try:
            yield self
        finally:
            self.pause()

    def close_qmp(self):
        if self.qmp:
            self.qmp.close()
        if os.path.exists(self.qmp_path):
            os.unlink(self.qmp_path)
        os.rmdir(self.qmp_dir)


class KraitRouter(Router):
    name = "krait"

    def __init__(self, a, b):
        from harness import Krait
        from krait_net import boot_on_taps
        super().__init__()

        def boot(**kwargs):
            k = Krait(extra=self.qmp_args(), **kwargs)
            a.track(k.pid)
            return k
        try:
            self.k = boot_on_taps(boot, [(a, "e1000", f"{HOST_A}/24"), (b, "rtl8139", f"{HOST_B}/24")],
                                  f"ip={ROUTER_A}/24 ip.eth1={ROUTER_B}/24 forward=1", mem=MEM)
        except BaseException:                   # QEMU itself dies with namespace a, which tracks it
            self.close_qmp()
            raise

    def apply(self, case):
        for table, words in CASE_RULES[case]:
            out = self.k.cmd(f"{'fw' if table == 'filter' else 'nat'} {words}", timeout=CMD_TIMEOUT)
            if out.strip():
                raise RuntimeError(f"krait: {table} {words}: {out}")

    def forward_listing(self):
        return self.k.cmd("fw -L FORWARD -v -n -x", timeout=CMD_TIMEOUT)

    def console(self):
        return self.k.log

    def close(self):
        self.k.close()
        self.close_qmp()


class LinuxRouter(Router):
    name = "linux"

    def __init__(self, a, b):
        import netns
        import pexpect
        from toolchain import linux_guest
        from toolchain.bench_net import Collector
        super().__init__()
        tap_a, tap_b = a.add_root_tap(), b.add_root_tap()
        cmd = linux_guest.qemu_command("e1000", f"tap:{tap_a}", mem=MEM, ip=f"{ROUTER_A}/24",
                                       more_nics=[("rtl8139", f"tap:{tap_b}", f"{ROUTER_B}/24")],
                                       append="krait.forward=1") + self.qmp_args()
        self.log = []
        self.commands = 0
        self.child = pexpect.spawn(cmd[0], cmd[1:], encoding="utf-8", codec_errors="replace", timeout=BOOT_TIMEOUT,
                                   echo=False, dimensions=(50, 400))
        a.track(self.child.pid, group=True)
        self.child.logfile_read = Collector(self.log)
        try:
            for ns, tap, cidr in ((a, tap_a, HOST_A), (b, tap_b, HOST_B)):
                if not netns.wait_tap_attached(tap, self.child.pid):
                    raise RuntimeError(f"QEMU did not attach to {tap}")
                ns.move_link(tap, f"{cidr}/24")
            self.expect(linux_guest.READY_MARKER, BOOT_TIMEOUT)
        except BaseException:
            self.close()
            raise

    def expect(self, pattern, timeout):
        import pexpect
        try:
            self.child.expect(pattern, timeout=timeout)
        except (pexpect.TIMEOUT, pexpect.EOF) as e:
            raise RuntimeError(f"linux: expected {pattern!r}, got {type(e).__name__}; console:\n"
                               f"{self.console()[-4000:]}") from None
        return self.child.before

    def run(self, line):
        """Runs a shell command on the guest's serial console; returns its output, raises when it fails."""
        self.commands += 1
        tag = f"E{self.commands}"
        typed = f"{line}; echo RC=$?:{tag}"
        self.child.send(typed + "\r")
        out = self.expect(rf"RC=(\d+):{tag}\b", CMD_TIMEOUT)         # the echoed line shows "RC=$?", no digits
        out = out.replace("\r\n", "\n")
        out = out[out.rfind(typed) + len(typed):].split("\n", 1)[-1] if typed in out else out
        if self.child.match.group(1) != "0":
            raise RuntimeError(f"linux: {line} failed ({self.child.match.group(1)}):\n{out}")
        return out

    def apply(self, case):
        """Loads the case's modules, then its rules in one iptables-restore (an iptables run costs 0.2 s under
        TCG); the file goes over the console in pieces that fit busybox's 1 KiB line editor."""
        if case in NETFILTER_SET:
            self.run(f"/srv/netfilter {NETFILTER_SET[case]}")
        if not CASE_RULES[case]:
            return
        lines = []
        for table in dict.fromkeys(t for t, _ in CASE_RULES[case]):
            lines += [f"*{table}"] + [words for t, words in CASE_RULES[case] if t == table] + ["COMMIT"]
        self.run("rm -f /tmp/rules")
        for start in range(0, len(lines), RESTORE_LINES_PER_COMMAND):
            chunk = " ".join(f"'{line}'" for line in lines[start:start + RESTORE_LINES_PER_COMMAND])
            self.run(f"printf '%s\\n' {chunk} >> /tmp/rules")
        self.run("iptables-restore --noflush < /tmp/rules")

    def forward_listing(self):
        return self.run("iptables -L FORWARD -v -n -x")

    def console(self):
        return "".join(self.log).replace("\r\n", "\n")

    def close(self):
        self.child.close(force=True)
        self.close_qmp()


def accept_rule_bytes(listing):
    """The byte counter of the last rule of an `iptables -L FORWARD -v -n -x`-style listing (bytes, not packets:
    Linux forwards GRO-merged segments, so its packets are larger than the wire's)."""
    rows = [line for line in listing.splitlines() if re.match(r"\s*\d+\s+\d+\s+\S+", line)]
    if not rows:
        raise RuntimeError(f"no rule in the FORWARD listing:\n{listing}")
    return int(rows[-1].split()[1])


# ---- measuring ---------------------------------------------------------------------------------------------------

class Flow:
    """The receiver in B and the sender in A."""

    def __init__(self, a, b):
        self.a = a
        self.receiver = b.popen([sys.executable, "-u", str(Path(__file__).resolve()), "receive", HOST_B, PORT],
                                stdout=subprocess.PIPE, text=True)
        if self.receiver.stdout.readline().strip() != "ready":
            raise RuntimeError("the receiver in B did not start")

    def transfer(self, total, timeout=300):
        while select.select([self.receiver.stdout], [], [], 0)[0]:      # results of an earlier, failed transfer
            if not self.receiver.stdout.readline():
                raise RuntimeError("the receiver in B ended")
        done = self.a.run([sys.executable, str(Path(__file__).resolve()), "send", HOST_B, PORT, total],
                          check=False, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"sending {total} bytes A->B failed: {done.stdout}{done.stderr}")
        ready, _, _ = select.select([self.receiver.stdout], [], [], 30)
        if not ready:
            raise RuntimeError("the receiver printed no result")
        result = json.loads(self.receiver.stdout.readline())
        if "error" in result:
            raise RuntimeError(f"the receiver failed after {result['bytes']} bytes: {result['error']}")
        return result


def check(router, case, res, total):
    if res["bytes"] != total:
        raise RuntimeError(f"{router.name} {case}: the receiver got {res['bytes']} of {total} bytes")
    if res["peer"] != SOURCE_SEEN[case]:
        raise RuntimeError(f"{router.name} {case}: B saw the flow from {res['peer']}, not {SOURCE_SEEN[case]}")


def prepare_case(router, flow, case):
    """Applies the case's rules and warms up; returns the size of the measured transfers."""
    with router.running():
        router.apply(case)
        total = WARMUP_BYTES
        for seconds in (TRANSFER_SECONDS / 2, TRANSFER_SECONDS):   # a fast router needs a longer warm-up to size
            warm = flow.transfer(total)
            total = int(min(MAX_BYTES, max(MIN_BYTES, warm["bytes"] / warm["seconds"] * seconds)))
    return total


def measure_case(routers, case, errors):
    """routers: {name: (router, flow)}. Returns {name: dict(mb_s, rates, bytes)} for those that got through the
    case, and "ratio": the median of krait/linux over back-to-back pairs; failures go to errors[name][case]."""
    sizes, rates = {}, {}
    for name, (router, flow) in routers.items():
        try:
            sizes[name] = prepare_case(router, flow, case)
            rates[name] = []
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            errors[name][case] = str(e)
    ratios = []
    for i in range(RUNS):
        order = list(rates) if i % 2 == 0 else list(rates)[::-1]
        pair = {}
        for name in order:
            router, flow = routers[name]
            try:
                with router.running():
                    res = flow.transfer(sizes[name])
                check(router, case, res, sizes[name])
            except (RuntimeError, subprocess.TimeoutExpired) as e:
                errors[name][case] = str(e)
                del rates[name]
                continue
            pair[name] = res["bytes"] / res["seconds"] / 1e6
            rates[name].append(pair[name])
        if "krait" in pair and "linux" in pair:
            ratios.append(pair["krait"] / pair["linux"])
    results = {}
    for name in list(rates):
        router, _ = routers[name]
        if case == "rules":
            with router.running():
                counted = accept_rule_bytes(router.forward_listing())
            if counted < RUNS * sizes[name]:
                errors[name][case] = f"the accepting rule counted {counted} bytes, fewer than were sent"
                continue
        results[name] = {"mb_s": median(rates[name]), "rates": rates[name], "bytes": sizes[name]}
        print(f"  {name:6} {case:6} {results[name]['mb_s']:8.2f} MB/s (median of "
              f"{' '.join(f'{x:.2f}' for x in rates[name])}; {sizes[name]} bytes each)", flush=True)
    if ratios and "krait" in results and "linux" in results:
        results["ratio"] = median(ratios)
    for name in routers:
        if case in errors[name]:
            print(f"  {name:6} {case:6} FAILED: {errors[name][case]}", flush=True)
    return results


def median(values):
    return sorted(values)[len(values) // 2]


def start_router(cls, stack, errors):
    """Boots a router between two new namespaces, with the receiver in B; returns (router, flow) or None."""
    import netns
    from krait_net import wait_reachable
    try:
        a, b = stack.enter_context(netns.Namespace()), stack.enter_context(netns.Namespace())
        started = time.monotonic()
        router = cls(a, b)
        stack.callback(router.close)
        try:
            a.ip("route", "add", "default", "via", ROUTER_A)
            b.ip("route", "add", "default", "via", ROUTER_B)
            wait_reachable(a, ROUTER_A)
            wait_reachable(b, ROUTER_B)
            router.boot_s = time.monotonic() - started
            flow = Flow(a, b)
            router.pause()
        except Exception:
            print(f"{router.name} console (tail):\n{router.console()[-3000:]}", file=sys.stderr)
            raise
        return router, flow
    except Exception as e:                      # noqa: BLE001 -- reported; the other router still runs
        errors[cls.name]["setup"] = str(e)
        print(f"  {cls.name}: FAILED to set up: {e}", flush=True)
        return None


def bench(cases=CASES):
    """-> ({case: measure_case's results}, {name: boot seconds}, errors {name: {case: message}})."""
    errors = {"krait": {}, "linux": {}}
    with contextlib.ExitStack() as stack:
        routers = {}
        for cls in (KraitRouter, LinuxRouter):
            started = start_router(cls, stack, errors)
            if started:
                routers[cls.name] = started
        boots = {name: router.boot_s for name, (router, _) in routers.items()}
        results = {case: measure_case(routers, case, errors) for case in cases}
    return results, boots, errors


def report(results, boots, errors):
    labels = {"none": "no rules", "rules": f"{RULE_COUNT} FORWARD rules", "nat": "masquerade (NAT)"}
    print(f"\nforwarded TCP A->B (TCG, {MEM}; e1000 in, rtl8139 out); ratio: median over {RUNS} back-to-back pairs")
    print(f"  {'':22} {'krait MB/s':>11} {'linux MB/s':>11} {'krait/linux':>12}")
    for case in CASES:
        r = results.get(case, {})
        k, lx = r.get("krait"), r.get("linux")
        ratio = f"{r['ratio']:.2f}x" if "ratio" in r else "n/a"
        rates = [f"{x['mb_s']:.2f}" if x else "n/a" for x in (k, lx)]
        print(f"  {labels[case]:22} {rates[0]:>11} {rates[1]:>11} {ratio:>12}")
    for name in ("krait", "linux"):
        rates = {case: results.get(case, {}).get(name, {}).get("mb_s") for case in CASES}
        if all(rates.values()):
            print(f"  {name}: 50 rules cost {1 - rates['rules'] / rates['none']:.0%}, "
                  f"NAT {1 - rates['nat'] / rates['none']:.0%} of the rule-free rate")
    print("  (QEMU start to both sides reaching the router: "
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in boots.items()) + ")")
    for name, failed in errors.items():
        for case, error in failed.items():
            print(f"  {name} {case}: n/a: {error.splitlines()[0] if error else error}")


def main(as_json=False):
    import netns
    from toolchain import kbuild, linux_guest
    reason = netns.unavailable_reason()
    if reason:
        sys.exit(f"bench route: {reason}")
    kbuild.build(quiet_when_current=True)
    linux_guest.build()
    started = time.monotonic()
    print(f"forwarding through Krait and the Linux guest, taking turns: cases {', '.join(CASES)}; "
          f"{RUNS} transfers of ~{TRANSFER_SECONDS:g} s each per router after warm-ups", flush=True)
    results, boots, errors = bench()
    report(results, boots, errors)
    print(f"  (bench {time.monotonic() - started:.0f} s)")
    if as_json:
        print(json.dumps({"results": results, "boot_s": boots, "errors": errors}, indent=2))
    return 1 if any(errors.values()) else 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "receive":
        receiver_main(*sys.argv[2:4])
    elif len(sys.argv) > 1 and sys.argv[1] == "send":
        sys.exit(sender_main(*sys.argv[2:5]))
    else:
        sys.exit(main("--json" in sys.argv))
