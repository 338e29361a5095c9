# TCP-segment-sized (1460 B) bytearray copies and slices, as a transmit path does.
MSS = 1460
stream = bytearray(MSS * 64)
for i in range(len(stream)):
    stream[i] = i & 0xFF
out = bytearray(MSS + 54)
view = memoryview(stream)
total = 0
for r in range(2000):
    for off in range(0, len(stream), MSS):
        out[54:54 + MSS] = view[off:off + MSS]
        seg = out[54:]
        total += seg[0] + seg[-1] + len(seg)
print(total, bytes(out[54:58]).hex())
