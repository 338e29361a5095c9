# memoryview for packet work: parse headers in place, write fields, hand out payload views.
frame = bytearray(64)
frame[0:6] = b"\xff" * 6
frame[6:12] = bytes([0x02, 0, 0, 0, 0, 1])
frame[12:14] = (0x0800).to_bytes(2, "big")
frame[14] = 0x45
frame[16:18] = (50).to_bytes(2, "big")
frame[22] = 64
frame[23] = 17
frame[26:30] = bytes([10, 0, 0, 1])
frame[30:34] = bytes([10, 0, 0, 2])
frame[34:42] = (1234).to_bytes(2, "big") + (53).to_bytes(2, "big") + (30).to_bytes(2, "big") + b"\x00\x00"
frame[42:64] = b"payload-bytes-here!!.."
view = memoryview(frame)
eth = view[:14]
ip = view[14:34]
udp = view[34:42]
payload = view[42:]
print(eth[:6].hex(), eth[6:12].hex(), int.from_bytes(eth[12:14], "big"))
print("version", ip[0] >> 4, "ihl", ip[0] & 15, "len", int.from_bytes(ip[2:4], "big"), "ttl", ip[8], "proto", ip[9])
print("src", ".".join(str(b) for b in ip[12:16]), "dst", ".".join(map(str, ip[16:20])))
print("ports", int.from_bytes(udp[0:2], "big"), int.from_bytes(udp[2:4], "big"))
print(bytes(payload), payload.nbytes)
ip[8] -= 1
print("ttl now", frame[22])
udp[6:8] = b"\xab\xcd"
print(frame[40:42].hex())
swap = bytes(ip[12:16])
ip[12:16] = ip[16:20]
ip[16:20] = swap
print(list(frame[26:34]))
words = [int.from_bytes(ip[i:i + 2], "big") for i in range(0, 20, 2)]
print(words)
segments = [payload[i:i + 8] for i in range(0, len(payload), 8)]
print([s.tobytes() for s in segments], [len(s) for s in segments])
payload[0:7] = b"PAYLOAD"
print(segments[0].tobytes(), frame[42:49])
print(view[12:14].tobytes() == b"\x08\x00", bytes(view[-2:]))
headroom = bytearray(20) + b"data"
hv = memoryview(headroom)
hv[12:20] = b"HDR:1234"
print(bytes(hv[12:]))
