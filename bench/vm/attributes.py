# Attribute reads and writes on instances and classes.
class Vec:
    scale = 3

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def step(self):
        self.x += self.y * Vec.scale
        self.y = (self.y + 1) & 1023


v = Vec(0, 1)
acc = 0
for i in range(1500000):
    v.step()
    acc += v.y
print(v.x, v.y, acc)
