"""ping: ICMP echo through a ping socket (SOCK_DGRAM + IPPROTO_ICMP), with the options and output of Linux's
iputils ping.

usage: ping [-c COUNT] [-s SIZE] [-i INTERVAL] [-W TIMEOUT] [-t TTL] HOST
Each reply prints its size, sequence number, TTL (IP_RECVTTL) and round trip; ICMP errors about our requests
(IP_RECVERR, read from the error queue) print as "From ADDRESS icmp_seq=N <reason>". Ctrl-C ends it early with
the summary. Exit status: 0 when a reply came, 1 when none did, 2 on bad usage or a failed send.
"""
import select
import socket
import struct
import sys
import time

USAGE = "usage: ping [-c COUNT] [-s SIZE] [-i INTERVAL] [-W TIMEOUT] [-t TTL] HOST"
ECHO_REQUEST = 8
ECHO_REPLY = 0
DEFAULT_TTL = 64

# ICMP (type, code) -> iputils' wording
ERROR_TEXT = {
    (3, 0): "Destination Net Unreachable",
    (3, 1): "Destination Host Unreachable",
    (3, 2): "Destination Protocol Unreachable",
    (3, 3): "Destination Port Unreachable",
    (3, 4): "Frag needed and DF set",
    (11, 0): "Time to live exceeded",
    (11, 1): "Frag reassembly time exceeded",
}


def parse_args(words):
    """iputils-style options -> dict; ValueError with iputils' message when bad."""
    opts = {"count": None, "size": 56, "interval": 1.0, "timeout": 10.0, "ttl": DEFAULT_TTL, "host": None}
    i = 0
    while i < len(words):
        word = words[i]
        if word in ("-c", "-s", "-i", "-W", "-t"):
            if i + 1 >= len(words):
                raise ValueError(f"option requires an argument -- '{word[1]}'")
            value = words[i + 1]
            if word == "-c":
                opts["count"] = int(value)
                if opts["count"] <= 0:
                    raise ValueError("bad number of packets to transmit")
            elif word == "-s":
                opts["size"] = int(value)
                if not 0 <= opts["size"] <= 65507:
                    raise ValueError("invalid packet size")
            elif word == "-i":
                opts["interval"] = float(value)
                if opts["interval"] < 0.002:
                    raise ValueError("bad timing interval")
            elif word == "-W":
                opts["timeout"] = float(value)
            else:
                opts["ttl"] = int(value)
                if not 1 <= opts["ttl"] <= 255:
                    raise ValueError("ttl out of range")
            i += 2
        elif word.startswith("-"):
            raise ValueError(f"invalid option -- '{word[1:]}'")
        else:
            if opts["host"] is not None:
                raise ValueError("one host only")
            opts["host"] = word
            i += 1
    if opts["host"] is None:
        raise ValueError("destination address required")
    return opts


def format_rtt(ms):
    """Like iputils: three decimals under 1 ms, fewer as the time grows."""
    if ms >= 100:
        return f"{int(ms)}"
    if ms >= 10:
        return f"{ms:.1f}"
    if ms >= 1:
        return f"{ms:.2f}"
    return f"{ms:.3f}"


def summary(host, sent, received, errors, elapsed_ms, rtts):
    lines = [f"--- {host} ping statistics ---"]
    loss = (sent - received) * 100 / sent if sent else 0
    extra = f", +{errors} errors" if errors else ""
    lines.append(f"{sent} packets transmitted, {received} received{extra}, {loss:g}% packet loss, "
                 f"time {elapsed_ms}ms")
    if rtts:
        n = len(rtts)
        avg = sum(rtts) / n
        mdev = max(0.0, sum(r * r for r in rtts) / n - avg * avg) ** 0.5
        lines.append(f"rtt min/avg/max/mdev = {min(rtts):.3f}/{avg:.3f}/{max(rtts):.3f}/{mdev:.3f} ms")
    return "\n".join(lines)


def echo_request(seq, payload):
    # The kernel fills in the identifier and the checksum of a ping socket's requests.
    return struct.pack("!BBHHH", ECHO_REQUEST, 0, 0, 0, seq & 0xFFFF) + payload


class Pinger:
    def __init__(self, host, address, opts):
        self.host, self.address, self.opts = host, address, opts
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, opts["ttl"])
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_RECVTTL, 1)
        self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_RECVERR, 1)
        self.poller = select.poll()
        self.poller.register(self.sock, select.POLLIN | select.POLLERR)
        self.payload = bytes(i & 0xFF for i in range(opts["size"]))
        self.sent_at = {}
        self.sent = self.received = self.errors = 0
        self.rtts = []

    def send(self):
        self.sent += 1
        seq = self.sent
        self.sent_at[seq & 0xFFFF] = time.monotonic()
        try:
            self.sock.sendto(echo_request(seq, self.payload), (self.address, 0))
        except OSError as e:
            print(f"ping: sendmsg: {e.strerror}")
            self.errors += 1

    def answered(self):
        return self.received + self.errors >= self.sent

    def wait(self, seconds):
        """Reports what arrives for up to `seconds`, or until every request is answered."""
        deadline = time.monotonic() + seconds
        while not self.answered():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            for _, events in self.poller.poll(int(left * 1000) + 1):
                if events & select.POLLERR:
                    self.read_error()
                if events & select.POLLIN:
                    self.read_reply()

    def read_reply(self):
        try:
            data, ancdata, _, source = self.sock.recvmsg(65536, 64)
        except BlockingIOError:
            return
        if len(data) < 8 or data[0] != ECHO_REPLY:
            return
        seq = struct.unpack_from("!H", data, 6)[0]
        sent_at = self.sent_at.pop(seq, None)
        if sent_at is None:
            return                          # a duplicate or a reply to a request we gave up on
        rtt = (time.monotonic() - sent_at) * 1000
        ttl = None
        for level, kind, value in ancdata:
            if level == socket.IPPROTO_IP and kind == socket.IP_TTL:
                ttl = struct.unpack("=i", value[:4])[0]
        self.received += 1
        self.rtts.append(rtt)
        ttl_text = f" ttl={ttl}" if ttl is not None else ""
        print(f"{len(data)} bytes from {source[0]}: icmp_seq={seq}{ttl_text} time={format_rtt(rtt)} ms")

    def read_error(self):
        try:
            data, ancdata, _, _ = self.sock.recvmsg(65536, 512, socket.MSG_ERRQUEUE)
        except BlockingIOError:
            return
        for level, kind, value in ancdata:
            if level != socket.IPPROTO_IP or kind != socket.IP_RECVERR or len(value) < 24:
                continue
            icmp_type, icmp_code = value[5], value[6]
            reporter = socket.inet_ntoa(value[20:24])
            seq = struct.unpack_from("!H", data, 6)[0] if len(data) >= 8 else 0
            self.sent_at.pop(seq, None)
            self.errors += 1
            text = ERROR_TEXT.get((icmp_type, icmp_code), f"Bad ICMP type {icmp_type} code {icmp_code}")
            print(f"From {reporter} icmp_seq={seq} {text}")

    def run(self):
        opts = self.opts
        size = opts["size"]
        print(f"PING {self.host} ({self.address}) {size}({size + 28}) bytes of data.")
        started = time.monotonic()
        try:
            while opts["count"] is None or self.sent < opts["count"]:
                sent_at = time.monotonic()
                self.send()
                if opts["count"] is not None and self.sent >= opts["count"]:
                    self.wait(opts["timeout"])
                    break
                self.wait(opts["interval"])
                # A reply that came early still leaves the interval between requests.
                left = sent_at + opts["interval"] - time.monotonic()
                if left > 0:
                    time.sleep(left)
        except KeyboardInterrupt:
            pass
        finally:
            self.sock.close()
        elapsed_ms = int((time.monotonic() - started) * 1000)
        print()
        print(summary(self.host, self.sent, self.received, self.errors, elapsed_ms, self.rtts))
        return 0 if self.received else 1


def resolve(host):
    if host == "localhost":
        return "127.0.0.1"
    socket.inet_aton(host)                  # OSError for anything but a dotted quad
    return host


def main(argv):
    try:
        opts = parse_args(argv[1:])
    except ValueError as e:
        print(f"ping: {e}")
        print(USAGE)
        return 2
    try:
        address = resolve(opts["host"])
    except OSError:
        print(f"ping: {opts['host']}: Name or service not known")
        return 2
    return Pinger(opts["host"], address, opts).run()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
