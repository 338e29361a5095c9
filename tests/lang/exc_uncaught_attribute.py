# Ends with an uncaught AttributeError on an instance after normal output.
class Socket:
    def __init__(self, port):
        self.port = port
        self.buffer = []

    def send(self, data):
        self.buffer.append(data)
        return len(data)


s = Socket(8080)
print(s.port, s.send(b"hello"), s.send(b"world"), s.buffer)
print(hasattr(s, "recv"), getattr(s, "recv", None))
try:
    s.recv(10)
except AttributeError as e:
    print("caught:", e)
for attr in ("port", "buffer", "closed"):
    print(attr, hasattr(s, attr))
total = sum(len(b) for b in s.buffer)
print("total", total)
s.close()
print("unreachable")
