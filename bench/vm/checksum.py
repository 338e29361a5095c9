# Internet checksum (RFC 1071) in pure Python over packet-sized buffers.
def inet_checksum(data):
    total = 0
    n = len(data)
    for i in range(0, n - 1, 2):
        total += (data[i] << 8) | data[i + 1]
    if n & 1:
        total += data[n - 1] << 8
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


packets = [bytes((i * 7 + j) & 0xFF for j in range(1500 - i)) for i in range(16)]
acc = 0
for r in range(150):
    for p in packets:
        acc ^= inet_checksum(p)
print(hex(acc))
