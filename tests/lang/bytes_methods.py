# bytes methods: find/count/replace/split/strip/startswith/upper/decode/join.
data = b"GET /index.html HTTP/1.1\r\nHost: krait\r\nAccept: */*\r\n\r\nbody"
head, sep, body = data.partition(b"\r\n\r\n")
print(head.split(b"\r\n"), sep, body)
request_line = head.split(b"\r\n")[0]
print(request_line.split(b" "), request_line.split(b" ", 1), request_line.rsplit(b"/", 1))
print(data.find(b"Host"), data.find(b"nothing"), data.rfind(b"\r\n"), data.count(b"\r\n"), data.index(b"body"))
print(data.startswith(b"GET"), data.endswith(b"body"), data.startswith((b"POST", b"GET")))
print(b"  pad  ".strip(), b"xxhixx".strip(b"x"), b"\r\nline\r\n".rstrip(), b"  a".lstrip())
print(b"abc".upper(), b"ABC".lower(), b"hello world".title(), b"aBc".swapcase(), b"x".capitalize())
print(b"a-b-c".replace(b"-", b"+"), b"aaa".replace(b"a", b"b", 2), b"abc".replace(b"", b"."))
print(b"123".isdigit(), b"abc".isalpha(), b"ab1".isalnum(), b" \t".isspace(), b"ABC".isupper())
print(b", ".join([b"a", b"b"]), b"".join([b"x"] * 3), bytearray(b"-").join([b"1", b"2"]))
print(data[:3].decode(), b"caf\xc3\xa9".decode("utf-8"), b"plain".decode("ascii"))
print(b"key=val".partition(b"="), b"noval".rpartition(b"="), b"a b  c".split(), b"a\nb\r\nc".splitlines())
print(b"42".zfill(5), b"ab".center(6, b"*"), b"ab".ljust(4, b"."), b"ab".rjust(4))
print(b"\x00\x01".hex(), b"abc".count(b""), b"abcabc".find(b"c", 3), b"abc".find(99))
try:
    b"abc".find("a")
except TypeError as e:
    print(type(e).__name__, e)
try:
    b", ".join([b"a", "b"])
except TypeError as e:
    print(type(e).__name__, e)
headers = {}
for line in head.split(b"\r\n")[1:]:
    name, _, value = line.partition(b":")
    headers[name.strip().lower().decode()] = value.strip().decode()
print(headers)
print(b"%s:%d" % (b"port", 80), b"%05x" % 255, b"%c" % 65)
print(b"abc".endswith(b"c", 0, 3), b"abc".startswith(b"b", 1), b"abc"[1:].endswith((b"x", b"c")))
