"""The Linux guest every Krait figure is measured against (docs: linux-baseline.md).

Built from Debian packages only, nothing installed on the host: the current linux-image-6.1.0-N-amd64 and
busybox-static are fetched with `apt-get download`, unpacked with `dpkg-deb -x` into images/linux-guest/, and
turned into
- vmlinux: the uncompressed ELF from inside the XZ bzImage; its PVH note lets `qemu -kernel` boot it directly,
  skipping the slow in-guest decompression under TCG;
- initramfs.cpio.gz: busybox, the e1000 and 8139cp (+ mii) modules and an /init that configures the address given
  on the kernel command line (krait.ip=10.0.0.2/24), starts the servers below and prints LINUX-GUEST-READY.

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
mkdir -p /tmp
for m in /lib/modules/*.ko; do insmod "$m" 2>/dev/null; done

addr=
for word in $(cat /proc/cmdline); do
    case "$word" in krait.ip=*) addr="${word#krait.ip=}" ;; esac
done
ip link set lo up
dev=
for i in 1 2 3 4 5 6 7 8 9 10; do
    [ -e /sys/class/net/eth0 ] && dev=eth0 && break
    sleep 0.1
done
if [ -n "$dev" ]; then
    [ -n "$addr" ] && ip addr add "$addr" dev "$dev"
    ip link set "$dev" up
    # e1000 reports carrier a second or two after ifup; until then the guest queues its replies.
    for i in $(seq 100); do
        [ "$(cat /sys/class/net/$dev/carrier 2>/dev/null)" = 1 ] && break
        sleep 0.1
    done
else
    echo "linux-guest: no network interface"
fi

httpd -p 80 -h /www
nc -ll -p 7 -e /bin/cat &
nc -ll -p 9 -e /srv/sink &
nc -ll -p 19 -e /srv/source &
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


def initramfs(busybox, modules_dir):
    """The gzipped newc initramfs: busybox, the NIC modules, /init and the server scripts."""
    c = Cpio()
    for d in ("bin", "dev", "proc", "sys", "tmp", "srv", "www", "lib", "lib/modules"):
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
    return gzip.compress(c.finish(), compresslevel=6, mtime=0)


# -- build -------------------------------------------------------------------------------------------------------
def _recipe_hash():
    """Changes whenever the initramfs contents this module writes change."""
    text = json.dumps([INIT_SCRIPT, SINK_SCRIPT, SOURCE_SCRIPT, INDEX_HTML, MODULES])
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
    if new_kernel:
        bzimage = next((kdir / "boot").glob("vmlinuz-*"))
        log(f"extracting vmlinux from {bzimage.name}")
        _write_atomically(result["kernel"], extract_vmlinux(bzimage))
    modules_dir = next((kdir / "lib" / "modules").iterdir())
    log("writing initramfs.cpio.gz")
    _write_atomically(result["initrd"], initramfs(bdir / "bin" / "busybox", modules_dir))
    stamp_file.write_text(json.dumps(want) + "\n")
    return result


def qemu_command(nic_model, netdev_args, mem="256M", ip=DEFAULT_IP, append="", images=None):
    """The QEMU line of linux-baseline.md. netdev_args: a backend as toolchain.qemu.netdev_args takes it
    ("tap:IFNAME", "user", "none") or a raw -netdev spec without id ("tap,ifname=tap0,script=no,downscript=no")."""
    if nic_model not in qemu.NIC_MODELS:
        raise ValueError(f"unknown NIC model {nic_model!r} (known: {', '.join(qemu.NIC_MODELS)})")
    images = images or build(quiet=True)
    nid, spec = qemu.netdev_args(0, netdev_args)
    cmdline = " ".join(filter(None, [APPEND, f"krait.ip={ip}" if ip else "", append]))
    cmd = [qemu.qemu_binary(), "-nodefaults", "-no-reboot", "-display", "none", "-m", str(mem),
           "-serial", "stdio", "-accel", "tcg",
           "-kernel", str(images["kernel"]), "-initrd", str(images["initrd"]), "-append", cmdline]
    device = f"{nic_model},romfile="
    if spec:
        cmd += ["-netdev", spec]
        device += f",netdev={nid}"
    return cmd + ["-device", device]


def main():
    paths = build(refresh="--refresh" in sys.argv[1:])
    for key, path in paths.items():
        print(f"{key}: {path} ({path.stat().st_size} bytes)")
    print(" ".join(qemu_command("e1000", "tap:tap0")))


if __name__ == "__main__":
    main()
