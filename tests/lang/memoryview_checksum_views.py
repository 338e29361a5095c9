# Summing 16-bit words through memoryview slices of a frame, comparing with a copy-based version.
def words_sum_view(view):
    total = 0
    for i in range(0, len(view) - 1, 2):
        total += view[i] << 8 | view[i + 1]
    if len(view) % 2:
        total += view[len(view) - 1] << 8
    return total


def fold(total):
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


frame = bytearray((i * 37 + 11) & 0xFF for i in range(1514))
view = memoryview(frame)
ip = view[14:34]
payload = view[34:]
print(len(ip), len(payload), hex(fold(words_sum_view(ip))), hex(fold(words_sum_view(payload))))
print(fold(words_sum_view(ip)) == fold(words_sum_view(bytes(frame[14:34]))))
csum = fold(words_sum_view(ip[:10]) + words_sum_view(ip[12:]))
ip[10] = csum >> 8
ip[11] = csum & 0xFF
print(hex(csum), fold(words_sum_view(ip)), frame[24:26].hex())
parts = [payload[i:i + 366] for i in range(0, len(payload), 366)]
print([len(p) for p in parts], hex(fold(sum(words_sum_view(p) for p in parts[:-1]) + words_sum_view(parts[-1]))))
odd = view[1:8]
print(list(odd), words_sum_view(odd), hex(fold(words_sum_view(odd))))
print(words_sum_view(memoryview(b"")), fold(0), fold(0xFFFF), fold(0x1FFFE))
