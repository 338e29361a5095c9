# Generators as coroutines driving a small protocol state machine.
def tokenizer(out):
    buf = ""
    while True:
        ch = yield
        if ch is None:
            break
        if ch in " \n":
            if buf:
                out.send(buf)
                buf = ""
        else:
            buf += ch
    if buf:
        out.send(buf)
    out.close()


def printer(prefix):
    count = 0
    try:
        while True:
            word = yield
            count += 1
            print(prefix, count, word)
    except GeneratorExit:
        print(prefix, "closed after", count)


sink = printer("word")
next(sink)
tok = tokenizer(sink)
next(tok)
for ch in "hello  kernel world\nbye":
    tok.send(ch)
try:
    tok.send(None)
except StopIteration:
    print("tokenizer finished")


def gen_status():
    yield "a"
    yield "b"


g = gen_status()
print(next(g), next(g), next(g, "end"), next(g, "end"))


def self_ref():
    yield 1
    yield next(me)


me = self_ref()
print(next(me))
try:
    next(me)
except ValueError as e:
    print(type(e).__name__, e)
