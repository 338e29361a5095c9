"""Brings up the network: the PCI bus, the NIC drivers, the link layer, and the
shell commands that show them."""
import machine
import struct

from drivers import e1000, pci, rtl8139
from kernel import sched, shell
from net import ether, link, pkbuf, stats
from net.config import NET_TX_RING_SIZE
from net.pkbuf import PacketBuffer

pci_functions = []

# Frames of the link self-test (`linktest`): a local experimental EtherType,
# a 4-byte sequence number, a 2-byte payload length (NICs pad short frames),
# then bytes (seq + i) & 0xFF.
LINKTEST_ETHERTYPE = 0x88B5
linktest = {"good": 0, "bad": 0, "last_seq": -1}


def init():
    global pci_functions
    pci_functions = pci.enumerate_bus(pci.PortConfigSpace(machine))
    e1000.register()
    rtl8139.register()
    link.net_link_init(pci_functions, machine)
    # Enough transmit buffers for every NIC's ring plus the ones being built.
    nics = len(link.interfaces) - 1
    if nics:
        pkbuf.tx_pool = pkbuf.DmaPool(machine, nics * NET_TX_RING_SIZE + 64)
    for iface in link.interfaces:
        drv = iface.driver
        if hasattr(drv, "interrupt"):
            sched.irq_attach(drv.irq, drv.interrupt)
    ether.register_handler(LINKTEST_ETHERTYPE, _linktest_input)


LINKTEST_HEADER = 6


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


@shell.register("lspci", "list PCI functions and their drivers")
def cmd_lspci(args):
    for f in pci_functions:
        for line in pci.describe(f):
            print(line)
    for f in link.unclaimed:
        print(f"{f.slot}: network function {f.vendor:04x}:{f.device:04x} has no driver")


@shell.register("ip", "ip link | ip addr: interfaces and addresses")
@shell.register("ifconfig", "network interfaces, addresses and counters (also: ip link)")
def cmd_ifconfig(args):
    print(link.format_links())


@shell.register("netstat", "netstat -s: the stack's counters, drops by reason")
def cmd_netstat(args):
    if args == ["-s"]:
        print(stats.format_stats(), end="")
    else:
        print("usage: netstat -s")


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
            view = pkb.push(14)
            view[0:6] = link.MAC_BROADCAST
            view[6:12] = iface.mac
            struct.pack_into("!H", view, 12, LINKTEST_ETHERTYPE)
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
