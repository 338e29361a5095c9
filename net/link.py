"""The link layer (the seed's `net_link`): interfaces, the driver grid, and the
path from a driver's receive ring to the EtherType handlers.

net_link_init() probes the PCI bus, binds every NIC `driver_grid` has a driver
for (named eth0, eth1, ... in PCI order), brings them up and adds the loopback
interface `lo`; net_link_primary() is the default interface for routing.
Drivers register themselves in driver_grid when imported (the kernel imports
drivers.e1000 and drivers.rtl8139), call receive(iface, pkb) for each frame,
receive_done() after the frames of one poll of their ring when batch_end holds
work, and expose transmit(pkb).
"""
from micropython import const
from net import addr, ether, stats, timer

ETH_HEADER = const(14)
ETH_MIN_FRAME = const(60)          # without FCS; shorter frames from peers are accepted
MAC_BROADCAST = b"\xff\xff\xff\xff\xff\xff"

COUNTERS = ("rx_packets", "rx_bytes", "rx_errors", "rx_dropped", "tx_packets", "tx_bytes", "tx_errors",
            "tx_dropped")


class Interface:
    def __init__(self, name, mac, mtu, driver=None):
        self.name = name
        self.mac = mac
        self.mtu = mtu
        self.driver = driver            # object with transmit(pkb) -> bool, or None (lo)
        self.up = False
        self.ipv4 = []                  # [(address, prefix_len)]
        self.counters = {}
        for c in COUNTERS:
            self.counters[c] = 0

    def transmit(self, pkb):
        """Sends a complete Ethernet frame; the interface owns pkb from here on."""
        n = pkb.end - pkb.start             # len(pkb) without the call: every frame passes here
        c = self.counters
        if not self.up or n > self.mtu + (0 if self.mac is None else ETH_HEADER):
            c["tx_dropped"] += 1
            pkb.release()
            return False
        if captures:
            for hook in captures:
                hook(self, "tx", pkb)
        if self.driver.transmit(pkb):
            c["tx_packets"] += 1
            c["tx_bytes"] += n
            return True
        c["tx_errors"] += 1
        return False


class Loopback:
    """lo: what is sent comes back in on the receive path, from the network
    task's next timer run (never re-entrantly: a reply sent while handling a
    looped packet would otherwise recurse through the whole stack)."""
    NAME = "loopback"

    def transmit(self, pkb):
        timer.schedule(0, _loop_back, pkb)
        return True


def _loop_back(pkb):
    receive(lo, pkb)
    if batch_end:
        receive_done()


interfaces = []                 # in PCI order, lo last
lo = None
captures = []                   # fn(iface, direction "rx"/"tx", pkb): the frame capture hook
batch_end = []                  # fn(): run once the frames being handed up now have all been through
                                # (added during a batch: TCP's ACKs held back for it); see receive_done
driver_grid = {}                # (vendor, device) -> driver class (drivers register themselves)
unclaimed = []                  # PCI network functions no driver claimed


def register_driver(vendor, device, cls):
    driver_grid[(vendor, device)] = cls


def receive(iface, pkb):
    """Called by drivers for every received frame (pkb's window = the whole frame)."""
    c = iface.counters
    n = pkb.end - pkb.start                 # len(pkb) without the call: every frame passes here
    if iface.mac is None:               # lo: IPv4 packets without a link header
        c["rx_packets"] += 1
        c["rx_bytes"] += n
        ether.deliver(iface, ether.ETH_P_IP, pkb)
        return
    if n < ETH_HEADER:
        c["rx_errors"] += 1
        stats.drop("link", "runt")
        pkb.release()
        return
    if n > iface.mtu + ETH_HEADER:
        c["rx_errors"] += 1
        stats.drop("link", "oversize")
        pkb.release()
        return
    c["rx_packets"] += 1
    c["rx_bytes"] += n
    if captures:
        for hook in captures:
            hook(iface, "rx", pkb)
    ether.dispatch(iface, pkb)


def receive_done(hooks=batch_end):
    """Called by a driver after handing up the frames of one poll (a batch of one or more), when batch_end
    is not empty (the test is the driver's: a frame that left nothing for the batch's end costs no call).
    Runs each hook once, the list emptied first (host tests pass a stack's own list)."""
    pending = hooks[:]
    hooks.clear()
    for hook in pending:
        hook()


def add_interface(iface):
    interfaces.append(iface)
    return iface


def by_name(name):
    for iface in interfaces:
        if iface.name == name:
            return iface
    return None


def net_link_init(pci_functions, machine_module):
    """Binds drivers to the NICs among pci_functions and brings them up; returns the interfaces."""
    global lo
    n = 0
    for f in pci_functions:
        cls = driver_grid.get((f.vendor, f.device))
        if cls is None:
            if f.class_code == 0x02:
                unclaimed.append(f)
            continue
        name = f"eth{n}"
        n += 1
        try:
            drv = cls(f, name, machine_module)
            iface = add_interface(Interface(name, drv.mac, drv.mtu, drv))
            drv.iface = iface
            f.driver = cls.NAME
            drv.start()
            iface.up = True
        except Exception as e:
            print(f"{name}: {cls.NAME} failed to start: {type(e).__name__}: {e}")
    lo = add_interface(Interface("lo", None, 65536, Loopback()))
    lo.up = True
    return interfaces


def net_link_primary():
    """The default interface: the first Ethernet interface that is up, else lo."""
    for iface in interfaces:
        if iface.up and iface is not lo:
            return iface
    return lo


def format_mac(mac):
    return ":".join(f"{b:02x}" for b in mac)


def format_links():
    """`ip link`-style listing with counters."""
    lines = []
    for i, iface in enumerate(interfaces):
        state = "UP" if iface.up else "DOWN"
        kind = "loopback" if iface is lo else "ether"
        drv = f" driver {iface.driver.NAME}" if iface.driver is not None and hasattr(iface.driver, "NAME") else ""
        extra = ""
        if hasattr(iface.driver, "link_up"):
            extra = " link " + ("up" if iface.driver.link_up() else "down")
        lines.append(f"{i + 1}: {iface.name}: <{state}> mtu {iface.mtu}{drv}{extra}")
        lines.append(f"    link/{kind} {format_mac(iface.mac or bytes(6))}")
        for address, plen in iface.ipv4:
            lines.append(f"    inet {addr.format_ipv4(address)}/{plen}")
        c = iface.counters
        lines.append(f"    RX: packets {c['rx_packets']} bytes {c['rx_bytes']} errors {c['rx_errors']} "
                     f"dropped {c['rx_dropped']}")
        lines.append(f"    TX: packets {c['tx_packets']} bytes {c['tx_bytes']} errors {c['tx_errors']} "
                     f"dropped {c['tx_dropped']}")
    return "\n".join(lines)
