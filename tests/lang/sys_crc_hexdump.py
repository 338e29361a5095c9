# CRC-16/CCITT and CRC-32 computed bit by bit and via a table, plus a hexdump of the input.
def crc16_ccitt(data, crc=0xFFFF):
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def make_crc32_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if c & 1 else c >> 1
        table.append(c)
    return table


CRC32_TABLE = make_crc32_table()


def crc32(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc = CRC32_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


for msg in (b"", b"123456789", b"The quick brown fox jumps over the lazy dog", bytes(range(256))):
    print(len(msg), hex(crc16_ccitt(msg)), hex(crc32(msg)))
print([hex(x) for x in CRC32_TABLE[:4]], hex(CRC32_TABLE[255]))
frame = b"payload" + crc32(b"payload").to_bytes(4, "little")
print(crc32(frame[:-4]) == int.from_bytes(frame[-4:], "little"), hex(crc32(frame)))


def hexdump(data, width=8):
    lines = []
    for off in range(0, len(data), width):
        chunk = data[off:off + width]
        hexes = " ".join(f"{b:02x}" for b in chunk).ljust(width * 3 - 1)
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)
        lines.append(f"{off:04x}: {hexes} |{text}|")
    return lines


for line in hexdump(b"Krait\x00\x01\x02 kernel\n\xff\xfe!"):
    print(line)
