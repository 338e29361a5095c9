# DNS name encoding/decoding with length-prefixed labels and compression pointers.
import struct


def encode_name(name):
    out = bytearray()
    for label in name.rstrip(".").split("."):
        raw = label.encode("ascii")
        if not 0 < len(raw) < 64:
            raise ValueError(f"bad label {label!r}")
        out.append(len(raw))
        out += raw
    out.append(0)
    return bytes(out)


def decode_name(msg, offset):
    labels = []
    jumps = 0
    end = None
    while True:
        if offset >= len(msg):
            raise ValueError("name runs past end")
        length = msg[offset]
        if length & 0xC0 == 0xC0:
            if jumps > 5:
                raise ValueError("pointer loop")
            pointer = struct.unpack_from("!H", msg, offset)[0] & 0x3FFF
            if end is None:
                end = offset + 2
            offset = pointer
            jumps += 1
            continue
        if length == 0:
            return ".".join(labels), (end if end is not None else offset + 1)
        labels.append(msg[offset + 1:offset + 1 + length].decode("ascii"))
        offset += 1 + length


header = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
question = encode_name("www.example.org") + struct.pack("!HH", 1, 1)
msg = header + question
print(msg.hex())
name, end = decode_name(msg, 12)
print(name, end, struct.unpack_from("!HH", msg, end))
answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 300, 4) + bytes([93, 184, 216, 34])
alias = encode_name("cdn")[:-1] + b"\xc0\x10"
full = msg + answer + alias
print(decode_name(full, len(msg)), decode_name(full, len(msg) + len(answer)))
rtype, rclass, ttl, rdlen = struct.unpack_from("!HHIH", full, len(msg) + 2)
print(rtype, rclass, ttl, rdlen, ".".join(map(str, full[len(msg) + 12:len(msg) + 16])))
for bad in ("a..b", "x" * 64 + ".com"):
    try:
        encode_name(bad)
    except ValueError as e:
        print(type(e).__name__, str(e)[:30])
loop = b"\xc0\x00"
for data in (loop, b"\x05abc"):
    try:
        decode_name(data, 0)
    except (ValueError, IndexError) as e:
        print(type(e).__name__, e)
print(encode_name("localhost."), decode_name(encode_name("a.b.c"), 0))
