"""The QEMU command line for Krait, shared by `build.py run`, the tests and the
benchmarks, so all three boot the same machine."""
import json
import os
import shutil
import socket
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ELF = ROOT / "images" / "krait.elf"
ISO = ROOT / "images" / "krait.iso"
NIC_MODELS = ("e1000", "rtl8139")
DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=0x04"


def qemu_binary():
    return shutil.which("qemu-system-x86_64") or "qemu-system-x86_64"


def netdev_args(index, backend, hostfwd=()):
    """-netdev for one NIC. backend: "user", "none", "tap:IFNAME", or a raw netdev
    spec ("dgram,...", "socket,...", "stream,..."). User networking is always
    restricted: nothing the guest sends may leave this machine."""
    nid = f"n{index}"
    if backend == "none":
        return nid, None
    if backend == "user":
        spec = f"user,id={nid},restrict=on" + "".join(f",hostfwd={h}" for h in hostfwd)
    elif backend.startswith("tap:"):
        spec = f"tap,id={nid},ifname={backend[4:]},script=no,downscript=no"
    else:
        kind, _, rest = backend.partition(",")
        if kind == "user" and "restrict=on" not in rest.split(","):
            raise ValueError("user networking must carry restrict=on")
        spec = f"{kind},id={nid}" + (f",{rest}" if rest else "")
    return nid, spec


def serial_args(serial):
    """The serial console on this terminal: "stdio", or "mon:stdio" with QEMU's monitor multiplexed (Ctrl-A c).
    signal=off: Ctrl-C goes to Krait (it interrupts the foreground process) instead of killing QEMU.
    Anything else is passed to -serial as it is."""
    if serial == "stdio":
        return ["-chardev", "stdio,id=console,signal=off", "-serial", "chardev:console"]
    if serial == "mon:stdio":
        return ["-chardev", "stdio,id=console,mux=on,signal=off", "-serial", "chardev:console",
                "-mon", "chardev=console,mode=readline"]
    return ["-serial", serial]


def command(*, iso=False, mem="128M", nics=(("e1000", "user"),), append="", pcap=None, kvm=False,
            serial="stdio", hostfwd=(), image=None, extra=()):
    """nics: [(model, backend)] or [(model, backend, "prop=value,...")]; see netdev_args for backends."""
    cmd = [qemu_binary(), "-nodefaults", "-no-reboot", "-display", "none", "-m", str(mem)]
    cmd += serial_args(serial) + ["-device", DEBUG_EXIT]
    cmd += ["-accel", "kvm", "-cpu", "host"] if kvm else ["-accel", "tcg"]
    if iso:
        cmd += ["-cdrom", str(image or ISO), "-boot", "d"]
    else:
        cmd += ["-kernel", str(image or ELF)]
        if append:
            cmd += ["-append", append]
    for i, nic in enumerate(nics):
        model, backend = nic[0], nic[1]
        props = nic[2] if len(nic) > 2 else ""
        if model not in NIC_MODELS:
            raise ValueError(f"unknown NIC model {model!r} (known: {', '.join(NIC_MODELS)})")
        nid, spec = netdev_args(i, backend, hostfwd if i == 0 else ())
        # romfile= skips the iPXE option ROM: nothing boots from the network.
        device = f"{model},romfile=" + (f",{props}" if props else "")
        if spec:
            cmd += ["-netdev", spec]
            device += f",netdev={nid}"
            if pcap:
                dump = pcap if len(nics) == 1 else f"{pcap}.{nid}"
                cmd += ["-object", f"filter-dump,id=dump{i},netdev={nid},file={dump}"]
        cmd += ["-device", device]
    return cmd + list(extra)


def nics_for(choice, backend):
    """--nic e1000|rtl8139|both|none with one backend for every NIC."""
    models = {"e1000": ["e1000"], "rtl8139": ["rtl8139"], "both": ["e1000", "rtl8139"], "none": []}[choice]
    if backend.startswith("tap:") and len(models) > 1:
        return [(m, f"{backend}{i}" if i else backend) for i, m in enumerate(models)]
    return [(m, backend) for m in models]


class Qmp:
    """QEMU's machine protocol on a unix socket (`-qmp unix:PATH,server=on,wait=off`): commands, each answered
    before the next (the human monitor's, through human-monitor-command)."""

    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while not os.path.exists(path):
            if time.monotonic() > deadline:
                raise RuntimeError(f"QEMU opened no QMP socket at {path}")
            time.sleep(0.05)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.lines = self.sock.makefile("r")
        self.reply()                            # the greeting
        self.execute("qmp_capabilities")

    def reply(self):
        while True:
            line = self.lines.readline()
            if not line:
                raise RuntimeError("QMP connection closed")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def execute(self, command, arguments=None):
        request = {"execute": command}
        if arguments:
            request["arguments"] = arguments
        self.sock.sendall(json.dumps(request).encode() + b"\n")
        msg = self.reply()
        if "error" in msg:
            raise RuntimeError(f"QMP {command}: {msg['error']}")
        return msg.get("return")

    def human(self, command_line):
        """A human-monitor command ("log exec", "logfile PATH"); returns what it printed."""
        return self.execute("human-monitor-command", {"command-line": command_line})

    def close(self):
        self.sock.close()
