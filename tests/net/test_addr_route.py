"""Addresses and the routing table: longest-prefix match then lowest metric, the seed's table format."""
import ipaddress

import pytest
from hypothesis import given, strategies as st

from net import addr, route

SEED_TABLE = (
    "| Destination | Netmask | Gateway | Interface | Metric |\n"
    "| :--- | :--- | :--- | :--- | :--- |\n"
    "| 0.0.0.0 | 0.0.0.0 | 192.168.1.1 | eth0 | 10 |\n"
    "| 192.168.1.0 | 255.255.255.0 | *On-Link* | eth0 | 1 |\n"
    "| 10.0.0.0 | 255.0.0.0 | 10.0.0.1 | tun0 | 5 |\n"
)


@pytest.fixture
def table():
    route.reset()
    yield
    route.reset()


@given(st.integers(0, 0xFFFFFFFF))
def test_ipv4_text_round_trip_matches_cpython(value):
    text = addr.format_ipv4(value)
    assert text == str(ipaddress.IPv4Address(value))
    assert addr.parse_ipv4(text) == value


@pytest.mark.parametrize("bad", ["1.2.3", "1.2.3.4.5", "256.1.1.1", "a.b.c.d", "1..2.3", "", "1.2.3.-4"])
def test_bad_addresses_are_refused(bad):
    with pytest.raises(ValueError):
        addr.parse_ipv4(bad)


@given(st.integers(0, 32))
def test_prefix_masks_match_cpython(length):
    mask = addr.prefix_mask(length)
    assert mask == int(ipaddress.IPv4Network(f"0.0.0.0/{length}").netmask)
    assert addr.mask_prefix(mask) == length


def test_cidr_and_broadcast():
    address, length = addr.parse_cidr("192.168.1.77/24")
    assert (address, length) == (addr.parse_ipv4("192.168.1.77"), 24)
    net = ipaddress.IPv4Network("192.168.1.77/24", strict=False)
    assert addr.network_of(address, length) == int(net.network_address)
    assert addr.broadcast_of(address, length) == int(net.broadcast_address)
    with pytest.raises(ValueError):
        addr.mask_prefix(addr.parse_ipv4("255.0.255.0"))


def test_seed_table_prints_exactly_as_the_seed(table):
    route.load_seed_example()
    assert route.format_table() == SEED_TABLE


def lookup(text):
    found = route.lookup(addr.parse_ipv4(text))
    return None if found is None else (found.ifname, addr.format_ipv4(found.next_hop(addr.parse_ipv4(text))))


def test_longest_prefix_match_on_the_seed_table(table):
    route.load_seed_example()
    assert lookup("10.1.2.3") == ("tun0", "10.0.0.1")
    assert lookup("192.168.1.77") == ("eth0", "192.168.1.77")       # on-link: the host itself
    assert lookup("8.8.8.8") == ("eth0", "192.168.1.1")
    assert lookup("192.168.2.1") == ("eth0", "192.168.1.1")


def test_lowest_metric_wins_among_equal_prefixes(table):
    route.load_seed_example()
    route.add(0, 0, addr.parse_ipv4("10.0.0.254"), "tun0", 5)
    assert lookup("8.8.8.8") == ("tun0", "10.0.0.254")
    assert route.delete(0, 0, addr.parse_ipv4("10.0.0.254")) == 1
    assert lookup("8.8.8.8") == ("eth0", "192.168.1.1")
    route.add(addr.parse_ipv4("10.0.0.0"), 8, addr.parse_ipv4("192.168.1.2"), "eth0", 50)
    assert lookup("10.9.9.9") == ("tun0", "10.0.0.1")                # metric 5 beats 50


def test_a_longer_prefix_beats_a_lower_metric(table):
    route.load_seed_example()
    route.add(addr.parse_ipv4("10.1.0.0"), 16, addr.parse_ipv4("192.168.1.3"), "eth0", 100)
    assert lookup("10.1.2.3") == ("eth0", "192.168.1.3")
    assert lookup("10.2.2.3") == ("tun0", "10.0.0.1")


def test_usable_filter_skips_routes(table):
    route.load_seed_example()
    found = route.lookup(addr.parse_ipv4("10.1.2.3"), usable=lambda r: r.ifname != "tun0")
    assert found.ifname == "eth0" and found.prefix_len == 0


def test_delete_and_no_duplicates(table):
    route.load_seed_example()
    route.load_seed_example()
    assert len(route.routes()) == 3
    assert route.delete(addr.parse_ipv4("10.0.0.0"), addr.parse_ipv4("255.0.0.0")) == 1
    assert lookup("10.1.2.3") == ("eth0", "192.168.1.1")
    assert route.delete(0, 0) == 1
    assert lookup("10.1.2.3") is None
    assert route.format_table().count("\n") == 3


def test_routes_are_kept_per_family(table):
    route.load_seed_example()
    assert route.routes(addr.AF_INET6) == []
    assert route.lookup(0, addr.AF_INET6) is None
    assert route.format_table(addr.AF_INET6).count("\n") == 2


@given(st.lists(st.tuples(st.integers(0, 0xFFFFFFFF), st.integers(0, 32), st.integers(0, 20)), max_size=12),
       st.integers(0, 0xFFFFFFFF))
def test_lookup_matches_a_brute_force_oracle(entries, dst):
    route.reset()
    for i, (dest, length, metric) in enumerate(entries):
        route.add(dest, length, i + 1, f"if{i}", metric)
    best = None
    for r in route.routes():
        net = ipaddress.IPv4Network((r.dest, r.prefix_len))
        if ipaddress.IPv4Address(dst) in net:
            key = (-r.prefix_len, r.metric)
            if best is None or key < best[0]:
                best = (key, r)
    found = route.lookup(dst)
    if best is None:
        assert found is None
    else:
        assert (found.prefix_len, found.metric) == (best[1].prefix_len, best[1].metric)
    route.reset()


def test_connected_routes_follow_addresses():
    from ipv4_helpers import FakeInterface
    from net import ip
    route.reset()
    ip.reset()
    eth = FakeInterface("eth9", "02:00:00:00:09:09")
    ip.set_address(eth, addr.parse_ipv4("10.20.30.40"), 16)
    found = route.lookup(addr.parse_ipv4("10.20.99.1"))
    assert found.ifname == "eth9" and found.on_link() and found.metric == route.CONNECTED_METRIC
    ip.remove_address(eth, addr.parse_ipv4("10.20.30.40"), 16)
    assert route.lookup(addr.parse_ipv4("10.20.99.1")) is None and eth.ipv4 == []
    ip.reset()
    route.reset()
