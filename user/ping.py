"""ping: ICMP echo through a ping socket (SOCK_DGRAM + IPPROTO_ICMP, as on Linux).

usage: ping.py [-c COUNT] [-i INTERVAL] [-s SIZE] [-W TIMEOUT] HOST
Prints a line per reply and iputils' summary; exit status 0 when any reply came,
1 when none did, 2 on errors.
"""
import select
import socket
import struct
import sys
import time

USAGE = "usage: ping.py [-c COUNT] [-i INTERVAL] [-s SIZE] [-W TIMEOUT] HOST"
ECHO_REQUEST = 8
ECHO_REPLY = 0


def checksum(data):
    """RFC 1071 over bytes."""
    if len(data) % 2:
        data = data + b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def echo_request(seq, payload):
    head = struct.pack("!BBHHH", ECHO_REQUEST, 0, 0, 0, seq)
    return struct.pack("!BBHHH", ECHO_REQUEST, 0, checksum(head + payload), 0, seq) + payload


def parse_args(args):
    opts = {"count": 4, "interval": 1.0, "size": 56, "wait": 2.0}
    host = None
    i = 0
    names = {"-c": ("count", int), "-i": ("interval", float), "-s": ("size", int), "-W": ("wait", float)}
    while i < len(args):
        a = args[i]
        if a in names:
            if i + 1 >= len(args):
                raise ValueError(f"{a} needs a value")
            key, kind = names[a]
            opts[key] = kind(args[i + 1])
            if opts[key] < 0:
                raise ValueError(f"{a} must not be negative")
            i += 2
        elif a.startswith("-") or host is not None:
            raise ValueError(USAGE)
        else:
            host = a
            i += 1
    if host is None:
        raise ValueError(USAGE)
    if opts["size"] > 65507:
        raise ValueError("-s: at most 65507 bytes")
    return host, opts


def ms(seconds):
    return f"{seconds * 1000:.3f}"


def summary(host, sent, received, errors, elapsed, rtts):
    loss = 0 if sent == 0 else (sent - received) * 100 // sent
    extra = f", +{errors} errors" if errors else ""
    lines = [f"--- {host} ping statistics ---",
             f"{sent} packets transmitted, {received} received{extra}, {loss}% packet loss, "
             f"time {int(elapsed * 1000)}ms"]
    if rtts:
        avg = sum(rtts) / len(rtts)
        mdev = (sum((r - avg) * (r - avg) for r in rtts) / len(rtts)) ** 0.5
        lines.append(f"rtt min/avg/max/mdev = {ms(min(rtts))}/{ms(avg)}/{ms(max(rtts))}/{ms(mdev)} ms")
    return "\n".join(lines)


def run(host, opts):
    address = socket.gethostbyname(host)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
    size = opts["size"]
    payload = bytes((i + 8) & 0xFF for i in range(size))
    print(f"PING {host} ({address}) {size}({size + 28}) bytes of data.")
    sent_at = {}
    rtts = []
    sent = received = errors = 0
    start = time.monotonic()
    try:
        for seq in range(1, opts["count"] + 1):
            if seq > 1:
                time.sleep(opts["interval"])
            sent_at[seq] = time.monotonic()
            try:
                sock.sendto(echo_request(seq, payload), (address, 0))
            except OSError as e:
                errors += 1
                print(f"ping: sendmsg: {e.strerror}")
                continue
            sent += 1
            got = wait_reply(sock, seq, sent_at, opts["wait"])
            if got is None:
                continue
            if isinstance(got, str):
                errors += 1
                print(f"From {address} icmp_seq={seq} {got}")
                continue
            rseq, rtt, nbytes = got
            received += 1
            rtts.append(rtt)
            print(f"{nbytes} bytes from {address}: icmp_seq={rseq} time={ms(rtt)} ms")
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    print(summary(host, sent, received, errors, time.monotonic() - start, rtts))
    return 0 if received else 1


def wait_reply(sock, seq, sent_at, wait):
    """(seq, rtt seconds, bytes) of the reply to seq; an error text; or None after `wait` seconds."""
    deadline = sent_at[seq] + wait
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        readable, _, _ = select.select([sock], [], [], left)
        if not readable:
            return None
        try:
            data, _ = sock.recvfrom(65536)
        except OSError as e:
            return e.strerror
        now = time.monotonic()
        if len(data) < 8 or data[0] != ECHO_REPLY:
            continue
        rseq = struct.unpack_from("!H", data, 6)[0]
        if rseq in sent_at:
            rtt = now - sent_at.pop(rseq)
            if rseq == seq:
                return rseq, rtt, len(data)


def main(argv):
    try:
        host, opts = parse_args(argv[1:])
    except ValueError as e:
        print(f"ping: {e}")
        return 2
    try:
        return run(host, opts)
    except OSError as e:
        print(f"ping: {e.strerror or e}")
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
