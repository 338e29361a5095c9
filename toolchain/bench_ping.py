"""`build.py bench ping`: ping round trip and flood rate of Krait beside the Linux guest, each booted in turn under
the same QEMU line (TCG, 256 MiB, the same NIC model on a tap in a namespace this run creates), printed as
Krait/Linux ratios. RTT ratios below 1 and flood ratios above 1 favour Krait. Krait and Linux are booted in turn
`runs` times; each figure is the median over the runs, each ratio comes with the range of the runs' ratios.
"cpu us" is the host CPU the guest's QEMU spent per flood reply (all its threads): steadier than the rates when
the machine is busy, and below 1 as a ratio when Krait costs QEMU less per packet. "vcpu us" is the part of it
the vCPU thread spent: the guest's own code (and the transmits it starts). The rest is QEMU's main thread (tap
reads, frame delivery, device timers such as the e1000's interrupt mitigation), so the two columns' ratios tell a
difference in the guests' code from one in what they make QEMU do."""
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
    """Krait with `nic` on a tap moved into a fresh namespace, addressed like the Linux guest: (ns, QEMU's pid)."""
    with netns.Namespace() as ns:
        k = bench_net.krait_on_tap(ns, nic, MEM)
        try:
            yield ns, k.pid
        finally:
            k.close()


def measure(ns, pid):
    bench_net.ping_rtt(ns, bench_net.GUEST_ADDR, count=5, interval=INTERVAL)      # warm-up: TCG translates paths
    rtt = bench_net.ping_rtt(ns, bench_net.GUEST_ADDR, count=COUNT, interval=INTERVAL)
    pps, cpu_us, vcpu_us = bench_net.flood_cost(ns, bench_net.GUEST_ADDR, pid, seconds=FLOOD_SECONDS)
    return rtt, pps, cpu_us, vcpu_us


def bench_nic(nic):
    with krait_in_namespace(nic) as (ns, pid):
        krait = measure(ns, pid)
    linux = bench_net.bench_ping_linux(nic, COUNT, INTERVAL, FLOOD_SECONDS)
    return krait, (linux["rtt"], linux["flood_pps"], linux["flood_cpu_us"], linux["flood_vcpu_us"])


def _median(values):
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def _medians(runs):
    """[(rtt dict, pps, cpu us, vcpu us)] -> (rtt dict of medians, median pps, median cpu us, median vcpu us)."""
    return ({k: _median(r[0][k] for r in runs) for k in ("min", "avg", "max", "mdev")},
            _median(r[1] for r in runs), _median(r[2] for r in runs), _median(r[3] for r in runs))


def _spread(ratios):
    return f"{min(ratios):.2f}-{max(ratios):.2f}"


def main(nics=("e1000", "rtl8139"), runs=3):
    reason = netns.unavailable_reason()
    if reason:
        sys.exit(f"bench ping: {reason}")
    kbuild.build(quiet_when_current=True)
    linux_guest.build()
    print(f"ping over a tap (TCG, {MEM}); rtt: ping -c {COUNT} -i {INTERVAL}; flood: ping -f -w {FLOOD_SECONDS}; "
          f"medians of {runs} run{'s' if runs > 1 else ''} each")
    print(f"{'nic':8} {'':6} {'rtt min':>8} {'avg':>7} {'max':>7} {'mdev':>7} {'flood pkt/s':>12} {'cpu us':>9} "
          f"{'vcpu us':>9}")
    for nic in nics:
        pairs = [bench_nic(nic) for _ in range(runs)]
        krait, linux = _medians([k for k, _ in pairs]), _medians([lx for _, lx in pairs])
        for name, (rtt, pps, cpu, vcpu) in (("krait", krait), ("linux", linux)):
            print(f"{nic:8} {name:6} {rtt['min']:8.3f} {rtt['avg']:7.3f} {rtt['max']:7.3f} {rtt['mdev']:7.3f} "
                  f"{pps:12.0f} {cpu:9.0f} {vcpu:9.0f}")
        (k_rtt, k_pps, k_cpu, k_vcpu), (l_rtt, l_pps, l_cpu, l_vcpu) = krait, linux
        print(f"{nic:8} {'ratio':6} {k_rtt['min'] / l_rtt['min']:8.2f} {k_rtt['avg'] / l_rtt['avg']:7.2f} "
              f"{k_rtt['max'] / l_rtt['max']:7.2f} {'':7} {k_pps / l_pps:12.2f} {k_cpu / l_cpu:9.2f} "
              f"{k_vcpu / l_vcpu:9.2f}")
        if runs > 1:
            avg = _spread([k[0]["avg"] / lx[0]["avg"] for k, lx in pairs])
            flood = _spread([k[1] / lx[1] for k, lx in pairs])
            cpu = _spread([k[2] / lx[2] for k, lx in pairs])
            vcpu = _spread([k[3] / lx[3] for k, lx in pairs])
            print(f"{nic:8} {'range':6} {'':8} {avg:>7} {'':7} {'':7} {flood:>12} {cpu:>9} {vcpu:>9}")
    return 0


if __name__ == "__main__":
    main()
