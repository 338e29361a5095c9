# A soft-IRQ style event queue: handlers registered per vector, deferred work, priorities.
class EventLoop:
    def __init__(self):
        self.handlers = {}
        self.queue = []
        self.seq = 0
        self.log = []

    def register(self, vector, handler, priority=10):
        self.handlers.setdefault(vector, []).append((priority, handler))
        self.handlers[vector].sort(key=lambda ph: ph[0])

    def raise_irq(self, vector, data=None):
        self.seq += 1
        self.queue.append((vector, self.seq, data))

    def run(self, budget):
        processed = 0
        while self.queue and processed < budget:
            vector, seq, data = self.queue.pop(0)
            handlers = self.handlers.get(vector)
            if not handlers:
                self.log.append(f"spurious irq {vector}")
            for prio, handler in handlers or ():
                try:
                    result = handler(self, data)
                except Exception as e:
                    result = f"handler failed: {type(e).__name__}: {e}"
                self.log.append(f"irq{vector}#{seq} p{prio}: {result}")
            processed += 1
        return processed


def nic_rx(loop, frame):
    if frame == b"":
        raise ValueError("empty frame")
    loop.raise_irq(99, len(frame))
    return f"rx {frame!r}"


def stats(loop, length):
    return f"counted {length} bytes"


def timer(loop, tick):
    return f"tick {tick}"


loop = EventLoop()
loop.register(11, nic_rx)
loop.register(11, lambda l, d: "audit first", priority=1)
loop.register(99, stats)
loop.register(0, timer)
for i, frame in enumerate((b"abc", b"", b"hello")):
    loop.raise_irq(11, frame)
    loop.raise_irq(0, i)
loop.raise_irq(7)
print(loop.run(4), len(loop.queue))
print(loop.run(100), len(loop.queue))
for line in loop.log:
    print(line)
