# Build an ICMP echo request, compute its checksum, craft the reply, and verify both.
import struct


def checksum(data):
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return ~total & 0xFFFF


def echo_request(ident, seq, payload):
    header = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    csum = checksum(header + payload)
    return struct.pack("!BBHHH", 8, 0, csum, ident, seq) + payload


def make_reply(request):
    if len(request) < 8:
        return None
    typ, code, csum, ident, seq = struct.unpack_from("!BBHHH", request)
    if typ != 8 or checksum(request) != 0:
        return None
    reply = bytearray(request)
    reply[0] = 0
    struct.pack_into("!H", reply, 2, 0)
    struct.pack_into("!H", reply, 2, checksum(bytes(reply)))
    return bytes(reply)


for seq in range(1, 4):
    req = echo_request(0x4B52, seq, b"krait-ping-" + bytes([48 + seq]) * 5)
    rep = make_reply(req)
    print(seq, req[:8].hex(), checksum(req), rep[:8].hex(), checksum(rep), rep[8:] == req[8:])
odd = echo_request(1, 1, b"odd")
print(len(odd), checksum(odd), make_reply(odd) is not None)
corrupt = bytearray(echo_request(1, 2, b"data"))
corrupt[-1] ^= 0xFF
print(make_reply(bytes(corrupt)), make_reply(b"\x08\x00"), make_reply(echo_request(1, 3, b"")[:0]))
not_request = bytearray(echo_request(9, 9, b"x"))
not_request[0] = 13
print(make_reply(bytes(not_request)))
print(checksum(b"\x00\x01\xf2\x03\xf4\xf5\xf6\xf7"), hex(checksum(b"\xff\xff")), hex(checksum(b"")))
