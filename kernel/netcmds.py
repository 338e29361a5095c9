"""Shell commands of the network: lspci, ifconfig/ip, arp, route, netstat and
the link self-test (ping is a user tool: user/ping.py)."""
import struct

from drivers import pci
from kernel import netstack, sched, shell, sockets
from net import addr, arp, ether, link, route, stats
from net.pkbuf import PacketBuffer


@shell.register("lspci", "list PCI functions and their drivers")
def cmd_lspci(args):
    for f in netstack.pci_functions:
        for line in pci.describe(f):
            print(line)
    for f in link.unclaimed:
        print(f"{f.slot}: network function {f.vendor:04x}:{f.device:04x} has no driver")


@shell.register("ip", "ip link | ip addr: interfaces and addresses")
@shell.register("ifconfig", "network interfaces, addresses and counters (also: ip link)")
def cmd_ifconfig(args):
    with sched.critical():
        text = link.format_links()
        clients = [c.describe() for c in netstack.dhcp_clients.values()]
    print(text)
    for line in clients:
        print(line)


@shell.register("arp", "the ARP cache (ip neigh); arp flush")
def cmd_arp(args):
    with sched.critical():
        if args == ["flush"]:
            arp.flush()
        text = arp.format_table()
    print(text, end="")


ROUTE_USAGE = ("usage: route | route add DEST[/LEN]|default [via GW] [dev IF] [metric N] | "
               "route del DEST[/LEN]|default [via GW] [dev IF] | route seed")


def parse_route_args(words):
    """DEST[/LEN]|default [via|gw GW] [dev IF] [metric N] -> (dest, prefix_len, gateway, ifname, metric)."""
    if not words:
        raise ValueError("no destination")
    if words[0] == "default":
        dest, prefix_len = 0, 0
    elif "/" in words[0]:
        dest, prefix_len = addr.parse_cidr(words[0])
    else:
        dest, prefix_len = addr.parse_ipv4(words[0]), 32
    gateway, ifname, metric = route.ON_LINK, None, 0
    rest = words[1:]
    if len(rest) % 2:
        raise ValueError("options come in pairs")
    for i in range(0, len(rest), 2):
        key, value = rest[i], rest[i + 1]
        if key in ("via", "gw"):
            gateway = addr.parse_ipv4(value)
        elif key == "dev":
            ifname = value
        elif key == "metric":
            metric = int(value)
        else:
            raise ValueError("unknown option " + key)
    return dest, prefix_len, gateway, ifname, metric


@shell.register("route", "the routing table; route add|del ...; route seed loads the seed's example")
def cmd_route(args):
    try:
        with sched.critical():
            if args and args[0] == "add":
                dest, prefix_len, gateway, ifname, metric = parse_route_args(args[1:])
                if ifname is None:
                    if gateway == route.ON_LINK:
                        raise ValueError("an on-link route needs dev IF")
                    ifname = netstack.interface_for_gateway(gateway)
                route.add(dest, prefix_len, gateway, ifname, metric)
            elif args and args[0] == "del":
                dest, prefix_len, gateway, ifname, metric = parse_route_args(args[1:])
                if not route.delete(dest, prefix_len, gateway if gateway != route.ON_LINK else None, ifname):
                    raise ValueError("no such route")
            elif args == ["seed"]:
                route.load_seed_example()
            elif args not in ([], ["-n"]):
                raise ValueError("unknown subcommand")
            text = route.format_table()
    except ValueError as e:
        print(f"route: {e}")
        print(ROUTE_USAGE)
        return
    print(text, end="")


@shell.register("netstat", "sockets and their states; netstat -s: the stack's counters, drops by reason")
def cmd_netstat(args):
    if args == ["-s"]:
        with sched.critical():
            text = stats.format_stats()
    else:
        text = sockets.format_sockets()
    print(text, end="")


# --- link self-test ------------------------------------------------------------------------------

# Frames of the link self-test (`linktest`): a local experimental EtherType,
# a 4-byte sequence number, a 2-byte payload length (NICs pad short frames),
# then bytes (seq + i) & 0xFF.
LINKTEST_ETHERTYPE = 0x88B5
LINKTEST_HEADER = 6
linktest = {"good": 0, "bad": 0, "last_seq": -1}


def linktest_payload(seq, size):
    body = bytearray(size)
    struct.pack_into("!IH", body, 0, seq, size)
    for i in range(LINKTEST_HEADER, size):
        body[i] = (seq + i) & 0xFF
    return body


def _linktest_input(iface, pkb):
    data = pkb.data()
    ok = len(data) >= LINKTEST_HEADER
    if ok:
        seq, size = struct.unpack_from("!IH", data, 0)
        ok = LINKTEST_HEADER <= size <= len(data) and data[:size] == linktest_payload(seq, size)
        linktest["last_seq"] = seq
    linktest["good" if ok else "bad"] += 1
    pkb.release()


ether.register_handler(LINKTEST_ETHERTYPE, _linktest_input)


@shell.register("linktest", "link self-test: linktest send IFACE COUNT SIZE | linktest stats | linktest reset")
def cmd_linktest(args):
    if args and args[0] == "send" and len(args) == 4:
        iface = link.by_name(args[1])
        if iface is None:
            print(f"linktest: no interface {args[1]}")
            return
        count, size = int(args[2]), int(args[3])
        sent = 0
        for seq in range(count):
            pkb = PacketBuffer.from_bytes(linktest_payload(seq, size))
            with sched.critical():
                ether.push(pkb, link.MAC_BROADCAST, iface.mac, LINKTEST_ETHERTYPE)
                if iface.transmit(pkb):
                    sent += 1
        print(f"linktest: sent {sent} of {count} frames of {size + 14} bytes on {iface.name}")
    elif args == ["stats"]:
        print(f"linktest: good {linktest['good']} bad {linktest['bad']} last {linktest['last_seq']}")
    elif args == ["reset"]:
        linktest["good"] = linktest["bad"] = 0
        linktest["last_seq"] = -1
    else:
        print("usage: linktest send IFACE COUNT SIZE | linktest stats | linktest reset")
