"""Krait on tap devices in test namespaces: boot it, move its taps in, read its ping."""
import re

from toolchain import bench_net

PING_SUMMARY = re.compile(r"(\d+) packets transmitted, (\d+) received(?:, \+(\d+) errors)?, ([\d.]+)% packet loss")


def boot_on_taps(boot, sides, append, mem="128M"):
    """sides: [(namespace, nic model, Linux side's cidr)] in Krait's interface order (eth0, eth1, ...).

    Creates a tap per side in the root namespace, boots Krait on them, then moves each tap into its namespace
    with the Linux address (QEMU keeps its descriptor across the move). Returns the Krait session at its prompt."""
    taps = [ns.add_root_tap() for ns, _, _ in sides]
    k = boot(nics=[(model, f"tap:{tap}") for (_, model, _), tap in zip(sides, taps)], append=append, mem=mem)
    k.prompt()
    for (ns, _, cidr), tap in zip(sides, taps):
        ns.move_link(tap, cidr)
    k.taps = taps
    return k


def krait_mac(k, ifname="eth0"):
    m = re.search(rf"^\d+: {ifname}: .*\n\s+link/ether ([0-9a-f:]{{17}})", k.cmd("ifconfig"), re.M)
    assert m, k.cmd("ifconfig")
    return m.group(1)


def netstat_counters(k):
    """`netstat -s` -> {layer: {description: count}}."""
    counters = {}
    layer = None
    for line in k.cmd("netstat -s").splitlines():
        if line and not line[0].isspace() and line.endswith(":"):
            layer = counters.setdefault(line[:-1], {})
        elif layer is not None and line.strip():
            count, _, text = line.strip().partition(" ")
            layer[text] = int(count)
    return counters


def krait_ping(k, args, timeout=60):
    """Runs Krait's ping; returns (output, transmitted, received, errors)."""
    out = k.cmd(f"ping {args}", timeout=timeout)
    m = PING_SUMMARY.search(out)
    assert m, out
    return out, int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def linux_ping(ns, address, *args, timeout=60):
    done = ns.run(["ping", *args, address], check=False, timeout=timeout)
    return done.stdout + done.stderr, bench_net.parse_ping(done.stdout)


def wait_reachable(ns, address):
    assert bench_net.wait_reachable(ns, address), f"{address} never answered from {ns.name}"
