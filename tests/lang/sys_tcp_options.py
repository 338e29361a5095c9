# Parse and build TCP options (MSS, window scale, SACK permitted, timestamps) with bounds checks.
import struct

KIND_NAMES = {0: "EOL", 1: "NOP", 2: "MSS", 3: "WSCALE", 4: "SACK_OK", 8: "TS"}


def parse_options(raw):
    opts = []
    i = 0
    while i < len(raw):
        kind = raw[i]
        if kind == 0:
            opts.append(("EOL",))
            break
        if kind == 1:
            opts.append(("NOP",))
            i += 1
            continue
        if i + 1 >= len(raw):
            return opts + [("malformed", "no length")]
        length = raw[i + 1]
        if length < 2 or i + length > len(raw):
            return opts + [("malformed", f"bad length {length}")]
        body = raw[i + 2:i + length]
        name = KIND_NAMES.get(kind, f"kind{kind}")
        if kind == 2 and length == 4:
            opts.append((name, struct.unpack("!H", body)[0]))
        elif kind == 3 and length == 3:
            opts.append((name, body[0]))
        elif kind == 8 and length == 10:
            opts.append((name,) + struct.unpack("!II", body))
        else:
            opts.append((name, body.hex()))
        i += length
    return opts


def build_syn_options(mss, wscale, ts):
    raw = struct.pack("!BBH", 2, 4, mss) + b"\x04\x02" + struct.pack("!BBII", 8, 10, ts, 0)
    raw += b"\x01" + struct.pack("!BBB", 3, 3, wscale)
    raw += b"\x00" * (-len(raw) % 4)
    return raw


syn = build_syn_options(1460, 7, 123456)
print(syn.hex(), len(syn), len(syn) % 4)
print(parse_options(syn))
for raw in (b"\x01\x01\x00", b"\x02\x04\x05", b"\x02\x01", b"\x02", b"\x05\x0a" + bytes(8), b"\x1e\x03\xaa\x01",
            b""):
    print(raw.hex() or "(empty)", parse_options(raw))
header = struct.pack("!HHIIBBHHH", 1024, 80, 1, 0, ((20 + len(syn)) // 4) << 4, 0x02, 65535, 0, 0) + syn
offset = (header[12] >> 4) * 4
print(offset, parse_options(header[20:offset])[0])
