"""Raw Ethernet frames to and from a guest NIC over QEMU's `-netdev dgram`
(one frame per UDP datagram on 127.0.0.1, no FCS)."""
import socket
import struct
import time

LINKTEST_ETHERTYPE = 0x88B5
BROADCAST = b"\xff" * 6
HARNESS_MAC = bytes.fromhex("02000000aa01")


def linktest_payload(seq, size):
    """What the kernel's `linktest` sends and checks: a 4-byte sequence number, the 2-byte payload length,
    then (seq + i) & 0xFF."""
    body = bytearray(size)
    struct.pack_into("!IH", body, 0, seq, size)
    for i in range(6, size):
        body[i] = (seq + i) & 0xFF
    return bytes(body)


def linktest_frame(seq, size, dst=BROADCAST, src=HARNESS_MAC):
    return dst + src + struct.pack("!H", LINKTEST_ETHERTYPE) + linktest_payload(seq, size)


class FramePort:
    """One harness socket; netdev() is the matching QEMU backend spec."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        probe.bind(("127.0.0.1", 0))
        self.qemu_port = probe.getsockname()[1]
        probe.close()

    def netdev(self):
        return (f"dgram,local.type=inet,local.host=127.0.0.1,local.port={self.qemu_port},"
                f"remote.type=inet,remote.host=127.0.0.1,remote.port={self.port}")

    def send(self, frame):
        self.sock.sendto(frame, ("127.0.0.1", self.qemu_port))

    def send_paced(self, frames, batch=16, pause=0.004):
        for i, f in enumerate(frames):
            self.send(f)
            if i % batch == batch - 1:
                time.sleep(pause)

    def receive(self, count, timeout=30, ethertype=None):
        """Up to count frames (of one EtherType if given) within timeout seconds."""
        frames = []
        deadline = time.monotonic() + timeout
        while len(frames) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                break
            if ethertype is None or data[12:14] == struct.pack("!H", ethertype):
                frames.append(data)
        return frames

    def close(self):
        self.sock.close()
