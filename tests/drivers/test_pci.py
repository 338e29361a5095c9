"""PCI enumeration and BAR decoding under CPython, against a modelled
configuration space with the devices and BAR layouts QEMU's pc machine has."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from drivers import pci  # noqa: E402


class FakeFunction:
    """Config registers plus, per BAR, the size mask the hardware implements."""

    def __init__(self, vendor, device, cls, header=0, bars=(), irq=(0, 0)):
        self.regs = {0x00: vendor | device << 16, 0x04: 0, 0x08: cls, 0x0C: header << 16,
                     0x3C: irq[0] | irq[1] << 8}
        self.masks = {0x10 + 4 * i: 0 for i in range(6)}     # unimplemented BARs read as zero
        for i in range(6):
            self.regs[0x10 + 4 * i] = 0
        for i, (value, size_mask) in enumerate(bars):
            self.regs[0x10 + 4 * i] = value
            self.masks[0x10 + 4 * i] = size_mask

    def read(self, reg):
        return self.regs.get(reg, 0)

    def write(self, reg, value):
        if reg in self.masks:
            # Read-only flag bits stay; address bits below the size read as zero.
            flags_ro = self.regs[reg] & (0x3 if self.regs[reg] & 1 else 0xF)
            self.regs[reg] = (value & self.masks[reg]) | flags_ro
        else:
            self.regs[reg] = value


class FakeConfigSpace:
    def __init__(self, functions):
        self.functions = functions          # (bus, dev, fn) -> FakeFunction
        self.writes = []

    def read32(self, bus, dev, fn, reg):
        f = self.functions.get((bus, dev, fn))
        return f.read(reg) if f else 0xFFFFFFFF

    def write32(self, bus, dev, fn, reg, value):
        self.writes.append((bus, dev, fn, reg, value))
        self.functions[(bus, dev, fn)].write(reg, value)


def qemu_pc():
    """i440fx host bridge, PIIX3 (multi-function), e1000 and rtl8139, as SeaBIOS leaves them."""
    return FakeConfigSpace({
        (0, 0, 0): FakeFunction(0x8086, 0x1237, 0x06000002),
        (0, 1, 0): FakeFunction(0x8086, 0x7000, 0x06010000, header=0x80),
        (0, 1, 1): FakeFunction(0x8086, 0x7010, 0x01018000, bars=[(0, 0), (0, 0), (0, 0), (0, 0), (0xC041, 0xFFFFFFF0)]),
        (0, 1, 3): FakeFunction(0x8086, 0x7113, 0x06800003, irq=(9, 1)),
        (0, 3, 0): FakeFunction(0x8086, 0x100E, 0x02000003,
                                bars=[(0xFEBC0000, 0xFFFE0000), (0xC001, 0xFFFFFFC0)], irq=(11, 1)),
        (0, 4, 0): FakeFunction(0x10EC, 0x8139, 0x02000020,
                                bars=[(0xC101, 0xFFFFFF00), (0xFEBF1000, 0xFFFFFF00)], irq=(11, 1)),
        (0, 5, 0): FakeFunction(0x1B36, 0x0001, 0x06040000, header=0x01,
                                bars=[(0xFE00000C, 0xFFE00000), (0x00000001, 0xFFFFFFFF)]),
    })


def test_config_address_layout():
    assert pci.PortConfigSpace.address(0, 3, 0, 0x10) == 0x80001810
    assert pci.PortConfigSpace.address(1, 31, 7, 0x3E) == 0x8001FF3C


def test_enumeration_finds_every_function_in_order():
    found = pci.enumerate_bus(qemu_pc(), buses=1)
    assert [f.slot for f in found] == ["00:00.0", "00:01.0", "00:01.1", "00:01.3", "00:03.0", "00:04.0",
                                       "00:05.0"]
    e1000 = found[4]
    assert (e1000.vendor, e1000.device, e1000.class_code, e1000.irq_line, e1000.irq_pin) == \
        (0x8086, 0x100E, 0x02, 11, 1)


def test_e1000_bars():
    e1000 = pci.read_function(qemu_pc(), 0, 3, 0)
    mem, io = e1000.bar(0), e1000.bar(1)
    assert (mem.is_io, mem.address, mem.size, mem.is_64) == (False, 0xFEBC0000, 128 * 1024, False)
    assert (io.is_io, io.address, io.size) == (True, 0xC000, 64)


def test_rtl8139_bars():
    rtl = pci.read_function(qemu_pc(), 0, 4, 0)
    assert (rtl.bar(0).is_io, rtl.bar(0).address, rtl.bar(0).size) == (True, 0xC100, 256)
    assert (rtl.bar(1).is_io, rtl.bar(1).address, rtl.bar(1).size) == (False, 0xFEBF1000, 256)


def test_64bit_prefetchable_bar_spans_two_registers():
    bridge = pci.read_function(qemu_pc(), 0, 5, 0)
    bar = bridge.bar(0)
    assert bar.is_64 and bar.prefetchable
    assert bar.address == 0x1_FE000000
    assert bar.size == 2 * 1024 * 1024
    assert len(bridge.bars) == 1


def test_sizing_restores_the_original_bars():
    cfg = qemu_pc()
    before = dict(cfg.functions[(0, 3, 0)].regs)
    pci.read_function(cfg, 0, 3, 0)
    assert cfg.functions[(0, 3, 0)].regs == before


def test_enable_sets_bus_master_and_decoding():
    cfg = qemu_pc()
    f = pci.read_function(cfg, 0, 3, 0)
    cmd = pci.enable(cfg, f, memory=True, bus_master=True)
    assert cmd & pci.CMD_MEMORY and cmd & pci.CMD_BUS_MASTER and not cmd & pci.CMD_IO
    assert cfg.functions[(0, 3, 0)].regs[pci.REG_COMMAND] == cmd


def test_describe_reads_like_lspci():
    f = pci.read_function(qemu_pc(), 0, 3, 0)
    f.driver = "e1000"
    lines = pci.describe(f)
    assert lines[0] == "00:03.0 8086:100e network [0200] irq 11 driver e1000"
    assert lines[1] == "    BAR0 memory 0xfebc0000 (32-bit) [size 128K]"
    assert lines[2] == "    BAR1 I/O 0xc000 [size 64]"
