"""Brings up the network: the PCI bus, the NIC drivers, the link layer, IPv4
with ARP and ICMP, UDP and TCP, the addresses the command line asks for, and
the `net` task that runs the stack's timers.

Command line: `ip=A/LEN` (eth0; `ip=dhcp`, the default on eth0, or `ip=none`),
`ip.ethN=A/LEN|dhcp` for other interfaces, `gw=A` (default route), `forward=1`,
`dhcp.wait=SECONDS` (how long boot waits for the leases: 5 by default, 0 = not at all).

The stack runs in soft IRQ context (receive) and in the `net` task (timers);
tasks that call into it hold `sched.critical()`, which keeps both out.
"""
import kthread
import machine

from drivers import e1000, pci, rtl8139
from kernel import sched
from net import addr, arp, ether, icmp, ip, link, pkbuf, route, stats, timer, transport
from net.config import NET_TX_RING_SIZE

DEFAULT_ROUTE_METRIC = 0

pci_functions = []
_net_wake = sched.WaitQueue()
udp_hooks = []          # fn(iface, pkb, hdr) -> True when it consumed the datagram (the DHCP client)


def init(args):
    global pci_functions
    pci_functions = pci.enumerate_bus(pci.PortConfigSpace(machine))
    e1000.register()
    rtl8139.register()
    link.net_link_init(pci_functions, machine)
    # Enough transmit buffers for every NIC's ring plus the ones being built.
    nics = len(link.interfaces) - 1
    if nics:
        pkbuf.tx_pool = pkbuf.DmaPool(machine, nics * NET_TX_RING_SIZE + 64)
    # Interrupts first: the legacy PIC is edge-triggered, so a cause raised
    # before the line is attached (the first transmit) would hold it high unseen.
    for iface in link.interfaces:
        drv = iface.driver
        if hasattr(drv, "interrupt"):
            sched.irq_attach(drv.irq, drv.interrupt)
    with sched.critical():
        _init_layers()
        configure(args)
    sched.spawn(_net_task, "net")


def _init_layers():
    arp.init()
    ip.init()
    icmp.init()
    for iface in link.interfaces:
        ip.add_interface(iface)
    ip.set_address(link.lo, ip.LOOPBACK_SOURCE, 8)
    transport.net_transport_init(ip.output, timer, route=ip.source_for, icmp_port_unreachable=icmp.port_unreachable,
                                 stats=stats, batch_end=link.batch_end.append)
    ip.register_protocol(ip.PROTO_UDP, _udp_input)
    ip.register_protocol(ip.PROTO_TCP, transport.stack().tcp.input)     # (transport.tcp_input, one call less)
    icmp.register_error_handler(ip.PROTO_UDP, transport.udp_icmp_error)
    icmp.register_error_handler(ip.PROTO_TCP, transport.tcp_icmp_error)
    timer.wakeup_hook = _net_wake.wake_one


def _udp_input(iface, pkb, hdr):
    for hook in udp_hooks:
        if hook(iface, pkb, hdr):
            return
    transport.udp_input(iface, pkb, hdr)


# --- addresses from the command line -------------------------------------------------------------

def configure(args):
    """Applies ip=, ip.ethN=, gw= and forward= (bad values are reported and skipped)."""
    for iface in link.interfaces:
        if iface is link.lo:
            continue
        key = "ip" if iface.name == "eth0" else "ip." + iface.name
        value = args.get(key, "dhcp" if iface.name == "eth0" else "none")
        if value == "dhcp":
            start_dhcp(iface)
        elif value not in ("none", "off", ""):
            try:
                address, prefix_len = addr.parse_cidr(value)
            except ValueError as e:
                print(f"net: {key}={value}: {e}")
                continue
            ip.set_address(iface, address, prefix_len)
    if "gw" in args:
        try:
            add_default_route(addr.parse_ipv4(args["gw"]))
        except ValueError as e:
            print(f"net: gw={args['gw']}: {e}")
    if args.get("forward") == "1":
        ip.set_forwarding(True)


def add_default_route(gateway, ifname=None):
    """A default route via gateway, on ifname or on the interface whose subnet holds it."""
    route.add(0, 0, gateway, ifname or interface_for_gateway(gateway), DEFAULT_ROUTE_METRIC)


def interface_for_gateway(gateway):
    """The name of the interface with a connected network holding gateway; ValueError if none."""
    for iface in link.interfaces:
        for address, prefix_len in iface.ipv4:
            if iface is not link.lo and addr.network_of(address, prefix_len) == addr.network_of(gateway, prefix_len):
                return iface.name
    raise ValueError("gateway " + addr.format_ipv4(gateway) + " is on no connected network")


dhcp_clients = {}       # interface name -> DhcpClient
DHCP_WAIT_S = 5         # boot waits this long for the leases by default
_LEASE_POLL_MS = 20


def wait_for_leases(args):
    """Holds boot until every DHCP client started from the command line holds a lease, for at most
    `dhcp.wait=` seconds (as Linux's ip=dhcp holds boot for its lease), so the shell's first command finds
    the network configured. Prints the outcome; the clients go on in the background either way."""
    if not dhcp_clients:
        return
    try:
        wait_s = float(args.get("dhcp.wait", DHCP_WAIT_S))
        wait_ms = int(wait_s * 1000)            # (inf and nan fail here)
    except (ValueError, OverflowError):
        print(f"net: dhcp.wait={args['dhcp.wait']}: not a number of seconds")
        wait_s = DHCP_WAIT_S
        wait_ms = DHCP_WAIT_S * 1000
    if wait_ms <= 0:
        return
    deadline = machine.ticks_ms() + wait_ms
    waiting = list(dhcp_clients.values())
    while True:
        with sched.critical():
            waiting = [client for client in waiting if not client.address]
        if not waiting or machine.ticks_ms() >= deadline:
            break
        sched.sleep_ms(_LEASE_POLL_MS)
    for client in dhcp_clients.values():
        if client.address:
            print(f"net: {client.iface.name} {addr.format_ipv4(client.address)}/{client.prefix_len} by DHCP "
                  f"from {addr.format_ipv4(client.server)}")
        else:
            print(f"net: {client.iface.name}: no DHCP lease after {wait_s:g} s (still asking, in the background)")


def start_dhcp(iface):
    from net import dhcp
    if not udp_hooks:
        udp_hooks.append(dhcp.udp_input)
    client = dhcp.DhcpClient(iface, _dhcp_bound, _dhcp_unbound)
    dhcp_clients[iface.name] = client
    client.start()


def _dhcp_bound(iface, address, prefix_len, router, lease):
    ip.set_address(iface, address, prefix_len)
    if router:
        route.add(0, 0, router, iface.name, DEFAULT_ROUTE_METRIC)


def _dhcp_unbound(iface, address, prefix_len):
    for rt in route.routes():
        if rt.ifname == iface.name and rt.prefix_len == 0:
            route.delete(rt.dest, 0, rt.gateway, iface.name)
    ip.remove_address(iface, address, prefix_len)


# --- the network task ----------------------------------------------------------------------------

def _net_task():
    """Runs due timers (and lo's deliveries), then sleeps until the next deadline or a new earlier timer."""
    while True:
        with sched.critical():
            try:
                timer.run_due()
            except Exception as e:
                stats.inc("net", "timer_errors")
                print("net: a timer failed:")
                kthread.print_exception(e)
            deadline = timer.next_deadline()
            if deadline is None:
                _net_wake.wait()
            else:
                delay = deadline - machine.ticks_ms()
                if delay > 0:
                    _net_wake.wait(delay)
