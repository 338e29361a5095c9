# A hashed timer wheel: schedule, cancel, and fire callbacks as ticks advance.
class TimerWheel:
    def __init__(self, slots):
        self.slots = [[] for _ in range(slots)]
        self.now = 0
        self.next_id = 1
        self.cancelled = set()

    def schedule(self, delay, callback, *args):
        timer_id = self.next_id
        self.next_id += 1
        expires = self.now + delay
        self.slots[expires % len(self.slots)].append((expires, timer_id, callback, args))
        return timer_id

    def cancel(self, timer_id):
        self.cancelled.add(timer_id)

    def tick(self):
        self.now += 1
        slot = self.slots[self.now % len(self.slots)]
        due = [t for t in slot if t[0] <= self.now]
        slot[:] = [t for t in slot if t[0] > self.now]
        fired = 0
        for expires, timer_id, callback, args in sorted(due, key=lambda t: t[1]):
            if timer_id in self.cancelled:
                self.cancelled.discard(timer_id)
                continue
            callback(self.now, *args)
            fired += 1
        return fired


log = []


def retransmit(now, seq, wheel):
    log.append(f"t={now} retransmit seq={seq}")
    if seq < 3:
        wheel.schedule(seq * 2, retransmit, seq + 1, wheel)


def keepalive(now, name):
    log.append(f"t={now} keepalive {name}")


wheel = TimerWheel(4)
wheel.schedule(1, retransmit, 1, wheel)
t_keep = wheel.schedule(6, keepalive, "conn-a")
wheel.schedule(9, keepalive, "conn-b")
t_cancel = wheel.schedule(2, keepalive, "cancelled")
wheel.cancel(t_cancel)
fired = [wheel.tick() for _ in range(12)]
print(fired)
for line in log:
    print(line)
print(wheel.now, [len(s) for s in wheel.slots], sorted(wheel.cancelled), t_keep)
