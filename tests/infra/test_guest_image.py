"""The pieces of the Linux guest build, checked against independent tools: busybox cpio reads our archive,
pyelftools finds the PVH entry note in the extracted vmlinux, and ping summaries parse to their numbers."""
import gzip
import os
import re
import shutil
import subprocess
import time

import pytest
from elftools.elf.elffile import ELFFile

from toolchain import bench_net, linux_guest

XEN_ELFNOTE_PHYS32_ENTRY = 18      # the PVH entry point QEMU's -kernel looks for


@pytest.fixture(scope="module")
def guest_files():
    return linux_guest.build()


def busybox():
    return linux_guest.CACHE / "busybox-pkg" / "bin" / "busybox"


def test_cpio_is_read_by_busybox(tmp_path, guest_files):
    c = linux_guest.Cpio()
    c.directory("d")
    c.file("d/a.txt", "hello\n", 0o644)
    c.file("odd", b"\x00\x01\x02", 0o755)      # lengths that need padding
    c.symlink("link", "d/a.txt")
    archive = tmp_path / "t.cpio"
    archive.write_bytes(c.finish())
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run([str(busybox()), "cpio", "-i", "-d", "-F", str(archive)], cwd=out, check=True,
                   capture_output=True)
    assert (out / "d" / "a.txt").read_text() == "hello\n"
    assert (out / "odd").read_bytes() == b"\x00\x01\x02"
    assert (out / "odd").stat().st_mode & 0o777 == 0o755
    assert (out / "link").readlink().as_posix() == "d/a.txt"


def test_initramfs_lists_init_busybox_and_modules(guest_files):
    data = gzip.decompress(guest_files["initrd"].read_bytes())
    listing = subprocess.run([str(busybox()), "cpio", "-t"], input=data, capture_output=True, check=True).stdout
    names = set(listing.decode().split())
    assert {"init", "bin/busybox", "dev/console", "www/index.html", "srv/sink", "srv/source"} <= names
    assert {n.split("-", 1)[1] for n in names if n.startswith("lib/modules/") and n.endswith(".ko")} == \
        {"mii.ko", "e1000.ko", "8139cp.ko"}


def test_vmlinux_is_an_elf_with_a_pvh_note(guest_files):
    with open(guest_files["kernel"], "rb") as f:
        elf = ELFFile(f)
        assert elf.elfclass == 64 and elf["e_machine"] == "EM_X86_64"
        notes = [(n["n_name"], n["n_type"]) for seg in elf.iter_segments() if seg["p_type"] == "PT_NOTE"
                 for n in seg.iter_notes()]
    assert any(name == "Xen" and ntype in (XEN_ELFNOTE_PHYS32_ENTRY, "XEN_ELFNOTE_PHYS32_ENTRY")
               for name, ntype in notes), notes


def test_second_build_is_cached(guest_files):
    t = time.monotonic()
    assert linux_guest.build(quiet=True) == guest_files
    assert time.monotonic() - t < 0.5


def test_qemu_command_matches_the_baseline_line(guest_files):
    cmd = linux_guest.qemu_command("rtl8139", "tap:tap7", mem="256M", ip="10.0.0.2/24")
    line = " ".join(cmd)
    for part in ("-accel tcg", "-m 256M", "-display none", "-serial stdio", "-no-reboot", "-nodefaults",
                 f"-kernel {guest_files['kernel']}", f"-initrd {guest_files['initrd']}",
                 "-netdev tap,id=n0,ifname=tap7,script=no,downscript=no", "-device rtl8139,romfile=,netdev=n0"):
        assert part in line
    append = cmd[cmd.index("-append") + 1].split()
    assert append[:3] == ["console=ttyS0", "quiet", "panic=-1"] and "krait.ip=10.0.0.2/24" in append
    router = linux_guest.qemu_command("e1000", "tap:ta", ip="10.1.0.1/24", append="krait.forward=1",
                                      more_nics=[("rtl8139", "tap:tb", "10.2.0.1/24")])
    line = " ".join(router)
    assert "-device e1000,romfile=,netdev=n0" in line and "-device rtl8139,romfile=,netdev=n1" in line
    assert "-netdev tap,id=n1,ifname=tb,script=no,downscript=no" in line
    append = router[router.index("-append") + 1].split()
    assert {"krait.ip=10.1.0.1/24", "krait.ip.eth1=10.2.0.1/24", "krait.forward=1"} <= set(append)
    with pytest.raises(ValueError):
        linux_guest.qemu_command("virtio", "tap:tap7")


PING = """PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.

--- 10.0.0.2 ping statistics ---
20 packets transmitted, 19 received, 5% packet loss, time 3807ms
rtt min/avg/max/mdev = 0.413/0.854/4.341/0.831 ms
"""
FLOOD = """PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.

--- 10.0.0.2 ping statistics ---
25012 packets transmitted, 25011 received, +3 duplicates, 0.00399808% packet loss, time 5001ms
rtt min/avg/max/mdev = 0.101/0.180/3.129/0.051 ms, pipe 2, ipg/ewma 0.199/0.170 ms
"""
DEAD = """PING 10.0.0.9 (10.0.0.9) 56(84) bytes of data.

--- 10.0.0.9 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2030ms
"""


def test_parse_ping_summaries():
    assert bench_net.parse_ping(PING) == dict(transmitted=20, received=19, loss=5.0, time_ms=3807,
                                              min=0.413, avg=0.854, max=4.341, mdev=0.831)
    f = bench_net.parse_ping(FLOOD)
    assert (f["received"], f["time_ms"], f["avg"]) == (25011, 5001, 0.180)
    d = bench_net.parse_ping(DEAD)
    assert (d["received"], d["loss"], d["avg"]) == (0, 100.0, None)
    with pytest.raises(ValueError):
        bench_net.parse_ping("ping: connect: Network is unreachable\n")


def modules_dir():
    return next((linux_guest.CACHE / "kernel-pkg" / "lib" / "modules").iterdir())


def readelf_modinfo(ko):
    """{key: value} of a module's .modinfo, as binutils' readelf prints it."""
    out = subprocess.run(["readelf", "-p", ".modinfo", str(ko)], capture_output=True, text=True, check=True).stdout
    fields = {}
    for line in out.splitlines():
        m = re.match(r"\s*\[\s*[0-9a-f]+\]\s+(\w+)=(.*)$", line)
        if m:
            fields[m.group(1)] = m.group(2).strip()
    return fields


@pytest.mark.skipif(not shutil.which("readelf"), reason="binutils' readelf is not installed")
def test_netfilter_sets_load_every_dependency_first(guest_files):
    index = linux_guest.module_index(modules_dir())
    builtin = linux_guest.builtin_modules(modules_dir())
    for name, wanted in linux_guest.NETFILTER.items():
        order = [m for m, _ in linux_guest.module_load_order(modules_dir(), wanted)]
        assert set(wanted) <= set(order), (name, order)
        for i, module in enumerate(order):
            info = readelf_modinfo(index[module])
            assert info["name"] == module
            needs = [d for d in info.get("depends", "").split(",") if d]
            softdep = info.get("softdep", "").split()
            needs += [linux_guest.SOFTDEP_MODULES[a] for a in softdep[1:] if softdep[:1] == ["pre:"]]
            for dep in needs:
                assert dep in builtin or dep in order[:i], (name, module, dep, order)
    script = gzip_member(guest_files["initrd"], "srv/netfilter")
    assert 'nat) mods="' in script and "xt_MASQUERADE" in script


@pytest.mark.skipif(not shutil.which("readelf"), reason="binutils' readelf is not installed")
def test_elf_needed_matches_readelf(guest_files):      # the build unpacks the packages read here
    tree = linux_guest.CACHE / "userland"
    for rel in ("iptables/usr/sbin/xtables-legacy-multi", "libc6/lib/x86_64-linux-gnu/libc.so.6"):
        path = tree / rel
        out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
        assert linux_guest.elf_needed(path.read_bytes()) == re.findall(r"\(NEEDED\).*\[(.+)\]", out)


@pytest.mark.skipif(os.geteuid() != 0, reason="chroot needs root")
def test_iptables_runs_from_the_unpacked_initramfs(tmp_path, guest_files):
    data = gzip.decompress(guest_files["initrd"].read_bytes())
    subprocess.run([str(busybox()), "cpio", "-i", "-d"], input=data, cwd=tmp_path, check=True, capture_output=True)
    for name in ("iptables", "iptables-restore"):
        done = subprocess.run(["chroot", str(tmp_path), f"/bin/{name}", "-V"], capture_output=True, text=True)
        assert done.returncode == 0 and "(legacy)" in done.stdout, (name, done.stdout, done.stderr)


def gzip_member(initrd, name):
    """One file of the initramfs, read with busybox cpio."""
    data = gzip.decompress(initrd.read_bytes())
    done = subprocess.run([str(busybox()), "cpio", "-i", "--to-stdout", name], input=data, capture_output=True,
                          check=True)
    return done.stdout.decode()
