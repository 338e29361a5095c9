"""The Linux guest as the router of `build.py bench route`: two NICs (e1000 on namespace A, rtl8139 on B), IPv4
forwarding from the kernel command line, iptables-legacy with the netfilter modules /srv/netfilter loads."""
import shutil

import pytest

import netns as nslib
from toolchain import bench_net, bench_route, linux_guest

pytestmark = [pytest.mark.qemu, pytest.mark.netns]
SIZE = 300_000


@pytest.fixture
def routed(netns_factory):
    """(router, flow, a, b): the Linux guest routing between two fresh namespaces, a receiver in B."""
    reason = nslib.unavailable_reason() or (None if shutil.which("qemu-system-x86_64") else "QEMU is not installed")
    if reason:
        pytest.skip(reason)
    linux_guest.build()
    a, b = netns_factory(), netns_factory()
    router = bench_route.LinuxRouter(a, b)
    try:
        a.ip("route", "add", "default", "via", bench_route.ROUTER_A)
        b.ip("route", "add", "default", "via", bench_route.ROUTER_B)
        assert bench_net.wait_reachable(a, bench_route.ROUTER_A), router.console()[-3000:]
        assert bench_net.wait_reachable(b, bench_route.ROUTER_B), router.console()[-3000:]
        yield router, bench_route.Flow(a, b), a, b
    finally:
        router.close()


def test_forwards_filters_and_masquerades(routed):
    router, flow, a, b = routed
    assert router.run("cat /proc/sys/net/ipv4/ip_forward").split() == ["1"]
    res = flow.transfer(SIZE)
    assert (res["bytes"], res["peer"]) == (SIZE, bench_route.HOST_A)             # routed, not translated
    router.apply("rules")
    listing = router.forward_listing()
    assert "policy DROP" in listing and listing.count("tcp dpt:") == bench_route.RULE_COUNT, listing
    res = flow.transfer(SIZE)
    assert (res["bytes"], res["peer"]) == (SIZE, bench_route.HOST_A)
    assert bench_route.accept_rule_bytes(router.forward_listing()) >= SIZE
    router.apply("nat")
    res = flow.transfer(SIZE)
    assert (res["bytes"], res["peer"]) == (SIZE, bench_route.ROUTER_B)           # B sees the router
    assert "MASQUERADE" in router.run("iptables -t nat -L POSTROUTING -v -n")
    assert "nf_conntrack" in router.run("cat /proc/modules")
