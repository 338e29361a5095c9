"""The Linux guest every Krait figure is measured against (docs: linux-baseline.md).

Built from Debian packages only, nothing installed on the host: the current linux-image-6.1.0-N-amd64 and
busybox-static are fetched with `apt-get download`, unpacked with `dpkg-deb -x` into images/linux-guest/, and
turned into
- vmlinux: the uncompressed ELF from inside the XZ bzImage; its PVH note lets `qemu -kernel` boot it directly,
  skipping the slow in-guest decompression under TCG;
- initramfs.cpio.gz: busybox, the e1000 and 8139cp (+ mii) modules and an /init that configures the addresses given
  on the kernel command line (krait.ip=10.0.0.2/24 for eth0, krait.ip.eth1=10.1.0.1/24 for eth1 and so on;
  krait.forward=1 turns on IPv4 forwarding), starts the servers below and prints LINUX-GUEST-READY.
- for the router benchmark: iptables-legacy (Debian's iptables package with its libraries, libc and the ELF
  interpreter) and the netfilter modules, not loaded at boot: `/srv/netfilter filter` (or `nat`) insmods a rule
  set's modules in the order their modinfo dependencies give (NETFILTER below).

Guest servers (all on the address from krait.ip):
  80  busybox httpd serving INDEX_HTML
  7   echo: every byte received is sent back
  9   sink: reads until the sender shuts down its side, then answers the byte count as "<n>\\n"
  19  source: reads a decimal byte count line, then sends that many zero bytes and closes

After the marker the serial console runs a shell. Everything is cached: a second build() only checks a stamp
(`python3 toolchain/linux_guest.py --refresh` picks up a newer kernel package).
"""
import fcntl
import gzip
import hashlib
import io
import json
import lzma
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from toolchain import qemu  # noqa: E402

CACHE = ROOT / "images" / "linux-guest"
META_PACKAGE = "linux-image-amd64"
BUSYBOX_PACKAGE = "busybox-static"
MODULES = [  # load order: mii before 8139cp
    "kernel/drivers/net/mii.ko",
    "kernel/drivers/net/ethernet/intel/e1000/e1000.ko",
    "kernel/drivers/net/ethernet/realtek/8139cp.ko",
]
# The netfilter modules /srv/netfilter loads per rule set; what they need (modinfo) is loaded first.
NETFILTER = {
    "filter": ["iptable_filter", "xt_tcpudp"],
    "nat": ["iptable_filter", "xt_tcpudp", "iptable_nat", "xt_MASQUERADE", "xt_conntrack"],
}
# Soft dependencies name an alias, not a module: libcrc32c asks the crypto API for "crc32c" (crc32c-intel would
# need SSE4.2, which TCG's default CPU lacks).
SOFTDEP_MODULES = {"crc32c": "crc32c_generic"}
IPTABLES_PACKAGES = ["iptables", "libxtables12", "libip4tc2", "libip6tc2", "libc6"]
IPTABLES_BINARY = "usr/sbin/xtables-legacy-multi"
IPTABLES_NAMES = ["iptables", "iptables-save", "iptables-restore"]      # argv[0]s the multi-call binary knows
XTABLES_DIR = "usr/lib/x86_64-linux-gnu/xtables"
IPTABLES_EXTENSIONS = ["libxt_standard.so", "libxt_tcp.so", "libxt_udp.so", "libipt_icmp.so", "libxt_MASQUERADE.so",
                       "libxt_SNAT.so", "libxt_DNAT.so", "libxt_conntrack.so", "libxt_state.so", "libipt_REJECT.so"]
LIBRARY_DIRS = ["lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu"]
ELF_INTERPRETER = "lib64/ld-linux-x86-64.so.2"
READY_MARKER = "LINUX-GUEST-READY"
DEFAULT_IP = "10.0.0.2/24"
PORTS = {"http": 80, "echo": 7, "sink": 9, "source": 19}
INDEX_HTML = "<html><body><h1>krait linux baseline</h1></body></html>\n"
XZ_MAGIC = b"\xfd7zXZ\x00"
APPEND = "console=ttyS0 quiet panic=-1"

INIT_SCRIPT = r"""#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp /run
for m in /lib/modules/*.ko; do insmod "$m" 2>/dev/null; done

# krait.ip=CIDR is eth0's address, krait.ip.ethN=CIDR ethN's; krait.forward=1 routes between them.
addrs=
forward=0
for word in $(cat /proc/cmdline); do
    case "$word" in
        krait.ip=*) addrs="$addrs eth0=${word#krait.ip=}" ;;
        krait.ip.eth*=*) word="${word#krait.ip.}"; addrs="$addrs $word" ;;
        krait.forward=1) forward=1 ;;
    esac
done
ip link set lo up
[ -z "$addrs" ] && addrs="eth0="
for item in $addrs; do
    dev="${item%%=*}"
    addr="${item#*=}"
    for i in 1 2 3 4 5 6 7 8 9 10; do
        [ -e /sys/class/net/$dev ] && break
        sleep 0.1
    done
    if [ ! -e /sys/class/net/$dev ]; then
        echo "linux-guest: no network interface $dev"
        continue
    fi
    [ -n "$addr" ] && ip addr add "$addr" dev "$dev"
    ip link set "$dev" up
    # e1000 reports carrier a second or two after ifup; until then the guest queues its replies.
    for i in $(seq 100); do
        [ "$(cat /sys/class/net/$dev/carrier 2>/dev/null)" = 1 ] && break
        sleep 0.1
    done
done
echo $forward > /proc/sys/net/ipv4/ip_forward

httpd -p 80 -h /www
nc -ll -p 7 -e /bin/cat &
nc -ll -p 9 -e /srv/sink &
nc -ll -p 19 -e /srv/source &
# Ready once the three listen (under TCG a background nc takes a moment to get there): in /proc/net/tcp
# a listening socket is state 0A on local port 0007, 0009, 0013.
for i in $(seq 100); do
    n=0
    for port in 0007 0009 0013; do
        grep -q "^ *[0-9]*: [0-9A-F]*:$port [0-9A-F]*:0000 0A" /proc/net/tcp && n=$((n + 1))
    done
    [ $n = 3 ] && break
    sleep 0.1
done
echo "READY_MARKER"
while :; do setsid cttyhack sh; sleep 1; done
""".replace("READY_MARKER", READY_MARKER)

SINK_SCRIPT = """#!/bin/sh
n=$(wc -c)
echo $n
"""

SOURCE_SCRIPT = """#!/bin/sh
read n
head -c "$n" /dev/zero
"""


NETFILTER_SCRIPT = """#!/bin/sh
# netfilter SET: insmods SET's modules, dependencies first; those already loaded (or built in) are skipped.
case "$1" in
SETS    *) echo "usage: netfilter SET (SET_NAMES)"; exit 2 ;;
esac
for m in $mods; do
    [ -d /sys/module/$m ] || insmod /lib/netfilter/$m.ko || exit 1
done
"""


def say(msg):
    print(f"[linux-guest] {msg}", flush=True)


# -- Debian packages ---------------------------------------------------------------------------------------------
def current_kernel_package():
    """linux-image-6.1.0-N-amd64: what linux-image-amd64 depends on right now."""
    for attempt in range(2):
        done = subprocess.run(["apt-cache", "depends", META_PACKAGE], capture_output=True, text=True)
        m = re.search(r"Depends:\s*(linux-image-[0-9][\w.+-]*-amd64)", done.stdout)
        if m:
            return m.group(1)
        if attempt == 0:
            subprocess.run(["apt-get", "update", "-q"], capture_output=True)
    raise RuntimeError(f"cannot find the kernel package {META_PACKAGE} depends on (apt-cache depends)")


def download(package, into, log=say):
    """`apt-get download` into a directory; returns the .deb (reused when already there)."""
    into.mkdir(parents=True, exist_ok=True)
    found = sorted(into.glob(f"{package}_*.deb"))
    if not found:
        log(f"apt-get download {package}")
        # The sandbox user cannot write into a root-owned cache directory; downloading as root is fine here.
        subprocess.run(["apt-get", "download", "-q", "-o", "APT::Sandbox::User=root", package],
                       cwd=into, check=True, capture_output=True)
        found = sorted(into.glob(f"{package}_*.deb"))
    if not found:
        raise RuntimeError(f"apt-get download {package} left no .deb in {into}")
    return found[-1]


def unpack(deb, into, log=say):
    """dpkg-deb -x, once: a stamp file names the .deb that was unpacked."""
    stamp = into / ".unpacked"
    if stamp.exists() and stamp.read_text() == deb.name:
        return into
    log(f"dpkg-deb -x {deb.name}")
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    subprocess.run(["dpkg-deb", "-x", str(deb), str(into)], check=True)
    stamp.write_text(deb.name)
    return into


# -- kernel modules ----------------------------------------------------------------------------------------------
MODINFO_FIELD = re.compile(rb"(?:^|\0)(depends|softdep)=([^\0]*)")


def module_index(modules_dir):
    """{module name: path} of every .ko under modules_dir (names with "_", as modinfo and /sys/module write them)."""
    return {ko.name[:-3].replace("-", "_"): ko for ko in sorted(Path(modules_dir).glob("kernel/**/*.ko"))}


def builtin_modules(modules_dir):
    path = Path(modules_dir) / "modules.builtin"
    lines = path.read_text().split() if path.exists() else []
    return {Path(line).name[:-3].replace("-", "_") for line in lines}


def module_dependencies(ko):
    """What a module needs loaded first: its modinfo "depends=" and the "pre:" part of "softdep=" (an alias,
    mapped through SOFTDEP_MODULES)."""
    needs = []
    for key, value in MODINFO_FIELD.findall(Path(ko).read_bytes()):
        words = value.decode().replace(",", " ").split()
        if key == b"depends":
            needs += words
        elif words[:1] == ["pre:"]:
            pre = words[1:words.index("post:")] if "post:" in words else words[1:]
            needs += [SOFTDEP_MODULES.get(w, w) for w in pre]
    return [n.replace("-", "_") for n in needs]


def module_load_order(modules_dir, wanted):
    """The modules to insmod for `wanted`, each after what it depends on; built-in ones are left out."""
    index, builtin = module_index(modules_dir), builtin_modules(modules_dir)
    order, visiting = [], set()

    def visit(name, wanted_by):
        if name in order or name in builtin:
            return
        if name not in index:
            raise RuntimeError(f"module {name} (needed by {wanted_by}) is not in {modules_dir}")
        if name in visiting:
            raise RuntimeError(f"module dependency cycle through {name}")
        visiting.add(name)
        for dep in module_dependencies(index[name]):
            visit(dep, name)
        order.append(name)

    for name in wanted:
        visit(name, "NETFILTER")
    return [(name, index[name]) for name in order]


def netfilter_script(sets):
    """/srv/netfilter for {set: [module names in load order]}."""
    cases = "".join(f'    {name}) mods="{" ".join(mods)}" ;;\n' for name, mods in sets.items())
    return NETFILTER_SCRIPT.replace("SETS", cases).replace("SET_NAMES", "|".join(sets))


# -- iptables userland -------------------------------------------------------------------------------------------
ELF_SECTION = struct.Struct("<IIQQQQIIQQ")
SHT_DYNAMIC = 6
DT_NEEDED = 1


def elf_needed(data):
    """DT_NEEDED names of a 64-bit little-endian ELF, read through its section headers."""
    if data[:5] != b"\x7fELF\x02":
        raise ValueError("not a 64-bit ELF")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [ELF_SECTION.unpack_from(data, shoff + i * shentsize) for i in range(shnum)]
    needed = []
    for sh in sections:
        if sh[1] != SHT_DYNAMIC:
            continue
        strtab = sections[sh[6]][4]
        for off in range(sh[4], sh[4] + sh[5], 16):
            tag, val = struct.unpack_from("<qQ", data, off)
            if tag == 0:
                break
            if tag == DT_NEEDED:
                needed.append(data[strtab + val:data.index(b"\0", strtab + val)].decode())
    return needed


class PackageTree:
    """Files of several unpacked .debs seen as one root; symlinks resolved inside it."""

    def __init__(self, roots):
        self.roots = [Path(r) for r in roots]

    def resolve(self, rel, depth=0):
        """rel (a path inside the root) -> (the real file's path inside the root, its Path), following symlinks
        (absolute ones from the root)."""
        for root in self.roots:
            path = root / rel
            if path.is_symlink():
                if depth > 8:
                    raise RuntimeError(f"symlink loop at {rel}")
                target = Path(path.readlink().as_posix())
                nxt = target.relative_to("/") if target.is_absolute() else Path(rel).parent / target
                return self.resolve(Path(*[p for p in nxt.parts if p != "."]).as_posix(), depth + 1)
            if path.is_file():
                return rel, path
        raise RuntimeError(f"{rel} is in none of {', '.join(r.name for r in self.roots)}")

    def library(self, soname):
        for d in LIBRARY_DIRS:
            if any((root / d / soname).exists() or (root / d / soname).is_symlink() for root in self.roots):
                return f"{d}/{soname}"
        raise RuntimeError(f"library {soname} is in no package of {', '.join(r.name for r in self.roots)}")


def iptables_files(package_dirs):
    """-> (files {path in the initramfs: bytes}, symlinks {path: target}): iptables-legacy, the extensions it uses
    and every shared library they need (the DT_NEEDED closure; a library is stored under the name asked for),
    the ELF interpreter among them, and the iptables commands as links to the multi-call binary."""
    tree = PackageTree(package_dirs)
    files = {}
    todo = [IPTABLES_BINARY] + [f"{XTABLES_DIR}/{name}" for name in IPTABLES_EXTENSIONS]
    while todo:
        rel = todo.pop()
        if rel in files:
            continue
        files[rel] = tree.resolve(rel)[1].read_bytes()
        todo += [tree.library(soname) for soname in elf_needed(files[rel])]
    interpreter = tree.resolve(ELF_INTERPRETER)[0]
    if interpreter not in files:
        raise RuntimeError(f"{ELF_INTERPRETER} ({interpreter}) is none of the libraries iptables needs")
    links = {ELF_INTERPRETER: f"/{interpreter}"}
    links.update({f"bin/{name}": f"/{IPTABLES_BINARY}" for name in IPTABLES_NAMES})
    return files, links


# -- vmlinux -----------------------------------------------------------------------------------------------------
def extract_vmlinux(bzimage):
    """The ELF inside an XZ bzImage: try each XZ magic until one decompresses to an ELF."""
    blob = Path(bzimage).read_bytes()
    start = blob.find(XZ_MAGIC)
    while start >= 0:
        try:
            data = lzma.LZMADecompressor(format=lzma.FORMAT_XZ).decompress(blob[start:])
        except lzma.LZMAError:
            data = b""
        if data.startswith(b"\x7fELF"):
            return data
        start = blob.find(XZ_MAGIC, start + 1)
    raise RuntimeError(f"no XZ-compressed ELF found in {bzimage}")


# -- initramfs ---------------------------------------------------------------------------------------------------
class Cpio:
    """A newc ("070701") cpio archive, built in memory."""

    def __init__(self):
        self.out = io.BytesIO()
        self.ino = 1

    def _entry(self, name, mode, data=b"", rdev=(0, 0), nlink=1):
        fields = [self.ino, mode, 0, 0, nlink, 0, len(data), 0, 0, rdev[0], rdev[1], len(name) + 1, 0]
        self.ino += 1
        self.out.write(b"070701" + b"".join(b"%08X" % f for f in fields))
        self.out.write(name.encode() + b"\0")
        self._pad()
        self.out.write(data)
        self._pad()

    def _pad(self):
        self.out.write(b"\0" * (-self.out.tell() % 4))

    def directory(self, name, mode=0o755):
        self._entry(name, 0o040000 | mode, nlink=2)

    def file(self, name, data, mode=0o644):
        self._entry(name, 0o100000 | mode, data if isinstance(data, bytes) else data.encode())

    def symlink(self, name, target):
        self._entry(name, 0o120000 | 0o777, target.encode())

    def chardev(self, name, major, minor, mode=0o600):
        self._entry(name, 0o020000 | mode, rdev=(major, minor))

    def finish(self):
        self._entry("TRAILER!!!", 0)
        self.out.write(b"\0" * (-self.out.tell() % 512))
        return self.out.getvalue()


def parents(paths):
    """Every directory above the given paths, parents first."""
    dirs = {str(parent) for p in paths for parent in Path(p).parents if str(parent) != "."}
    return sorted(dirs, key=lambda d: (d.count("/"), d))


def initramfs(busybox, modules_dir, package_dirs):
    """The gzipped newc initramfs: busybox, the NIC modules, /init and the server scripts; iptables and the
    netfilter modules with /srv/netfilter to load them."""
    netfilter = {name: module_load_order(modules_dir, wanted) for name, wanted in NETFILTER.items()}
    nf_modules = {f"lib/netfilter/{name}.ko": path for mods in netfilter.values() for name, path in mods}
    files, links = iptables_files(package_dirs)
    c = Cpio()
    fixed = ("bin", "dev", "proc", "sys", "tmp", "run", "srv", "www", "lib", "lib/modules", "lib/netfilter")
    for d in fixed + tuple(d for d in parents(list(files) + list(links)) if d not in fixed):
        c.directory(d)
    c.chardev("dev/console", 5, 1)          # the kernel opens it for init before devtmpfs is mounted
    c.chardev("dev/null", 1, 3, 0o666)
    c.file("bin/busybox", Path(busybox).read_bytes(), 0o755)
    c.symlink("bin/sh", "busybox")
    c.file("init", INIT_SCRIPT, 0o755)
    c.file("srv/sink", SINK_SCRIPT, 0o755)
    c.file("srv/source", SOURCE_SCRIPT, 0o755)
    c.file("www/index.html", INDEX_HTML)
    for i, rel in enumerate(MODULES):
        c.file(f"lib/modules/{i}-{Path(rel).name}", (Path(modules_dir) / rel).read_bytes())
    c.file("srv/netfilter", netfilter_script({k: [name for name, _ in v] for k, v in netfilter.items()}), 0o755)
    for name, path in sorted(nf_modules.items()):
        c.file(name, path.read_bytes())
    for name, data in sorted(files.items()):
        c.file(name, data, 0o755)
    for name, target in sorted(links.items()):
        c.symlink(name, target)
    return gzip.compress(c.finish(), compresslevel=6, mtime=0)


# -- build -------------------------------------------------------------------------------------------------------
def _recipe_hash():
    """Changes whenever the initramfs contents this module writes change."""
    text = json.dumps([INIT_SCRIPT, SINK_SCRIPT, SOURCE_SCRIPT, INDEX_HTML, MODULES, NETFILTER, SOFTDEP_MODULES,
                       NETFILTER_SCRIPT, IPTABLES_PACKAGES, IPTABLES_BINARY, IPTABLES_NAMES, IPTABLES_EXTENSIONS])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _write_atomically(path, data):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def build(cache=CACHE, quiet=False, refresh=False):
    """Builds (or reuses) the guest; returns dict(kernel=vmlinux path, initrd=initramfs path).
    A cached guest is reused without asking apt (apt-cache alone takes a second); refresh=True re-resolves the
    current linux-image-6.1.0-N-amd64 and rebuilds when it changed."""
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)         # parallel test workers build once
        return _build_locked(cache, say if not quiet else (lambda m: None), refresh)


def _build_locked(cache, log, refresh):
    stamp_file = cache / "build.json"
    result = {"kernel": cache / "vmlinux", "initrd": cache / "initramfs.cpio.gz"}
    stamp = json.loads(stamp_file.read_text()) if stamp_file.exists() else {}
    kernel_pkg = (None if refresh else stamp.get("kernel_package")) or current_kernel_package()
    want = {"kernel_package": kernel_pkg, "recipe": _recipe_hash()}
    if stamp == want and all(p.exists() for p in result.values()):
        return result
    new_kernel = stamp.get("kernel_package") != kernel_pkg or not result["kernel"].exists()
    if new_kernel:
        stamp_file.unlink(missing_ok=True)
    debs = cache / "debs"
    kdir = unpack(download(kernel_pkg, debs, log), cache / "kernel-pkg", log)
    bdir = unpack(download(BUSYBOX_PACKAGE, debs, log), cache / "busybox-pkg", log)
    pdirs = [unpack(download(p, debs, log), cache / "userland" / p, log) for p in IPTABLES_PACKAGES]
    if new_kernel:
        bzimage = next((kdir / "boot").glob("vmlinuz-*"))
        log(f"extracting vmlinux from {bzimage.name}")
        _write_atomically(result["kernel"], extract_vmlinux(bzimage))
    modules_dir = next((kdir / "lib" / "modules").iterdir())
    log("writing initramfs.cpio.gz")
    _write_atomically(result["initrd"], initramfs(bdir / "bin" / "busybox", modules_dir, pdirs))
    stamp_file.write_text(json.dumps(want) + "\n")
    return result


def qemu_command(nic_model, netdev_args, mem="256M", ip=DEFAULT_IP, append="", images=None, more_nics=()):
    """The QEMU line of linux-baseline.md. netdev_args: a backend as toolchain.qemu.netdev_args takes it
    ("tap:IFNAME", "user", "none") or a raw -netdev spec without id ("tap,ifname=tap0,script=no,downscript=no").
    more_nics: [(model, backend, cidr or None)] become eth1, eth2, ... (krait.ip.ethN=cidr)."""
    nics = [(nic_model, netdev_args, ip)] + [tuple(n) for n in more_nics]
    for model, _, _ in nics:
        if model not in qemu.NIC_MODELS:
            raise ValueError(f"unknown NIC model {model!r} (known: {', '.join(qemu.NIC_MODELS)})")
    images = images or build(quiet=True)
    addresses = [f"krait.ip={ip}" if ip else ""]
    addresses += [f"krait.ip.eth{i}={cidr}" for i, (_, _, cidr) in enumerate(nics) if i and cidr]
    cmdline = " ".join(filter(None, [APPEND, *addresses, append]))
    cmd = [qemu.qemu_binary(), "-nodefaults", "-no-reboot", "-display", "none", "-m", str(mem),
           "-serial", "stdio", "-accel", "tcg",
           "-kernel", str(images["kernel"]), "-initrd", str(images["initrd"]), "-append", cmdline]
    for i, (model, backend, _) in enumerate(nics):
        nid, spec = qemu.netdev_args(i, backend)
        device = f"{model},romfile="
        if spec:
            cmd += ["-netdev", spec]
            device += f",netdev={nid}"
        cmd += ["-device", device]
    return cmd


def main():
    paths = build(refresh="--refresh" in sys.argv[1:])
    for key, path in paths.items():
        print(f"{key}: {path} ({path.stat().st_size} bytes)")
    print(" ".join(qemu_command("e1000", "tap:tap0")))


if __name__ == "__main__":
    main()
