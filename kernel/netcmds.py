"""Shell commands of the network: lspci, ifconfig/ip, arp, route, netstat,
ping and the link self-test."""
import machine
import math
import struct

from drivers import pci
from kernel import netstack, sched, shell, sockets
from net import addr, arp, ether, icmp, ip, link, route, stats, transport
from net.pkbuf import PacketBuffer

CTRL_C = 3


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


# --- ping ------------------------------------------------------------------------------------------

PING_USAGE = "usage: ping [-c COUNT] [-s SIZE] [-i INTERVAL] [-W TIMEOUT] [-t TTL] HOST"
ERROR_TEXT = {
    (icmp.DEST_UNREACH, icmp.NET_UNREACH): "Destination Net Unreachable",
    (icmp.DEST_UNREACH, icmp.HOST_UNREACH): "Destination Host Unreachable",
    (icmp.DEST_UNREACH, icmp.PROTO_UNREACH): "Destination Protocol Unreachable",
    (icmp.DEST_UNREACH, icmp.PORT_UNREACH): "Destination Port Unreachable",
    (icmp.DEST_UNREACH, icmp.FRAG_NEEDED): "Frag needed and DF set",
    (icmp.TIME_EXCEEDED, icmp.TTL_EXCEEDED): "Time to live exceeded",
    (icmp.TIME_EXCEEDED, icmp.REASM_EXCEEDED): "Frag reassembly time exceeded",
}


def parse_ping_args(words):
    """iputils-style options -> dict(count, size, interval_ms, timeout_ms, ttl, host); ValueError when bad."""
    opts = {"count": None, "size": 56, "interval_ms": 1000, "timeout_ms": 10000, "ttl": ip.DEFAULT_TTL,
            "host": None}
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("-c", "-s", "-i", "-W", "-t"):
            if i + 1 >= len(words):
                raise ValueError(f"option requires an argument -- '{word[1]}'")
            value = words[i + 1]
            if word == "-c":
                opts["count"] = int(value)
                if opts["count"] <= 0:
                    raise ValueError("bad number of packets to transmit")
            elif word == "-s":
                opts["size"] = int(value)
                if not 0 <= opts["size"] <= 65507:
                    raise ValueError("invalid packet size")
            elif word == "-i":
                opts["interval_ms"] = int(float(value) * 1000)
                if opts["interval_ms"] < 2:
                    raise ValueError("bad timing interval")
            elif word == "-W":
                opts["timeout_ms"] = int(float(value) * 1000)
            else:
                opts["ttl"] = int(value)
                if not 1 <= opts["ttl"] <= 255:
                    raise ValueError("ttl out of range")
            i += 2
        elif word.startswith("-"):
            raise ValueError(f"invalid option -- '{word[1:]}'")
        else:
            if opts["host"] is not None:
                raise ValueError("one host only")
            opts["host"] = word
            i += 1
    if opts["host"] is None:
        raise ValueError("destination address required")
    return opts


def resolve_host(name):
    if name == "localhost":
        return 0x7F000001
    return addr.parse_ipv4(name)


def format_rtt(us):
    """Like iputils: three decimals under 1 ms, fewer as the time grows."""
    ms = us / 1000
    if ms >= 100:
        return f"{int(ms)}"
    if ms >= 10:
        return f"{ms:.1f}"
    if ms >= 1:
        return f"{ms:.2f}"
    return f"{ms:.3f}"


def ping_summary(host, sent, received, errors, elapsed_ms, rtts_us):
    lines = [f"--- {host} ping statistics ---"]
    loss = (sent - received) * 100 / sent if sent else 0
    err = f", +{errors} errors" if errors else ""
    lines.append(f"{sent} packets transmitted, {received} received{err}, {loss:g}% packet loss, time {elapsed_ms}ms")
    if rtts_us:
        n = len(rtts_us)
        avg = sum(rtts_us) / n
        mdev = math.sqrt(max(0.0, sum(r * r for r in rtts_us) / n - avg * avg))
        lines.append(f"rtt min/avg/max/mdev = {min(rtts_us) / 1000:.3f}/{avg / 1000:.3f}/"
                     f"{max(rtts_us) / 1000:.3f}/{mdev / 1000:.3f} ms")
    return "\n".join(lines)


def _interrupted():
    data = machine.console_read()
    return bool(data) and CTRL_C in data


@shell.register("ping", "send ICMP echo requests: " + PING_USAGE[7:])
def cmd_ping(args):
    try:
        opts = parse_ping_args(args)
        dst = resolve_host(opts["host"])
    except ValueError as e:
        print(f"ping: {e}")
        print(PING_USAGE)
        return
    host, size, count = opts["host"], opts["size"], opts["count"]
    replies = []
    arrived = sched.WaitQueue()

    def on_reply(reply):
        replies.append(reply)
        arrived.wake_all()

    with sched.critical():
        session = icmp.EchoSession(callback=on_reply)
    print(f"PING {host} ({addr.format_ipv4(dst)}) {size}({size + 28}) bytes of data.")
    sent = received = errors = 0
    rtts = []
    started = machine.ticks_ms()
    stop = False
    try:
        while not stop and (count is None or sent < count):
            sent += 1
            with sched.critical():
                err = session.send(dst, sent, size=size, ttl=opts["ttl"])
            if err:
                print(f"ping: sendmsg: {transport_error_text(err)}")
                errors += 1
            last = count is not None and sent >= count
            wait_ms = opts["timeout_ms"] if last else opts["interval_ms"]
            deadline = machine.ticks_ms() + wait_ms
            while True:
                with sched.critical():
                    pending = list(replies)
                    replies.clear()
                    left = deadline - machine.ticks_ms()
                    done = last and received + errors + len(pending) >= sent
                    if not pending and left > 0 and not done:
                        arrived.wait(min(left, 100))
                for reply in pending:
                    if reply.kind == icmp.ECHO_REPLY:
                        received += 1
                        rtt = reply.rtt_us if reply.rtt_us is not None else 0
                        rtts.append(rtt)
                        print(f"{reply.size + 8} bytes from {addr.format_ipv4(reply.src)}: icmp_seq={reply.seq} "
                              f"ttl={reply.ttl} time={format_rtt(rtt)} ms")
                    else:
                        errors += 1
                        text = ERROR_TEXT.get((reply.kind, reply.code), f"Bad ICMP type {reply.kind} code {reply.code}")
                        print(f"From {addr.format_ipv4(reply.src)} icmp_seq={reply.seq} {text}")
                if _interrupted():
                    stop = True
                    break
                if last and received + errors >= sent:
                    break
                if machine.ticks_ms() >= deadline:
                    break
    finally:
        with sched.critical():
            session.close()
    print()
    print(ping_summary(host, sent, received, errors, machine.ticks_ms() - started, rtts))


def transport_error_text(errno):
    return {transport.ENETUNREACH: "Network is unreachable", transport.EMSGSIZE: "Message too long"}.get(
        errno, f"error {errno}")


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
