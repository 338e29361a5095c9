"""Socket test script: a ping over a datagram ICMP socket (Linux's "ping socket").
t_sock_ping [HOST] [COUNT]: prints each reply's source, sequence and type, and whether its
data and checksum are right."""
import socket
import struct
import sys

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
count = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def checksum_ok(data):
    if len(data) % 2:
        data += b"\x00"
    total = 0
    for i in range(0, len(data), 2):
        total += (data[i] << 8) | data[i + 1]
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return total == 0xFFFF


s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, socket.IPPROTO_ICMP)
s.settimeout(3)
ident = s.getsockname()[1]
replies = 0
for seq in range(1, count + 1):
    payload = bytes((seq + i) & 255 for i in range(40))
    s.sendto(struct.pack("!BBHHH", 8, 0, 0, 0, seq) + payload, (host, 0))
    if seq == 1:
        ident = s.getsockname()[1]
    try:
        data, src = s.recvfrom(1024)
    except socket.timeout:
        print("ping: seq", seq, "timed out")
        continue
    kind, code, _, rident, rseq = struct.unpack("!BBHHH", data[:8])
    replies += 1
    print("ping: reply from", src[0], "port", src[1], "seq", rseq, "type", kind, "code", code,
          "data ok", data[8:] == payload, "checksum ok", checksum_ok(data), "ident ok", rident == ident)
print("ping:", count, "sent", replies, "received")
s.close()
