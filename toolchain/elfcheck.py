"""ELF work with pyelftools: the kernel's symbol table, the symbol map, the
symbolizer, and the checks that a built image will boot."""
import bisect
import re
import struct
from pathlib import Path

from elftools.elf.constants import SH_FLAGS
from elftools.elf.elffile import ELFFile

MB1_MAGIC = 0x1BADB002
MB1_SEARCH = 8192
MB2_MAGIC = 0xE85250D6
MB2_SEARCH = 32768


class ImageError(Exception):
    pass


def _symbols(path, code_only=False):
    """[(address, size, name, type)]; code_only keeps symbols in executable sections."""
    with open(path, "rb") as f:
        elf = ELFFile(f)
        symtab = elf.get_section_by_name(".symtab")
        if symtab is None:
            return []
        code = {i for i, sec in enumerate(elf.iter_sections()) if sec["sh_flags"] & SH_FLAGS.SHF_EXECINSTR}
        return [(s["st_value"], s["st_size"], s.name, s["st_info"]["type"]) for s in symtab.iter_symbols()
                if s.name and s["st_value"] and (not code_only or s["st_shndx"] in code)]


def function_symbols(path):
    """[(address, size, name)] of the code symbols, sorted by address. Assembly
    labels carry no size: they extend to the next symbol."""
    syms = sorted({(a, sz, n) for a, sz, n, t in _symbols(path, code_only=True) if t in ("STT_FUNC", "STT_NOTYPE")})
    out = []
    for i, (a, sz, n) in enumerate(syms):
        if sz == 0:
            following = [b for b, _, _ in syms[i + 1:] if b > a]
            sz = following[0] - a if following else 1
        out.append((a, sz, n))
    return out


def ksyms_assembly(symbols):
    """Assembly for boot/ksyms.h's table (kept in .ksyms, after code and data)."""
    names = bytearray()
    rows = []
    for addr, size, name in symbols:
        rows.append(f"    .quad 0x{addr:x}\n    .long {min(size, 0xFFFFFFFF)}, {len(names)}\n")
        names += name.encode() + b"\0"
    name_bytes = ",".join(str(b) for b in names) or "0"
    return ("    .section .ksyms, \"a\"\n    .balign 8\n"
            "    .globl ksym_table, ksym_count, ksym_names\n"
            f"ksym_count:\n    .quad {len(symbols)}\n"
            "ksym_table:\n" + "".join(rows) +
            f"ksym_names:\n    .byte {name_bytes}\n")


def symbol_map(path):
    """Text map: address, size, type, name; sorted by address."""
    rows = sorted((a, sz, t, n) for a, sz, n, t in _symbols(path) if t in ("STT_FUNC", "STT_OBJECT", "STT_NOTYPE"))
    kinds = {"STT_FUNC": "F", "STT_OBJECT": "O", "STT_NOTYPE": "-"}
    return "".join(f"{a:016x} {sz:8d} {kinds[t]} {n}\n" for a, sz, t, n in rows)


class Symbolizer:
    """Maps addresses to function+offset using an ELF's symbol table."""

    def __init__(self, elf_path):
        self.funcs = function_symbols(elf_path)
        self.addrs = [a for a, _, _ in self.funcs]

    def lookup(self, addr):
        i = bisect.bisect_right(self.addrs, addr) - 1
        if i < 0:
            return None
        a, size, name = self.funcs[i]
        if addr >= a + max(size, 1):
            return None
        return f"{name}+0x{addr - a:x}"

    def annotate(self, text):
        """Appends <function+offset> after every 0x... address that falls in a function."""
        def repl(m):
            sym = self.lookup(int(m.group(0), 16))
            return f"{m.group(0)} <{sym}>" if sym else m.group(0)
        return re.sub(r"0x[0-9a-fA-F]{6,16}\b", repl, text)


def _find_mb1(data):
    for off in range(0, min(len(data), MB1_SEARCH) - 11, 4):
        magic, flags, checksum = struct.unpack_from("<III", data, off)
        if magic == MB1_MAGIC:
            return off, (magic + flags + checksum) & 0xFFFFFFFF == 0
    return None, False


def _find_mb2(data):
    for off in range(0, min(len(data), MB2_SEARCH) - 15, 8):
        magic, arch, length, checksum = struct.unpack_from("<IIII", data, off)
        if magic == MB2_MAGIC:
            return off, (magic + arch + length + checksum) & 0xFFFFFFFF == 0
    return None, False


def check_image(elf32_path, elf64_path):
    """Checks the bootable ELF; returns report lines, raises ImageError on a defect."""
    data = Path(elf32_path).read_bytes()
    report = []
    mb1, mb1_ok = _find_mb1(data)
    if mb1 is None or not mb1_ok:
        raise ImageError(f"{elf32_path}: no valid multiboot header in the first {MB1_SEARCH} bytes")
    mb2, mb2_ok = _find_mb2(data)
    if mb2 is None or not mb2_ok:
        raise ImageError(f"{elf32_path}: no valid multiboot2 header in the first {MB2_SEARCH} bytes")
    report.append(f"check: multiboot header at file offset 0x{mb1:x}, multiboot2 at 0x{mb2:x}, checksums valid")
    with open(elf32_path, "rb") as f:
        elf = ELFFile(f)
        if elf.elfclass != 32 or elf["e_machine"] != "EM_386":
            raise ImageError(f"{elf32_path}: the multiboot loader needs an ELF32 i386 container")
        entry = elf["e_entry"]
        sections = [(s.name, s["sh_addr"], s["sh_size"], s["sh_type"]) for s in elf.iter_sections()
                    if s["sh_flags"] & SH_FLAGS.SHF_ALLOC and s["sh_size"]]
    boot = [s for s in sections if s[0] == ".boot"]
    if not boot or not boot[0][1] <= entry < boot[0][1] + boot[0][2]:
        raise ImageError(f"{elf32_path}: entry point 0x{entry:x} is not in the .boot section")
    report.append(f"check: entry point 0x{entry:x} in .boot")
    ordered = sorted(sections, key=lambda s: s[1])
    for a, b in zip(ordered, ordered[1:]):
        if a[1] + a[2] > b[1]:
            raise ImageError(f"sections {a[0]} and {b[0]} overlap")
    report.append(f"check: {len(sections)} loadable sections, none overlapping")
    sizes = {"text": 0, "data": 0, "bss": 0}
    for name, _, size, stype in sections:
        if stype == "SHT_NOBITS":
            sizes["bss"] += size
        elif name in (".text", ".boot", ".rodata"):
            sizes["text"] += size
        else:
            sizes["data"] += size
    frozen = {n: a for a, _, n, _ in _symbols(elf64_path) if n in ("frozen_bundle", "frozen_bundle_end")}
    frozen_size = frozen["frozen_bundle_end"] - frozen["frozen_bundle"] if len(frozen) == 2 else 0
    sizes["text"] -= frozen_size
    report.append("size: code {text} B, frozen Python bytecode {frozen} B, data {data} B, bss {bss} B".format(
        frozen=frozen_size, **sizes) + f"; image file {len(data)} B (the heap is sized at boot: half of free memory)")
    return report
