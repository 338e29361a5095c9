"""Host tests of the IPv4 layer: the stack runs under CPython with the native
modules replaced by tests/shims, packets come from scapy and what the stack
transmits is parsed back with scapy."""
import sys
from pathlib import Path

import pytest

SHIMS = Path(__file__).resolve().parent.parent / "shims"
if str(SHIMS) not in sys.path:
    sys.path.insert(0, str(SHIMS))

import machine  # noqa: E402

from ipv4_helpers import Stack  # noqa: E402
from net import arp, icmp, ip, reasm, route, stats, timer  # noqa: E402


@pytest.fixture
def net():
    machine.set_ms(1_000_000)
    timer.reset()
    stats.reset()
    route.reset()
    arp.reset()
    reasm.reset()
    ip.reset()
    icmp.reset()
    arp.init()
    ip.init()
    icmp.init()
    for proto in (ip.PROTO_TCP, ip.PROTO_UDP):
        ip.unregister_protocol(proto)
    stack = Stack()
    yield stack
    timer.reset()
