# Multi-MB buffers created and dropped: far more than the heap in total.
CHUNK = 2 * 1024 * 1024
checksum = 0
for i in range(220):
    buf = bytearray(CHUNK)
    buf[0] = i & 0xFF
    buf[-1] = (i * 7) & 0xFF
    view = memoryview(buf)
    checksum += view[0] + view[CHUNK - 1] + len(view[1024:4096])
    copy = bytes(buf[:65536])
    checksum += len(copy)
    del view, buf, copy  # drop the old buffer before the next one is allocated
    if i % 50 == 0:
        print("round", i, checksum)
blob = b"x" * 500000
for i in range(400):
    blob = blob[1:] + b"y"
print("tail", blob[-5:], len(blob))
print("checksum", checksum)
