# Comparisons and sorting of bytes and bytearray, and their use as dict keys.
items = [b"b", b"a", b"", b"ab", b"\xff", b"\x00", b"B", b"aa"]
print(sorted(items), sorted(items, reverse=True), min(items), max(items))
print(b"abc" < b"abd", b"abc" < b"abcd", b"\x00" < b"\x01", b"Z" < b"a", b"" < b"\x00")
print(b"a" == bytearray(b"a"), bytearray(b"a") == b"a", b"a" != b"A", bytearray(b"x") < b"y")
print(b"abc" == "abc", b"1" == 1, b"" == bytearray())
macs = {b"\x02\x00\x00\x00\x00\x01": "eth0", b"\x02\x00\x00\x00\x00\x02": "eth1"}
print(macs[bytes.fromhex("020000000002")], b"\x02" * 6 in macs)
try:
    {bytearray(b"k"): 1}
except TypeError as e:
    print(type(e).__name__, e)
print(hash(b"abc") == hash(b"abc"), hash(b"x") == hash(bytes(bytearray(b"x"))))
records = [(b"\x0a\x00\x00\x02", 2), (b"\x0a\x00\x00\x01", 1), (b"\xc0\xa8\x00\x01", 3)]
print([r[1] for r in sorted(records)], [r[0].hex() for r in sorted(records, key=lambda r: r[0][::-1])])
try:
    b"a" < "a"
except TypeError as e:
    print(type(e).__name__, e)
try:
    sorted([b"a", "a"])
except TypeError as e:
    print(type(e).__name__, e)
print(b"abc".startswith(bytearray(b"ab")), bytearray(b"abc").endswith(b"bc"), b"b" in bytearray(b"abc"))
print(memoryview(b"ab") == b"ab", b"ab" == memoryview(b"ab"), memoryview(b"ab") == bytearray(b"ab"))
print(sorted([bytearray(b"z"), bytearray(b"a")]), max(b"a", bytearray(b"b")))
pairs = [(bytes([i % 3, i]), i) for i in range(6)]
print([p[1] for p in sorted(pairs)])
print(b"\x80" > b"\x7f", list(b"\x80\x7f"), [b < 128 for b in b"\x80\x7f"])
