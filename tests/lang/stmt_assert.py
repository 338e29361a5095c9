# assert: passing, failing with and without messages, message evaluated lazily.
def checked_div(a, b):
    assert b != 0, f"division by zero: {a}/{b}"
    return a // b


print(checked_div(10, 3))
try:
    checked_div(1, 0)
except AssertionError as e:
    print(type(e).__name__, e, e.args)
try:
    assert 1 > 2
except AssertionError as e:
    print(type(e).__name__, repr(str(e)), e.args)
calls = []


def message():
    calls.append("evaluated")
    return "msg"


assert True, message()
print(calls)
try:
    assert [], message()
except AssertionError as e:
    print(e, calls)
assert 1, "one is true"
assert "x" and [0]
try:
    assert None, ("tuple", 1)
except AssertionError as e:
    print(e.args)


def validate_packet(pkt):
    assert len(pkt) >= 4, "short packet"
    assert pkt[0] == 0x45, "not IPv4 with 20 byte header"
    return "ok"


for pkt in (b"\x45\x00\x00\x14", b"\x45", b"\x60\x00\x00\x00"):
    try:
        print(validate_packet(pkt))
    except AssertionError as e:
        print("invalid:", e)
print("final assert fails uncaught")
assert 2 + 2 == 5, "arithmetic is broken"
