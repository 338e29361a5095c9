# Ends with an uncaught IndexError from a list index in a helper.
queue = [("syn", 1), ("ack", 2), ("data", 3)]


def peek(q, n):
    return q[n]


for i in range(len(queue)):
    kind, seq = peek(queue, i)
    print(i, kind, seq)
print(peek(queue, -1), peek(queue, -3))
try:
    peek(queue, 3)
except IndexError as e:
    print("caught", e)
queue.pop(0)
print(len(queue), queue)
queue.clear()
print("empty", queue)
print("about to peek")
print(peek(queue, 0))
