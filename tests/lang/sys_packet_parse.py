# Parse Ethernet/IPv4/UDP/TCP frames with struct and memoryview, validating every length first.
import struct


def build_frame(proto, payload, ihl=5):
    l4 = struct.pack("!HHHH", 1234, 53, 8 + len(payload), 0) if proto == 17 else \
        struct.pack("!HHIIBBHHH", 40000, 80, 1, 0, 5 << 4, 0x18, 1024, 0, 0)
    total = ihl * 4 + len(l4) + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, total, 7, 0, 64, proto, 0, b"\x0a\x00\x00\x01",
                     b"\x0a\x00\x00\x02") + b"\x01" * (ihl * 4 - 20)
    eth = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + struct.pack("!H", 0x0800)
    return eth + ip + l4 + payload


def parse(frame):
    view = memoryview(frame)
    if len(view) < 14:
        return "drop: short ethernet"
    ethertype, = struct.unpack_from("!H", view, 12)
    if ethertype != 0x0800:
        return f"drop: ethertype {ethertype:#06x}"
    ip = view[14:]
    if len(ip) < 20 or ip[0] >> 4 != 4:
        return "drop: bad ip"
    ihl = (ip[0] & 15) * 4
    total, = struct.unpack_from("!H", ip, 2)
    if ihl < 20 or total < ihl or total > len(ip):
        return "drop: bad ip lengths"
    proto = ip[9]
    src = ".".join(str(b) for b in ip[12:16])
    l4 = ip[ihl:total]
    if proto == 17 and len(l4) >= 8:
        sport, dport, ulen, _ = struct.unpack_from("!HHHH", l4)
        return f"udp {src}:{sport} -> :{dport} data={bytes(l4[8:ulen])!r}"
    if proto == 6 and len(l4) >= 20:
        sport, dport, seq, ack, off, flags = struct.unpack_from("!HHIIBB", l4)
        data = l4[(off >> 4) * 4:]
        return f"tcp {src}:{sport} -> :{dport} seq={seq} flags={flags:#x} data={bytes(data)!r}"
    return f"drop: proto {proto}"


frames = [build_frame(17, b"query"), build_frame(6, b"GET /"), build_frame(17, b"opts", ihl=6),
          build_frame(1, b"ping"), b"\x00" * 10, build_frame(17, b"x")[:30]]
arp = bytearray(build_frame(17, b""))
arp[12:14] = b"\x08\x06"
frames.append(bytes(arp))
bad_len = bytearray(build_frame(17, b"abc"))
struct.pack_into("!H", bad_len, 16, 200)
frames.append(bytes(bad_len))
for f in frames:
    print(len(f), parse(f))
