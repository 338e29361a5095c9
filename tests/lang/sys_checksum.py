# The Internet checksum (RFC 1071) in pure Python, verified on an IPv4 header and odd lengths.
import struct


def inet_checksum(data):
    total = 0
    n = len(data)
    for i in range(0, n - 1, 2):
        total += (data[i] << 8) | data[i + 1]
    if n % 2:
        total += data[-1] << 8
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


header = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 0x73, 0, 0x4000, 64, 17, 0,
                               bytes([192, 168, 0, 1]), bytes([192, 168, 0, 199])))
csum = inet_checksum(header)
print(hex(csum))
struct.pack_into("!H", header, 10, csum)
print(header.hex(), inet_checksum(header))
for payload in (b"", b"\x01", b"\x01\x02", b"\x01\x02\x03", b"\xff" * 7, bytes(range(256)), b"\x00" * 100):
    c = inet_checksum(payload)
    print(len(payload), hex(c), inet_checksum(payload + (b"\x00" if len(payload) % 2 else b"") + c.to_bytes(2, "big")))
header[8] -= 1
print("after ttl change", hex(inet_checksum(header)))


def incremental_update(old_csum, old_word, new_word):
    total = (~old_csum & 0xFFFF) + (~old_word & 0xFFFF) + new_word
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


fresh = bytearray(header)
struct.pack_into("!H", fresh, 10, 0)
full = inet_checksum(fresh)
inc = incremental_update(csum, 0x4011, 0x3F11)
print(hex(full), hex(inc), full == inc)
pseudo = bytes([10, 0, 0, 1, 10, 0, 0, 2, 0, 17]) + struct.pack("!H", 12)
udp = struct.pack("!HHHH", 5000, 53, 12, 0) + b"abcd"
udp_csum = inet_checksum(pseudo + udp)
print(hex(udp_csum), inet_checksum(pseudo + udp[:6] + udp_csum.to_bytes(2, "big") + udp[8:]))
