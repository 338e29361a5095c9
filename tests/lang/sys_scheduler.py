# A cooperative round-robin scheduler over generator tasks with sleeping and completion values.
class Scheduler:
    def __init__(self):
        self.ready = []
        self.sleeping = []
        self.now = 0
        self.results = {}

    def spawn(self, name, gen):
        self.ready.append((name, gen))

    def run(self):
        while self.ready or self.sleeping:
            if not self.ready:
                self.now = min(t for t, _, _ in self.sleeping)
            woken = [(n, g) for t, n, g in self.sleeping if t <= self.now]
            self.sleeping = [s for s in self.sleeping if s[0] > self.now]
            self.ready.extend(woken)
            name, gen = self.ready.pop(0)
            try:
                request = next(gen)
            except StopIteration as stop:
                self.results[name] = stop.value
                print(f"t={self.now} {name} finished -> {stop.value}")
                continue
            if request and request[0] == "sleep":
                self.sleeping.append((self.now + request[1], name, gen))
            else:
                self.ready.append((name, gen))
            self.now += 1


def worker(name, steps, nap):
    total = 0
    for i in range(steps):
        print(f"  {name} step {i}")
        total += i
        yield ("sleep", nap) if nap else None
    return total


def pinger(count):
    for i in range(count):
        print(f"  ping {i}")
        yield ("sleep", 3)
    return "pinged"


s = Scheduler()
s.spawn("A", worker("A", 3, 0))
s.spawn("B", worker("B", 2, 2))
s.spawn("P", pinger(2))
s.run()
print(s.results, s.now)
