"""DHCP client: a scripted server built from scapy's BOOTP/DHCP layers answers what the
client sends, and scapy parses every frame the client transmits."""
import struct

import machine
import pytest
from scapy.layers.dhcp import BOOTP, DHCP, dhcpmagic
from scapy.layers.inet import IP, UDP
from scapy.layers.l2 import ARP, Ether

from ipv4_helpers import FakeInterface, checksum_ok
from net import addr, dhcp, ip, stats, timer

CLIENT_MAC = "52:54:00:12:34:56"
SERVER_MAC = "52:55:0a:00:02:02"
OTHER_SERVER_MAC = "52:55:0a:00:02:09"
SERVER_IP = "10.0.2.2"
OTHER_SERVER_IP = "10.0.2.9"
OFFERED = "10.0.2.15"
DNS_IP = "10.0.2.3"
LEASE = 86400
BROADCAST = "255.255.255.255"
SERVER_MACS = {SERVER_IP: SERVER_MAC, OTHER_SERVER_IP: OTHER_SERVER_MAC}

# What QEMU's user networking (slirp) puts in an OFFER/ACK.
SLIRP_OPTIONS = [("subnet_mask", "255.255.255.0"), ("router", SERVER_IP), ("name_server", DNS_IP),
                 ("lease_time", LEASE)]


class TimedInterface(FakeInterface):
    """Records when each frame left (the shimmed clock); the servers answer ARP for themselves
    on the next timer run, as a neighbour on the wire would."""

    def __init__(self, name, mac, feed):
        FakeInterface.__init__(self, name, mac)
        self.times = []
        self.feed = feed

    def transmit(self, pkb):
        self.times.append(machine.ticks_ms())
        raw = pkb.tobytes()
        FakeInterface.transmit(self, pkb)
        frame = Ether(raw)
        if ARP in frame and frame[ARP].op == 1 and frame[ARP].pdst in SERVER_MACS:
            mac = SERVER_MACS[frame[ARP].pdst]
            answer = Ether(src=mac, dst=CLIENT_MAC) / ARP(op=2, hwsrc=mac, psrc=frame[ARP].pdst,
                                                          hwdst=CLIENT_MAC, pdst=frame[ARP].psrc)
            timer.schedule(0, self.feed, answer)


class Owner:
    """The kernel's side: callbacks that set and remove the address, and a UDP transport that
    only sees what the DHCP hook leaves."""

    def __init__(self):
        self.events = []
        self.transport = []

    def bound(self, iface, address, prefix_len, router, lease):
        self.events.append(("bound", iface.name, addr.format_ipv4(address), prefix_len,
                            addr.format_ipv4(router) if router else 0, lease))
        ip.set_address(iface, address, prefix_len)

    def unbound(self, iface, address, prefix_len):
        self.events.append(("unbound", iface.name, addr.format_ipv4(address), prefix_len))
        ip.remove_address(iface, address, prefix_len)

    def udp(self, iface, pkb, hdr):
        if dhcp.udp_input(iface, pkb, hdr):
            return
        self.transport.append(bytes(pkb.data()))
        pkb.release()


class Rig:
    def __init__(self, net):
        self.net = net
        self.eth1 = TimedInterface("eth1", CLIENT_MAC, self.feed)
        ip.add_interface(self.eth1)
        self.owner = Owner()
        ip.register_protocol(ip.PROTO_UDP, self.owner.udp)
        self.client = dhcp.DhcpClient(self.eth1, self.owner.bound, self.owner.unbound)

    def feed(self, frame):
        self.net.feed(frame, self.eth1)

    def sent(self):
        """(ms, frame) of what the client sent since last asked, ARP left out."""
        out = []
        for ms, raw in zip(self.eth1.times, self.eth1.sent):
            frame = Ether(raw)
            if ARP not in frame:
                out.append((ms, frame))
        self.eth1.times, self.eth1.sent = [], []
        return out

    def frames(self):
        return [frame for _, frame in self.sent()]

    def one(self):
        [frame] = self.frames()
        return frame

    def bind(self, options=SLIRP_OPTIONS):
        """Runs DORA; returns (discover, request)."""
        self.client.start()
        discover = self.one()
        self.feed(reply(discover, "offer", options=options))
        request = self.one()
        self.feed(reply(request, "ack", options=options))
        assert self.client.state == "BOUND"
        return discover, request


@pytest.fixture
def rig(net):
    dhcp.reset()
    yield Rig(net)
    dhcp.reset()


def reply(request, kind, yiaddr=OFFERED, server=SERVER_IP, options=SLIRP_OPTIONS, xid=None, chaddr=None,
          dst=BROADCAST, src_mac=SERVER_MAC, server_id=True):
    """A server's answer to request (a frame the client sent), as slirp builds it: broadcast."""
    bootp = request[BOOTP]
    opts = [("message-type", kind)]
    if server_id:
        opts.append(("server_id", server))
    opts += list(options) + ["end"]
    return (Ether(src=src_mac, dst="ff:ff:ff:ff:ff:ff") / IP(src=server, dst=dst) / UDP(sport=67, dport=68)
            / BOOTP(op=2, xid=bootp.xid if xid is None else xid, yiaddr=yiaddr, siaddr=server,
                    chaddr=bootp.chaddr if chaddr is None else chaddr)
            / DHCP(options=opts))


def raw_reply(request, payload, sport=67, chksum=None):
    """A reply whose UDP payload is given byte for byte (scapy fills UDP length and checksum)."""
    udp = UDP(sport=sport, dport=68) if chksum is None else UDP(sport=sport, dport=68, chksum=chksum)
    return Ether(src=SERVER_MAC, dst="ff:ff:ff:ff:ff:ff") / IP(src=SERVER_IP, dst=BROADCAST) / udp / payload


def bootp_bytes(request, op=2, yiaddr=OFFERED, cookie=dhcpmagic):
    return bytes(BOOTP(op=op, xid=request[BOOTP].xid, yiaddr=yiaddr, chaddr=request[BOOTP].chaddr)) + cookie


def options_of(frame):
    found = {}
    for option in frame[DHCP].options:
        if isinstance(option, tuple):
            found[option[0]] = option[1] if len(option) == 2 else list(option[1:])
    return found


def mac_bytes(text):
    return addr.parse_mac(text)


# --- DORA --------------------------------------------------------------------------------------------

def test_discover_is_a_broadcast_frame_with_our_options(rig):
    rig.client.start()
    [discover] = rig.frames()
    assert discover[Ether].dst == "ff:ff:ff:ff:ff:ff" and discover[Ether].src == CLIENT_MAC
    assert discover[IP].src == "0.0.0.0" and discover[IP].dst == BROADCAST and discover[IP].ttl > 0
    assert discover[UDP].sport == 68 and discover[UDP].dport == 67 and discover[UDP].chksum != 0
    assert checksum_ok(discover)
    bootp = discover[BOOTP]
    assert bootp.op == 1 and bootp.htype == 1 and bootp.hlen == 6
    assert bootp.flags == 0x8000                                  # BROADCAST: answer to 255.255.255.255
    assert bootp.chaddr[:6] == mac_bytes(CLIENT_MAC) and bootp.chaddr[6:] == bytes(10)
    assert bootp.ciaddr == "0.0.0.0" and bootp.yiaddr == "0.0.0.0"
    assert len(discover[UDP].payload) >= 300
    opts = options_of(discover)
    assert opts["message-type"] == 1
    assert opts["client_id"] == b"\x01" + mac_bytes(CLIENT_MAC)
    assert opts["hostname"] == b"krait"
    assert set([1, 3, 6, 51]) <= set(opts["param_req_list"])
    assert "requested_addr" not in opts and "server_id" not in opts
    assert "end" in discover[DHCP].options
    assert rig.client.state == "SELECTING"


def test_full_dora_binds_with_slirps_values(rig):
    rig.client.start()
    discover = rig.one()
    rig.feed(reply(discover, "offer"))
    request = rig.one()
    assert rig.client.state == "REQUESTING"
    assert request[IP].src == "0.0.0.0" and request[IP].dst == BROADCAST and checksum_ok(request)
    assert request[Ether].dst == "ff:ff:ff:ff:ff:ff"
    assert request[BOOTP].xid == discover[BOOTP].xid and request[BOOTP].flags == 0x8000
    assert request[BOOTP].ciaddr == "0.0.0.0"
    opts = options_of(request)
    assert opts["message-type"] == 3
    assert opts["requested_addr"] == OFFERED and opts["server_id"] == SERVER_IP
    assert opts["client_id"] == b"\x01" + mac_bytes(CLIENT_MAC) and opts["hostname"] == b"krait"
    assert rig.owner.events == []

    rig.feed(reply(request, "ack"))
    assert rig.client.state == "BOUND"
    assert rig.owner.events == [("bound", "eth1", OFFERED, 24, SERVER_IP, LEASE)]
    assert rig.eth1.ipv4 == [(addr.parse_ipv4(OFFERED), 24)]
    assert rig.client.dns == [addr.parse_ipv4(DNS_IP)]
    assert rig.client.describe() == "dhcp: bound 10.0.2.15 from 10.0.2.2, lease 86400 s, renew in 43200 s"
    assert rig.owner.transport == []                  # the hook kept the replies from the transport
    assert stats.get("dhcp", "in_offers") == 1 and stats.get("dhcp", "in_acks") == 1
    assert rig.net.all_released()


def test_restricted_slirp_gives_no_router(rig):
    """QEMU's restrict=on leaves out router and DNS: the router is reported as 0."""
    rig.bind(options=[("subnet_mask", "255.255.255.0"), ("lease_time", LEASE)])
    assert rig.owner.events == [("bound", "eth1", OFFERED, 24, 0, LEASE)]
    assert rig.client.dns == []


def test_no_subnet_mask_falls_back_to_the_class(rig):
    rig.bind(options=[("lease_time", 3600)])
    assert rig.owner.events == [("bound", "eth1", OFFERED, 8, 0, 3600)]


def test_server_on_another_subnet_and_several_routers_and_servers(rig):
    rig.bind(options=[("subnet_mask", "255.255.0.0"), ("router", "10.0.0.1", "10.0.0.254"),
                      ("name_server", "1.1.1.1", "8.8.8.8"), ("lease_time", 600)])
    assert rig.owner.events == [("bound", "eth1", OFFERED, 16, "10.0.0.1", 600)]
    assert rig.client.dns == [addr.parse_ipv4("1.1.1.1"), addr.parse_ipv4("8.8.8.8")]


def test_multiple_offers_take_the_first(rig):
    rig.client.start()
    discover = rig.one()
    rig.feed(reply(discover, "offer", yiaddr="10.0.2.16", server=OTHER_SERVER_IP, src_mac=OTHER_SERVER_MAC))
    rig.feed(reply(discover, "offer"))
    [request] = rig.frames()
    opts = options_of(request)
    assert opts["server_id"] == OTHER_SERVER_IP and opts["requested_addr"] == "10.0.2.16"
    assert stats.get("dhcp", "unexpected_message") == 1
    # the server not chosen has no say in the outcome
    rig.feed(reply(request, "nak"))
    rig.feed(reply(request, "ack"))
    assert rig.client.state == "REQUESTING" and stats.get("dhcp", "other_server") == 2
    rig.feed(reply(request, "ack", yiaddr="10.0.2.16", server=OTHER_SERVER_IP, src_mac=OTHER_SERVER_MAC))
    assert rig.owner.events == [("bound", "eth1", "10.0.2.16", 24, SERVER_IP, LEASE)]
    assert "from 10.0.2.9" in rig.client.describe()
    assert rig.net.all_released()


def test_nak_while_requesting_restarts_with_a_new_transaction(rig):
    rig.client.start()
    discover = rig.one()
    rig.feed(reply(discover, "offer"))
    request = rig.one()
    rig.feed(reply(request, "nak", options=[("error_message", b"requested address not available")]))
    again = rig.one()
    assert options_of(again)["message-type"] == 1 and again[BOOTP].xid != discover[BOOTP].xid
    assert rig.client.state == "SELECTING" and rig.owner.events == []
    assert stats.get("dhcp", "in_naks") == 1
    # a second NAK in a row holds the restart off (4 s), so a NAKing server cannot make us spin
    rig.feed(reply(again, "offer"))
    request = rig.one()
    rig.feed(reply(request, "nak"))
    assert rig.frames() == [] and rig.client.state == "INIT"
    rig.net.advance(4000)
    third = rig.one()
    assert options_of(third)["message-type"] == 1
    rig.feed(reply(third, "offer"))
    request = rig.one()
    rig.feed(reply(request, "ack"))
    assert rig.owner.events == [("bound", "eth1", OFFERED, 24, SERVER_IP, LEASE)]


def test_acks_without_a_lease_or_address_are_refused(rig):
    rig.client.start()
    rig.feed(reply(rig.one(), "offer"))
    request = rig.one()
    rig.feed(reply(request, "ack", options=[("subnet_mask", "255.255.255.0")]))
    rig.feed(reply(request, "ack", yiaddr="0.0.0.0"))
    rig.feed(reply(request, "ack", yiaddr="127.0.0.1"))
    rig.feed(reply(request, "ack", yiaddr="224.0.0.5"))
    assert rig.client.state == "REQUESTING" and rig.owner.events == []
    assert stats.get("dhcp", "no_lease") == 1 and stats.get("dhcp", "bad_acked_address") == 3


# --- retransmission ----------------------------------------------------------------------------------

def gaps(times):
    return [b - a for a, b in zip(times, times[1:])]


def test_discover_backs_off_4_8_16_32_64_then_stays_at_64(rig):
    rig.client.start()
    rig.net.advance(400_000)
    sent = rig.sent()
    assert len(sent) >= 8
    xids = set(frame[BOOTP].xid for _, frame in sent)
    assert len(xids) == 1                              # one transaction, retransmitted
    steps = gaps([ms for ms, _ in sent])
    for got, base in zip(steps, [4000, 8000, 16000, 32000, 64000, 64000, 64000]):
        assert base - 1000 <= got <= base + 1000
    assert len(set(g - b for g, b in zip(steps, [4000, 8000, 16000, 32000, 64000]))) > 1    # jittered
    secs = [frame[BOOTP].secs for _, frame in sent]
    assert secs[0] == 0 and secs == sorted(secs) and secs[-1] >= 250
    assert rig.client.describe().startswith("dhcp: selecting, ")


def test_request_retransmits_then_gives_up_and_rediscovers(rig):
    rig.client.start()
    discover = rig.one()
    rig.feed(reply(discover, "offer"))
    rig.net.advance(4000 + 8000 + 16000 + 32000 + 5000)
    sent = rig.sent()
    requests = [(ms, f) for ms, f in sent if options_of(f)["message-type"] == 3]
    assert len(requests) == 5 and len(sent) == 5
    for got, base in zip(gaps([ms for ms, _ in requests]), [4000, 8000, 16000, 32000]):
        assert base - 1000 <= got <= base + 1000
    assert all(options_of(f)["requested_addr"] == OFFERED for _, f in requests)
    assert rig.client.state == "REQUESTING"
    rig.net.advance(requests[-1][0] + 62_900 - machine.ticks_ms())
    assert rig.sent() == [] and rig.client.state == "REQUESTING"
    rig.net.advance(2_200)                             # the last 64 +- 1 s wait runs out
    [(ms, again)] = rig.sent()
    assert options_of(again)["message-type"] == 1 and again[BOOTP].xid != discover[BOOTP].xid
    assert 63_000 <= ms - requests[-1][0] <= 65_000
    assert rig.client.state == "SELECTING" and stats.get("dhcp", "request_timeouts") == 1


# --- lease timers ------------------------------------------------------------------------------------

def test_renew_at_t1_is_a_unicast_request_to_the_server(rig):
    rig.bind()
    bound_at = machine.ticks_ms()
    rig.frames()
    rig.net.advance(43_200_000 - 1)
    assert rig.frames() == [] and rig.client.state == "BOUND"
    rig.net.advance(1)
    assert rig.client.state == "RENEWING"
    [renew] = rig.frames()
    assert renew[Ether].dst == SERVER_MAC and renew[Ether].src == CLIENT_MAC
    assert renew[IP].src == OFFERED and renew[IP].dst == SERVER_IP and checksum_ok(renew)
    assert renew[UDP].sport == 68 and renew[UDP].dport == 67
    assert renew[BOOTP].ciaddr == OFFERED and renew[BOOTP].flags == 0
    opts = options_of(renew)
    assert opts["message-type"] == 3 and "requested_addr" not in opts and "server_id" not in opts
    assert rig.client.describe() == ("dhcp: renewing 10.0.2.15 with 10.0.2.2, rebind in 32400 s, "
                                     "lease ends in 43200 s")
    # slirp answers a renewal by broadcast too
    rig.net.advance(2000)
    rig.feed(reply(renew, "ack"))
    assert rig.client.state == "BOUND"
    assert rig.owner.events == [("bound", "eth1", OFFERED, 24, SERVER_IP, LEASE)]    # unchanged: no new call
    # the new lease counts from the renewal request
    assert rig.client.describe() == "dhcp: bound 10.0.2.15 from 10.0.2.2, lease 86400 s, renew in 43198 s"
    assert machine.ticks_ms() - bound_at == 43_202_000
    rig.net.advance(43_198_000)
    assert rig.client.state == "RENEWING"


def test_renew_unanswered_retries_then_rebinds_at_t2_by_broadcast(rig):
    rig.bind()
    rig.frames()
    t1 = machine.ticks_ms() + 43_200_000
    t2 = machine.ticks_ms() + 75_600_000
    rig.net.advance(75_600_000 - 1)
    renewals = rig.sent()
    times = [ms for ms, _ in renewals]
    assert times[0] == t1
    for ms, frame in renewals:
        assert frame[IP].dst == SERVER_IP and options_of(frame)["message-type"] == 3
    # each retry waits half the time left to T2, but at least 60 s, and none is sent past T2
    for before, after in zip(times, times[1:]):
        assert after - before == max((t2 - before) // 2, 60_000)
    assert t2 - times[-1] <= 120_000 and len(renewals) > 5
    assert len(set(f[BOOTP].xid for _, f in renewals)) == 1
    rig.net.advance(1)
    assert rig.client.state == "REBINDING"
    [rebind] = rig.frames()
    assert rebind[Ether].dst == "ff:ff:ff:ff:ff:ff" and rebind[IP].dst == BROADCAST
    assert rebind[IP].src == OFFERED and checksum_ok(rebind)
    assert rebind[BOOTP].ciaddr == OFFERED and rebind[BOOTP].xid != renewals[0][1][BOOTP].xid
    opts = options_of(rebind)
    assert opts["message-type"] == 3 and "server_id" not in opts and "requested_addr" not in opts
    assert rig.client.describe() == "dhcp: rebinding 10.0.2.15, lease ends in 10800 s"
    # any server may answer a rebind
    rig.feed(reply(rebind, "ack", server=OTHER_SERVER_IP, src_mac=OTHER_SERVER_MAC))
    assert rig.client.state == "BOUND" and rig.client.server == addr.parse_ipv4(OTHER_SERVER_IP)
    assert rig.owner.events == [("bound", "eth1", OFFERED, 24, SERVER_IP, LEASE)]


def test_expiry_calls_unbound_and_starts_over(rig):
    rig.bind()
    rig.frames()
    rig.net.advance(86_400_000 - 1)
    assert rig.client.state == "REBINDING"
    rebinds = [f for _, f in rig.sent() if f[IP].dst == BROADCAST]
    assert rebinds
    rig.net.advance(1)
    assert rig.owner.events[-1] == ("unbound", "eth1", OFFERED, 24)
    assert rig.eth1.ipv4 == []
    assert rig.client.state == "SELECTING" and stats.get("dhcp", "leases_expired") == 1
    [discover] = rig.frames()
    assert discover[IP].src == "0.0.0.0" and discover[BOOTP].ciaddr == "0.0.0.0"
    assert options_of(discover)["message-type"] == 1
    assert options_of(discover)["requested_addr"] == OFFERED         # asks for its old address back
    rig.feed(reply(discover, "offer"))
    rig.feed(reply(rig.one(), "ack"))
    assert rig.owner.events[-1] == ("bound", "eth1", OFFERED, 24, SERVER_IP, LEASE)


def test_server_t1_t2_are_used(rig):
    rig.bind(options=SLIRP_OPTIONS + [("renewal_time", 100), ("rebinding_time", 200)])
    rig.frames()
    assert rig.client.describe().endswith("renew in 100 s")
    rig.net.advance(100_000)
    assert rig.client.state == "RENEWING"
    rig.net.advance(100_000)
    assert rig.client.state == "REBINDING"


def test_inconsistent_t1_t2_fall_back_to_the_defaults(rig):
    rig.bind(options=[("lease_time", 1000), ("renewal_time", 900), ("rebinding_time", 5000)])
    rig.frames()
    assert rig.client.describe() == "dhcp: bound 10.0.2.15 from 10.0.2.2, lease 1000 s, renew in 500 s"
    rig.net.advance(875_000)
    assert rig.client.state == "REBINDING"


def test_infinite_lease_sets_no_timers(rig):
    rig.bind(options=[("lease_time", 0xFFFFFFFF)])
    rig.frames()
    assert rig.client.describe() == "dhcp: bound 10.0.2.15 from 10.0.2.2, lease infinite"
    rig.net.advance(10 ** 10)
    assert rig.frames() == [] and rig.client.state == "BOUND"


def test_nak_while_renewing_gives_the_address_up(rig):
    rig.bind()
    rig.net.advance(43_200_000)
    renew = rig.frames()[-1]
    rig.feed(reply(renew, "nak"))
    assert rig.owner.events[-1] == ("unbound", "eth1", OFFERED, 24) and rig.eth1.ipv4 == []
    [discover] = rig.frames()
    assert options_of(discover)["message-type"] == 1 and discover[IP].src == "0.0.0.0"


def test_renewal_to_another_address_swaps_it(rig):
    rig.bind()
    rig.net.advance(43_200_000)
    renew = rig.frames()[-1]
    rig.feed(reply(renew, "ack", yiaddr="10.0.2.16"))
    assert rig.owner.events[1:] == [("unbound", "eth1", OFFERED, 24),
                                    ("bound", "eth1", "10.0.2.16", 24, SERVER_IP, LEASE)]
    assert rig.eth1.ipv4 == [(addr.parse_ipv4("10.0.2.16"), 24)]


def test_stop_cancels_timers_and_gives_the_address_up(rig):
    rig.bind()
    rig.client.stop()
    assert rig.owner.events[-1] == ("unbound", "eth1", OFFERED, 24)
    assert rig.client.describe() == "dhcp: stopped"
    rig.frames()
    rig.net.advance(10 ** 9)
    assert rig.frames() == []
    # a stopped client's port 68 traffic goes to the transport again
    rig.feed(Ether(src=SERVER_MAC, dst=CLIENT_MAC) / IP(src=SERVER_IP, dst=BROADCAST) / UDP(sport=67, dport=68)
             / b"x")
    assert len(rig.owner.transport) == 1
    # and it can start again
    rig.client.start()
    assert options_of(rig.one())["message-type"] == 1


def test_one_client_per_interface(rig):
    rig.client.start()
    with pytest.raises(ValueError):
        dhcp.DhcpClient(rig.eth1, rig.owner.bound).start()


# --- the UDP hook ------------------------------------------------------------------------------------

def udp_pkb(net, dport, payload=b"hello", src=SERVER_IP, dst=BROADCAST):
    raw = bytes(IP(src=src, dst=dst) / UDP(sport=67, dport=dport) / payload)
    hdr, _ = ip.parse_header(memoryview(raw))
    pkb = net.releases.wrap(raw)
    pkb.pull(hdr.hdr_len)
    return pkb, hdr


def test_udp_input_leaves_what_is_not_ours_untouched(rig):
    rig.client.start()
    pkb, hdr = udp_pkb(rig.net, 5000)
    before = pkb.tobytes()
    assert dhcp.udp_input(rig.eth1, pkb, hdr) is False
    assert rig.net.releases.released == 0 and pkb.tobytes() == before
    pkb.release()
    pkb, hdr = udp_pkb(rig.net, 68)
    assert dhcp.udp_input(rig.net.eth0, pkb, hdr) is False         # no client on eth0
    assert dhcp.udp_input(None, pkb, hdr) is False
    assert rig.net.releases.released == 1
    assert dhcp.udp_input(rig.eth1, pkb, hdr) is True             # consumed (and counted as malformed)
    assert rig.net.releases.released == 2 and stats.get("dhcp", "truncated") == 1
    # through the IP layer: other ports reach the transport
    rig.feed(Ether(src=SERVER_MAC, dst=CLIENT_MAC) / IP(src=SERVER_IP, dst=BROADCAST) / UDP(sport=53, dport=5000)
             / b"dns?")
    assert len(rig.owner.transport) == 1
    assert rig.net.all_released()


def test_no_client_means_no_interception(rig):
    pkb, hdr = udp_pkb(rig.net, 68)
    assert dhcp.udp_input(rig.eth1, pkb, hdr) is False and rig.net.releases.released == 0


# --- malformed and foreign replies -------------------------------------------------------------------

def test_malformed_and_foreign_replies_are_counted_and_ignored(rig):
    rig.client.start()
    discover = rig.one()
    good = [("message-type", "offer"), ("server_id", SERVER_IP), ("lease_time", LEASE)]
    fed = [
        (reply(discover, "offer", xid=discover[BOOTP].xid ^ 1), "wrong_xid"),
        (reply(discover, "offer", chaddr=b"\x02\x00\x00\x00\x00\x99" + bytes(10)), "wrong_chaddr"),
        (raw_reply(discover, bootp_bytes(discover)[:200]), "truncated"),
        (raw_reply(discover, bootp_bytes(discover)[:239]), "truncated"),
        (raw_reply(discover, bootp_bytes(discover, op=1) + b"\x35\x01\x02\xff"), "not_a_reply"),
        (raw_reply(discover, bootp_bytes(discover, cookie=b"\x63\x82\x53\x00") + b"\x35\x01\x02\xff"), "bad_cookie"),
        # an option running past the end (a truncated reply)
        (raw_reply(discover, bytes(reply(discover, "offer")[BOOTP])[:252]), "bad_options"),
        (raw_reply(discover, bootp_bytes(discover) + b"\x35\x01\x02\x36\x20\x0a\x00"), "bad_options"),
        # a length byte missing, and no END at all
        (raw_reply(discover, bootp_bytes(discover) + b"\x35\x01\x02\x36"), "bad_options"),
        (raw_reply(discover, bootp_bytes(discover) + b"\x35\x01\x02\x36\x04\x0a\x00\x02\x02"), "bad_options"),
        (raw_reply(discover, bootp_bytes(discover) + b"\x35\x01\x02\x36\x03\x0a\x00\x02\xff"), "bad_option_length"),
        (raw_reply(discover, bootp_bytes(discover) + b"\x35\x01\x02\x03\x00\xff"), "bad_option_length"),
        (raw_reply(discover, bootp_bytes(discover) + b"\x35\x02\x02\x02\xff"), "bad_message_type"),
        (raw_reply(discover, bootp_bytes(discover) + b"\x35\x01\x63\xff"), "bad_message_type"),
        (raw_reply(discover, bootp_bytes(discover) + b"\x36\x04\x0a\x00\x02\x02\xff"), "no_message_type"),
        (reply(discover, "offer", options=[("subnet_mask", "255.0.255.0")]), "bad_subnet_mask"),
        (reply(discover, "offer", options=[("lease_time", LEASE)], server_id=False), "no_server_id"),
        (reply(discover, "offer", yiaddr="0.0.0.0"), "bad_offered_address"),
        (reply(discover, "offer", yiaddr="255.255.255.255"), "bad_offered_address"),
        (raw_reply(discover, bytes(DHCP(options=good + ["end"])), chksum=0x1234), "bad_udp_checksum"),
        (raw_reply(discover, bytes(reply(discover, "offer")[BOOTP]), sport=1067), "not_from_server_port"),
        (reply(discover, "ack"), "unexpected_message"),
    ]
    for frame, reason in fed:
        before = stats.get("dhcp", reason)
        rig.feed(frame)
        assert stats.get("dhcp", reason) == before + 1, reason
        assert rig.client.state == "SELECTING", reason
    assert rig.frames() == [] and rig.owner.events == [] and rig.owner.transport == []
    assert rig.net.all_released()
    # a good offer still gets through
    rig.feed(reply(discover, "offer"))
    assert options_of(rig.one())["message-type"] == 3


def test_bad_udp_length_is_counted(rig):
    rig.client.start()
    discover = rig.one()
    frame = Ether(bytes(reply(discover, "offer")))
    raw = bytearray(bytes(frame))
    udp_at = 14 + 20
    struct.pack_into("!HH", raw, udp_at + 4, 4000, 0)             # longer than the datagram, no checksum
    rig.feed(bytes(raw))
    struct.pack_into("!HH", raw, udp_at + 4, 7, 0)
    rig.feed(bytes(raw))
    assert stats.get("dhcp", "bad_udp_length") == 2 and rig.client.state == "SELECTING"
    assert rig.net.all_released()


def test_udp_checksum_zero_is_accepted(rig):
    rig.client.start()
    discover = rig.one()
    raw = bytearray(bytes(reply(discover, "offer")))
    struct.pack_into("!H", raw, 14 + 20 + 6, 0)
    rig.feed(bytes(raw))
    assert rig.client.state == "REQUESTING"


def test_options_overloaded_into_file_and_sname_are_read(rig):
    rig.client.start()
    discover = rig.one()
    message = bytearray(bootp_bytes(discover))
    sname = b"\x01\x04\xff\xff\xff\x00\xff"                     # subnet mask in 'sname'
    file_ = b"\x03\x04\x0a\x00\x02\x01\x33\x04\x00\x00\x0e\x10\xff"  # router and lease in 'file'
    message[44:44 + len(sname)] = sname
    message[108:108 + len(file_)] = file_
    options = b"\x35\x01\x02\x36\x04\x0a\x00\x02\x02\x34\x01\x03\xff"
    rig.feed(raw_reply(discover, bytes(message) + options))
    request = rig.one()
    ack = bytearray(bootp_bytes(request))
    ack[44:44 + len(sname)] = sname
    ack[108:108 + len(file_)] = file_
    rig.feed(raw_reply(request, bytes(ack) + b"\x35\x01\x05\x36\x04\x0a\x00\x02\x02\x34\x01\x03\xff"))
    assert rig.owner.events == [("bound", "eth1", OFFERED, 24, "10.0.2.1", 3600)]


def test_reply_to_our_mac_and_the_ip_broadcast_is_taken(rig):
    """A server may address the frame to our MAC while the datagram goes to 255.255.255.255."""
    rig.client.start()
    discover = rig.one()
    frame = reply(discover, "offer")
    frame[Ether].dst = CLIENT_MAC
    rig.feed(frame)
    assert rig.client.state == "REQUESTING"


def test_describe_in_each_state(rig):
    assert rig.client.describe() == "dhcp: stopped"
    rig.client.start()
    discover = rig.one()
    assert rig.client.describe() == "dhcp: selecting, 1 discover(s) sent"
    rig.feed(reply(discover, "offer"))
    rig.one()
    assert rig.client.describe() == "dhcp: requesting 10.0.2.15 from 10.0.2.2"


def test_transaction_ids_differ_between_restarts(rig):
    xids = set()
    for _ in range(5):
        rig.client.start()
        xids.add(rig.one()[BOOTP].xid)
        rig.client.stop()
        machine.advance_ms(3)
    assert len(xids) == 5
