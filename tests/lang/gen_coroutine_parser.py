# A generator-based incremental frame parser fed arbitrary byte chunks via send().
def frame_parser(out):
    buf = bytearray()
    while True:
        chunk = yield
        buf += chunk
        while len(buf) >= 2:
            length = buf[0] << 8 | buf[1]
            if len(buf) < 2 + length:
                break
            out.append(bytes(buf[2:2 + length]))
            del buf[:2 + length]


frames = []
p = frame_parser(frames)
next(p)
stream = b"\x00\x03abc\x00\x00\x00\x05hello\x00\x01!"
for size in (1, 2, 3, 5, 100):
    frames.clear()
    p = frame_parser(frames)
    next(p)
    for i in range(0, len(stream), size):
        p.send(stream[i:i + size])
    print(size, frames)


def averager_with_reset():
    total = count = 0
    result = None
    while True:
        cmd = yield result
        if cmd == "reset":
            total = count = 0
            result = None
        else:
            total += cmd
            count += 1
            result = total / count


a = averager_with_reset()
next(a)
print([a.send(v) for v in (10, 20, 60)], a.send("reset"), a.send(7))


def grep(pattern, target):
    while True:
        line = yield
        if pattern in line:
            target.send(line.upper())


def collector(bucket):
    while True:
        bucket.append((yield))


bucket = []
c = collector(bucket)
next(c)
g = grep("err", c)
next(g)
for line in ("ok boot", "err disk", "warn net", "err net"):
    g.send(line)
print(bucket)
g.close()
c.close()
print("closed")
