# Ends with an uncaught TypeError from mixing bytes and str while building a message.
def frame(kind, payload):
    header = kind.to_bytes(1, "big") + len(payload).to_bytes(2, "big")
    return header + payload


frames = [frame(1, b"hello"), frame(2, b""), frame(3, bytes(range(4)))]
for f in frames:
    print(f.hex(), len(f), f[0], int.from_bytes(f[1:3], "big"))
total = sum(len(f) for f in frames)
print("total", total)
try:
    frame(4, "text")
except TypeError as e:
    print("caught:", e)
messages = [b"ok", b"fine"]
joined = b"; ".join(messages)
print(joined)
print("now mixing types without a handler")
print(frame(5, "oops"))
