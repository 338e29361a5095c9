"""The fault relay: forwards Ethernet frames between QEMU's `-netdev dgram` socket and a tap inside a test
namespace, dropping, duplicating and reordering them with a fixed seed.

    relay = FaultRelay(ns, drop=0.05, duplicate=0.02, reorder=0.05, seed=7)   # starts the relay process
    k = boot(nics=[("e1000", relay.netdev())], ...)                           # QEMU on its dgram socket
    ns.configure(relay.tap, "10.7.0.1/24")
    ...
    print(relay.stop())          # {"forwarded": .., "dropped": .., "duplicated": .., "reordered": ..}

The relay is a process of its own (`python3 relay.py ...`), so the test's traffic does not share an interpreter
with it. It binds its UDP socket on 127.0.0.1 in the root namespace (where QEMU runs), then enters the test
namespace (setns) and creates the tap there, so Linux's side of the link is inside the namespace only.

Faults, decided per frame by a random.Random seeded from `seed` for each direction:
  drop       the frame is not forwarded
  duplicate  the frame is forwarded twice
  reorder    the frame is held back and forwarded after the next 1 to 3 frames of its direction (or after
             HOLD_MS without another frame)
"""
import argparse
import ctypes
import fcntl
import json
import os
import random
import select
import signal
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000
HOLD_MS = 20
MAX_FRAME = 65536


def enter_namespace(name):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/var/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, f"setns {name}: {os.strerror(err)}")
    finally:
        os.close(fd)


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    os.set_blocking(fd, False)
    return fd


class Direction:
    """One way through the relay, with its held-back frames."""

    def __init__(self, name, deliver, rng, drop, duplicate, reorder):
        self.name = name
        self.deliver = deliver
        self.rng = rng
        self.drop = drop
        self.duplicate = duplicate
        self.reorder = reorder
        self.held = []              # [frames still to pass, deadline, frame]
        self.counts = {"frames": 0, "forwarded": 0, "dropped": 0, "duplicated": 0, "reordered": 0}

    def _send(self, frame):
        try:
            self.deliver(frame)
            self.counts["forwarded"] += 1
        except OSError:
            self.counts.setdefault("send_errors", 0)
            self.counts["send_errors"] += 1

    def frame(self, frame):
        self.counts["frames"] += 1
        r = self.rng.random()
        if r < self.drop:
            self.counts["dropped"] += 1
        elif r < self.drop + self.reorder:
            self.counts["reordered"] += 1
            self.held.append([self.rng.randint(1, 3), time.monotonic() + HOLD_MS / 1000, frame])
            return
        else:
            self._send(frame)
            if self.rng.random() < self.duplicate:
                self.counts["duplicated"] += 1
                self._send(frame)
        self._pass_one()

    def _pass_one(self):
        """A frame went by: held frames whose count reaches zero follow it."""
        keep = []
        for entry in self.held:
            entry[0] -= 1
            if entry[0] <= 0:
                self._send(entry[2])
            else:
                keep.append(entry)
        self.held = keep

    def flush_due(self, now):
        keep = []
        for entry in self.held:
            if entry[1] <= now:
                self._send(entry[2])
            else:
                keep.append(entry)
        self.held = keep

    def next_deadline(self):
        return min((e[1] for e in self.held), default=None)


def run(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    sock.bind(("127.0.0.1", args.port))
    sock.setblocking(False)
    qemu = ("127.0.0.1", args.qemu_port)
    enter_namespace(args.netns)
    tap = open_tap(args.tap)
    # One generator per direction: its decisions depend only on the frames of that direction.
    to_tap = Direction("to_tap", lambda f: os.write(tap, f), random.Random(args.seed * 2),
                       args.drop, args.duplicate, args.reorder)
    to_qemu = Direction("to_qemu", lambda f: sock.sendto(f, qemu), random.Random(args.seed * 2 + 1),
                        args.drop, args.duplicate, args.reorder)
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    signal.signal(signal.SIGINT, lambda *a: stop.append(1))
    print(json.dumps({"ready": True, "port": sock.getsockname()[1], "tap": args.tap}), flush=True)
    while not stop:
        deadlines = [d for d in (to_tap.next_deadline(), to_qemu.next_deadline()) if d is not None]
        timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else 0.5
        try:
            readable, _, _ = select.select([sock, tap], [], [], timeout)
        except InterruptedError:
            continue
        if sock in readable:
            for _ in range(64):
                try:
                    to_tap.frame(sock.recv(MAX_FRAME))
                except BlockingIOError:
                    break
        if tap in readable:
            for _ in range(64):
                try:
                    to_qemu.frame(os.read(tap, MAX_FRAME))
                except BlockingIOError:
                    break
        now = time.monotonic()
        to_tap.flush_due(now)
        to_qemu.flush_due(now)
    print(json.dumps({"to_tap": to_tap.counts, "to_qemu": to_qemu.counts}), flush=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--netns", required=True)
    ap.add_argument("--tap", required=True)
    ap.add_argument("--port", type=int, required=True, help="our UDP port on 127.0.0.1 (QEMU's remote.port)")
    ap.add_argument("--qemu-port", type=int, required=True, help="QEMU's local.port")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--drop", type=float, default=0.0)
    ap.add_argument("--duplicate", type=float, default=0.0)
    ap.add_argument("--reorder", type=float, default=0.0)
    run(ap.parse_args(argv))


def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class FaultRelay:
    """Starts relay.py as a process for a Namespace (tests/netns.py); stop() ends it and returns its counts."""

    def __init__(self, ns, drop=0.05, duplicate=0.02, reorder=0.05, seed=1, tap="relay0"):
        self.ns = ns
        self.tap = tap
        self.port = free_udp_port()
        self.qemu_port = free_udp_port()
        cmd = [sys.executable, str(Path(__file__).resolve()), "--netns", ns.name, "--tap", tap,
               "--port", str(self.port), "--qemu-port", str(self.qemu_port), "--seed", str(seed),
               "--drop", str(drop), "--duplicate", str(duplicate), "--reorder", str(reorder)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                     text=True)
        line = self.proc.stdout.readline()
        if not line.startswith('{"ready"'):
            self.proc.kill()
            raise AssertionError(f"the relay did not start: {line}{self.proc.stderr.read()}")
        self.counts = None

    def netdev(self):
        """The `-netdev` backend for tests/harness.py: nics=[("e1000", relay.netdev())]."""
        return (f"dgram,local.type=inet,local.host=127.0.0.1,local.port={self.qemu_port},"
                f"remote.type=inet,remote.host=127.0.0.1,remote.port={self.port}")

    def stop(self):
        if self.counts is None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                out, _ = self.proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                out, _ = self.proc.communicate()
            lines = [line for line in out.splitlines() if line.startswith("{")]
            self.counts = json.loads(lines[-1]) if lines else {}
        elif self.proc.poll() is None:
            self.proc.kill()
        return self.counts


if __name__ == "__main__":
    main()
