# bytearray as a stream reassembly buffer: append segments, consume lines and records.
class StreamBuffer:
    def __init__(self):
        self.buf = bytearray()

    def feed(self, data):
        self.buf += data

    def read_line(self):
        i = self.buf.find(b"\n")
        if i < 0:
            return None
        line = bytes(self.buf[:i])
        del self.buf[:i + 1]
        return line.rstrip(b"\r")

    def read_record(self):
        if len(self.buf) < 2:
            return None
        length = int.from_bytes(self.buf[:2], "big")
        if len(self.buf) < 2 + length:
            return None
        rec = bytes(self.buf[2:2 + length])
        del self.buf[:2 + length]
        return rec


s = StreamBuffer()
for chunk in (b"HEL", b"LO\r\nWOR", b"LD\n", b"partial", b" line\nrest"):
    s.feed(chunk)
    while True:
        line = s.read_line()
        if line is None:
            break
        print("line", line)
print("left", bytes(s.buf))
r = StreamBuffer()
payload = b"".join(len(p).to_bytes(2, "big") + p for p in (b"one", b"", b"three", b"x" * 10))
for i in range(0, len(payload), 4):
    r.feed(payload[i:i + 4])
    rec = r.read_record()
    while rec is not None:
        print("record", rec, len(r.buf))
        rec = r.read_record()
print("remaining", len(r.buf))
window = bytearray(b"0123456789")
window[:3] = b""
window[len(window):] = b"AB"
window[2:4] = window[6:8]
print(window, window.pop(), window.count(b"A"), window.index(b"9"))
