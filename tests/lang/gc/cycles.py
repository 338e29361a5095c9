# Reference cycles of every kind, built and dropped in loops.
class Node:
    def __init__(self, value):
        self.value = value
        self.peer = None
        self.payload = [value] * 20


def make_list_cycle(i):
    a = [i]
    b = [a, i]
    a.append(b)
    return len(a) + len(b)


def make_object_cycle(i):
    x = Node(i)
    y = Node(i + 1)
    x.peer = y
    y.peer = x
    return x.peer.peer.value


def make_dict_cycle(i):
    d = {"i": i}
    d["self"] = d
    return d["self"]["self"]["i"]


def make_closure_cycle(i):
    def inner():
        return inner, i
    return inner()[1]


total = 0
for i in range(60000):
    total += make_list_cycle(i) + make_object_cycle(i) + make_dict_cycle(i) + make_closure_cycle(i)
    if i % 20000 == 0:
        print(i, total)
ring = [Node(k) for k in range(1000)]
for k in range(1000):
    ring[k].peer = ring[(k + 1) % 1000]
head = ring[0]
del ring
steps = 0
node = head
while True:
    node = node.peer
    steps += 1
    if node is head:
        break
print("ring", steps)
print("total", total)
