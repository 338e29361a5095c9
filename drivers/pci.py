"""PCI configuration space (mechanism #1), bus enumeration and BAR decoding.

Facts: address 0xCF8 = 1<<31 | bus<<16 | dev<<11 | fn<<8 | (reg & 0xFC), data
at 0xCFC. A BAR with bit 0 set is I/O (address = bar & ~3); otherwise memory,
bits 2:1 = 2 meaning 64-bit (the next BAR holds the high half), address =
bar & ~0xF. Sizing: write all ones, read back, mask the flag bits, invert, +1,
restore. The enumeration is separate from the port access (`ConfigSpace`) so
the host tests can replay recorded configuration spaces.
"""
CONFIG_ADDRESS = 0xCF8
CONFIG_DATA = 0xCFC
ENABLE_BIT = 1 << 31

REG_VENDOR_DEVICE = 0x00
REG_COMMAND = 0x04
REG_CLASS = 0x08
REG_HEADER_TYPE = 0x0C
REG_BAR0 = 0x10
REG_INTERRUPT = 0x3C

CMD_IO = 1 << 0
CMD_MEMORY = 1 << 1
CMD_BUS_MASTER = 1 << 2
CMD_INTX_DISABLE = 1 << 10

HEADER_MULTIFUNCTION = 0x80
HEADER_TYPE_MASK = 0x7F
HEADER_GENERAL = 0x00
HEADER_BRIDGE = 0x01
NO_DEVICE = 0xFFFF
BAR_COUNT = {HEADER_GENERAL: 6, HEADER_BRIDGE: 2}

BAR_IO = 1
BAR_MEM_TYPE_MASK = 0x6
BAR_MEM_64 = 0x4
BAR_PREFETCH = 0x8

CLASS_NAMES = {
    0x00: "unclassified", 0x01: "storage", 0x02: "network", 0x03: "display", 0x04: "multimedia",
    0x05: "memory", 0x06: "bridge", 0x07: "communication", 0x08: "system", 0x0C: "serial bus",
}


class PortConfigSpace:
    """Configuration space through I/O ports 0xCF8/0xCFC."""

    def __init__(self, machine):
        self.m = machine

    @staticmethod
    def address(bus, dev, fn, reg):
        return ENABLE_BIT | (bus << 16) | (dev << 11) | (fn << 8) | (reg & 0xFC)

    def read32(self, bus, dev, fn, reg):
        self.m.outl(CONFIG_ADDRESS, self.address(bus, dev, fn, reg))
        return self.m.inl(CONFIG_DATA)

    def write32(self, bus, dev, fn, reg, value):
        self.m.outl(CONFIG_ADDRESS, self.address(bus, dev, fn, reg))
        self.m.outl(CONFIG_DATA, value & 0xFFFFFFFF)


class Bar:
    def __init__(self, index, is_io, address, size, is_64=False, prefetchable=False):
        self.index = index
        self.is_io = is_io
        self.address = address
        self.size = size
        self.is_64 = is_64
        self.prefetchable = prefetchable

    def describe(self):
        if self.is_io:
            return f"BAR{self.index} I/O 0x{self.address:x} [size {self.size}]"
        kind = "64-bit" if self.is_64 else "32-bit"
        pf = ", prefetchable" if self.prefetchable else ""
        return f"BAR{self.index} memory 0x{self.address:x} ({kind}{pf}) [size {format_size(self.size)}]"


def format_size(n):
    for unit, shift in (("M", 20), ("K", 10)):
        if n >= 1 << shift and n % (1 << shift) == 0:
            return f"{n >> shift}{unit}"
    return str(n)


def size_from_mask(readback, flag_mask, width_mask=0xFFFFFFFF):
    """Size of a BAR from what it reads back after all ones were written."""
    bits = readback & ~flag_mask & width_mask
    if bits == 0:
        return 0
    return ((~bits) & width_mask) + 1


def decode_bars(cfg, bus, dev, fn, count):
    """Decodes and sizes the BARs of one function; returns a list of Bar."""
    bars = []
    i = 0
    while i < count:
        reg = REG_BAR0 + 4 * i
        raw = cfg.read32(bus, dev, fn, reg)
        cfg.write32(bus, dev, fn, reg, 0xFFFFFFFF)
        probe = cfg.read32(bus, dev, fn, reg)
        cfg.write32(bus, dev, fn, reg, raw)
        if raw & BAR_IO:
            size = size_from_mask(probe, 0x3, 0xFFFF) if probe else 0
            if size:
                bars.append(Bar(i, True, raw & ~0x3, size))
            i += 1
            continue
        is_64 = (raw & BAR_MEM_TYPE_MASK) == BAR_MEM_64
        address = raw & ~0xF
        if is_64 and i + 1 < count:
            high_reg = reg + 4
            high = cfg.read32(bus, dev, fn, high_reg)
            cfg.write32(bus, dev, fn, high_reg, 0xFFFFFFFF)
            high_probe = cfg.read32(bus, dev, fn, high_reg)
            cfg.write32(bus, dev, fn, high_reg, high)
            address |= high << 32
            full = (high_probe << 32) | (probe & ~0xF)
            size = size_from_mask(full, 0, 0xFFFFFFFFFFFFFFFF) if full else 0
            i += 2
        else:
            size = size_from_mask(probe, 0xF)
            i += 1
        if size:
            bars.append(Bar(i - (2 if is_64 else 1), False, address, size, is_64, bool(raw & BAR_PREFETCH)))
    return bars


class Function:
    def __init__(self, bus, dev, fn, vendor, device, class_code, subclass, prog_if, revision, header_type):
        self.bus = bus
        self.dev = dev
        self.fn = fn
        self.vendor = vendor
        self.device = device
        self.class_code = class_code
        self.subclass = subclass
        self.prog_if = prog_if
        self.revision = revision
        self.header_type = header_type
        self.bars = []
        self.irq_line = 0xFF
        self.irq_pin = 0
        self.driver = None          # name of the bound driver, if any
        self.cfg = None             # the configuration space it was read from

    @property
    def slot(self):
        return f"{self.bus:02x}:{self.dev:02x}.{self.fn}"

    def bar(self, index):
        for b in self.bars:
            if b.index == index:
                return b
        return None


def read_function(cfg, bus, dev, fn):
    ids = cfg.read32(bus, dev, fn, REG_VENDOR_DEVICE)
    vendor = ids & 0xFFFF
    if vendor == NO_DEVICE:
        return None
    cls = cfg.read32(bus, dev, fn, REG_CLASS)
    header = (cfg.read32(bus, dev, fn, REG_HEADER_TYPE) >> 16) & 0xFF
    f = Function(bus, dev, fn, vendor, ids >> 16, cls >> 24, (cls >> 16) & 0xFF, (cls >> 8) & 0xFF,
                 cls & 0xFF, header)
    f.cfg = cfg
    count = BAR_COUNT.get(header & HEADER_TYPE_MASK, 0)
    f.bars = decode_bars(cfg, bus, dev, fn, count)
    intr = cfg.read32(bus, dev, fn, REG_INTERRUPT)
    f.irq_line = intr & 0xFF
    f.irq_pin = (intr >> 8) & 0xFF
    return f


REG_BRIDGE_BUSES = 0x18     # primary, secondary, subordinate bus numbers


def enumerate_bus(cfg, buses=None):
    """Every function reachable from bus 0 through PCI-to-PCI bridges (or on
    buses 0..buses-1 when given), in bus/device/function order."""
    found = []
    todo = list(range(buses)) if buses is not None else [0]
    seen = set()
    while todo:
        bus = todo.pop(0)
        if bus in seen:
            continue
        seen.add(bus)
        for f in _scan_bus(cfg, bus):
            found.append(f)
            if buses is None and f.header_type & HEADER_TYPE_MASK == HEADER_BRIDGE:
                secondary = (cfg.read32(f.bus, f.dev, f.fn, REG_BRIDGE_BUSES) >> 8) & 0xFF
                if secondary:
                    todo.append(secondary)
    return found


def _scan_bus(cfg, bus):
    found = []
    for dev in range(32):
        first = read_function(cfg, bus, dev, 0)
        if first is None:
            continue
        found.append(first)
        if first.header_type & HEADER_MULTIFUNCTION:
            for fn in range(1, 8):
                f = read_function(cfg, bus, dev, fn)
                if f is not None:
                    found.append(f)
    return found


def enable(cfg, f, io=False, memory=False, bus_master=False):
    """Turns on I/O/memory decoding and bus mastering (SeaBIOS leaves mastering off)."""
    cmd = cfg.read32(f.bus, f.dev, f.fn, REG_COMMAND) & 0xFFFF
    if io:
        cmd |= CMD_IO
    if memory:
        cmd |= CMD_MEMORY
    if bus_master:
        cmd |= CMD_BUS_MASTER
    cmd &= ~CMD_INTX_DISABLE
    cfg.write32(f.bus, f.dev, f.fn, REG_COMMAND, cmd)
    return cmd


def describe(f):
    """One lspci-style line plus its BARs."""
    cls = CLASS_NAMES.get(f.class_code, f"class {f.class_code:02x}")
    irq = f" irq {f.irq_line}" if f.irq_pin and f.irq_line != 0xFF else ""
    drv = f" driver {f.driver}" if f.driver else ""
    lines = [f"{f.slot} {f.vendor:04x}:{f.device:04x} {cls} [{f.class_code:02x}{f.subclass:02x}]{irq}{drv}"]
    for b in f.bars:
        lines.append("    " + b.describe())
    return lines
