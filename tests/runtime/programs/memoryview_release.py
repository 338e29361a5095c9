# A released memoryview forbids every later use (ValueError), equals only itself, and with-blocks release.
ba = bytearray(b"abcdef")
m = memoryview(ba)
s = m[1:4]
m.release(); m.release()
def setit():
    m[0] = 1
print(repr(m)[:17], s.tobytes())
for name, f in [("getitem", lambda: m[0]), ("slice", lambda: m[1:2]), ("len", lambda: len(m)), ("bool", lambda: bool(m)),
                ("iter", lambda: list(m)), ("tobytes", lambda: m.tobytes()), ("tolist", lambda: m.tolist()), ("hex", lambda: m.hex()),
                ("bytes", lambda: bytes(m)), ("new", lambda: memoryview(m)), ("enter", lambda: m.__enter__()),
                ("eq", lambda: m == b"abcdef"), ("eqself", lambda: m == m), ("ba+", lambda: ba + m), ("set", setit)]:
    try:
        print(name, f())
    except ValueError as e:
        print(name, type(e).__name__, e)
    except TypeError as e:
        print(name, type(e).__name__, e)
with memoryview(b"xyz") as v:
    print(v[0])
try:
    v[0]
except ValueError as e:
    print(e)
s.release(); ba.append(1)
print(ba)
