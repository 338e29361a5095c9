# bytes and bytearray work: indexing, slicing, joining, hex, find.
buf = bytearray(4096)
for i in range(4096):
    buf[i] = (i * 31) & 0xFF
total = 0
for rounds in range(1000):
    for i in range(0, 4096, 4):
        total += buf[i] ^ buf[i + 1]
    data = bytes(buf)
    total += data.count(b"\x1f") + data.find(b"\xff\x1e")
chunks = [bytes([i & 0xFF]) * 16 for i in range(2000)]
joined = b"".join(chunks)
print(total, len(joined), joined[1000:1004].hex())
