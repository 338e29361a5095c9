"""`build.py bench ping`: ping round trip and flood rate of Krait beside the Linux guest, each booted in turn under
the same QEMU line (TCG, 256 MiB, the same NIC model on a tap in a namespace this run creates), printed as
Krait/Linux ratios. RTT ratios below 1 and flood ratios above 1 favour Krait."""
import contextlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from toolchain import bench_net, kbuild, linux_guest  # noqa: E402
import netns  # noqa: E402

MEM = "256M"
COUNT = 20
INTERVAL = 0.2
FLOOD_SECONDS = 5


@contextlib.contextmanager
def krait_in_namespace(nic):
    """Krait with `nic` on a tap moved into a fresh namespace, addressed like the Linux guest."""
    with netns.Namespace() as ns:
        k = bench_net.krait_on_tap(ns, nic, MEM)
        try:
            yield ns
        finally:
            k.close()


def measure(ns):
    bench_net.ping_rtt(ns, bench_net.GUEST_ADDR, count=5, interval=INTERVAL)      # warm-up: TCG translates paths
    rtt = bench_net.ping_rtt(ns, bench_net.GUEST_ADDR, count=COUNT, interval=INTERVAL)
    pps = bench_net.flood_rate(ns, bench_net.GUEST_ADDR, seconds=FLOOD_SECONDS)
    return rtt, pps


def bench_nic(nic):
    with krait_in_namespace(nic) as ns:
        krait = measure(ns)
    linux = bench_net.bench_ping_linux(nic, COUNT, INTERVAL, FLOOD_SECONDS)
    return krait, (linux["rtt"], linux["flood_pps"])


def main(nics=("e1000", "rtl8139")):
    reason = netns.unavailable_reason()
    if reason:
        sys.exit(f"bench ping: {reason}")
    kbuild.build(quiet_when_current=True)
    linux_guest.build()
    print(f"ping over a tap (TCG, {MEM}); rtt: ping -c {COUNT} -i {INTERVAL}; flood: ping -f -w {FLOOD_SECONDS}")
    print(f"{'nic':8} {'':6} {'rtt min':>8} {'avg':>7} {'max':>7} {'mdev':>7} {'flood pkt/s':>12}")
    for nic in nics:
        (k_rtt, k_pps), (l_rtt, l_pps) = bench_nic(nic)
        for name, rtt, pps in (("krait", k_rtt, k_pps), ("linux", l_rtt, l_pps)):
            print(f"{nic:8} {name:6} {rtt['min']:8.3f} {rtt['avg']:7.3f} {rtt['max']:7.3f} {rtt['mdev']:7.3f} "
                  f"{pps:12.0f}")
        print(f"{nic:8} {'ratio':6} {k_rtt['min'] / l_rtt['min']:8.2f} {k_rtt['avg'] / l_rtt['avg']:7.2f} "
              f"{k_rtt['max'] / l_rtt['max']:7.2f} {'':7} {k_pps / l_pps:12.2f}")
    return 0


if __name__ == "__main__":
    main()
