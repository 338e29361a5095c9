# A class-heavy simulation: particles with inheritance, properties and dunders.
class Body:
    def __init__(self, x, v):
        self.x = x
        self.v = v

    def move(self):
        self.x += self.v

    @property
    def energy(self):
        return self.v * self.v


class Bouncer(Body):
    def move(self):
        super().move()
        if self.x < 0 or self.x > 1000:
            self.v = -self.v

    def __lt__(self, other):
        return self.x < other.x


bodies = [Bouncer(i * 3, (i % 7) - 3) for i in range(300)]
for step in range(4000):
    for b in bodies:
        b.move()
bodies.sort()
print(bodies[0].x, bodies[-1].x, sum(b.energy for b in bodies))
