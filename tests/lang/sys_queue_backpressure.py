# A bounded transmit queue with backpressure, drops, and a drain loop with a byte budget.
class TxQueue:
    def __init__(self, max_packets, max_bytes):
        self.max_packets = max_packets
        self.max_bytes = max_bytes
        self.items = []
        self.bytes = 0
        self.dropped = 0
        self.stopped = False

    def enqueue(self, pkt):
        if len(self.items) >= self.max_packets or self.bytes + len(pkt) > self.max_bytes:
            self.dropped += 1
            self.stopped = True
            return False
        self.items.append(pkt)
        self.bytes += len(pkt)
        return True

    def drain(self, budget):
        sent = []
        while self.items and len(self.items[0]) <= budget:
            pkt = self.items.pop(0)
            budget -= len(pkt)
            self.bytes -= len(pkt)
            sent.append(len(pkt))
        if self.stopped and len(self.items) < self.max_packets // 2:
            self.stopped = False
        return sent


q = TxQueue(max_packets=4, max_bytes=3000)
sizes = [1500, 60, 1500, 40, 900, 64, 1500, 20]
for i, size in enumerate(sizes):
    ok = q.enqueue(bytes(size))
    print(i, size, "queued" if ok else "dropped", len(q.items), q.bytes, q.stopped)
for budget in (1000, 1600, 100, 5000):
    print("drain", budget, q.drain(budget), len(q.items), q.bytes, q.stopped)
print(q.enqueue(b"x" * 10), q.dropped, q.items[0][:3] if q.items else None)
