# IPv4 fragment reassembly: out-of-order fragments, overlap detection, and completion checks.
class Reassembler:
    def __init__(self):
        self.pending = {}

    def add(self, key, offset, data, more):
        entry = self.pending.setdefault(key, {"frags": {}, "total": None})
        for off, existing in entry["frags"].items():
            if offset < off + len(existing) and off < offset + len(data) and off != offset:
                return f"overlap at {offset}"
        entry["frags"][offset] = data
        if not more:
            entry["total"] = offset + len(data)
        return self.try_complete(key)

    def try_complete(self, key):
        entry = self.pending[key]
        if entry["total"] is None:
            return "waiting for last"
        buf = bytearray(entry["total"])
        covered = 0
        for off in sorted(entry["frags"]):
            if off != covered:
                return f"hole at {covered}"
            data = entry["frags"][off]
            buf[off:off + len(data)] = data
            covered = off + len(data)
        del self.pending[key]
        return bytes(buf)


payload = bytes(range(65, 65 + 26)) * 2
frags = [(payload[i:i + 16], i, i + 16 < len(payload)) for i in range(0, len(payload), 16)]
r = Reassembler()
key = ("10.0.0.1", "10.0.0.2", 17, 0x1234)
for data, off, more in [frags[2], frags[0], frags[3], frags[1]]:
    print(off, more, r.add(key, off, data, more))
print(len(r.pending))
key2 = ("10.0.0.9", "10.0.0.2", 6, 7)
print(r.add(key2, 0, b"abcdefgh", True))
print(r.add(key2, 4, b"XXXX", True))
print(r.add(key2, 16, b"tail", False))
print(r.add(key2, 8, b"12345678", True))
print(len(r.pending))
