"""Self-test of the tools' helper modules (sha256, pattern, httpmsg): prints what it computes, so the output on
Krait's VM (hosted, or as a process) can be compared line by line with CPython's."""
import httpmsg
import pattern
from sha256 import sha256


def show(*parts):
    print(*parts)


def digest_lines():
    for text in (b"", b"abc", b"a" * 55, b"a" * 56, b"a" * 64, b"a" * 119, b"a" * 1000):
        show("sha256", len(text), sha256(text).hexdigest())
    h = sha256()
    for i in range(40):
        h.update(bytes(range(i)))
    copy = h.copy()
    h.update(b"tail")
    show("sha256 pieces", copy.hexdigest(), h.hexdigest())
    show("sha256 pattern", sha256(pattern.generate(200000, 12345)).hexdigest())


def pattern_lines():
    data = pattern.generate(3 * pattern.PERIOD + 17)
    show("pattern", len(data), data[:16].hex(), data[pattern.PERIOD - 4:pattern.PERIOD + 4].hex())
    show("pattern chunk", pattern.chunk(123456789, 8).hex(), data[70000:70008] == pattern.chunk(70000, 8))
    show("pattern mismatch", pattern.mismatch(data, 0), pattern.mismatch(data[:1000] + b"\0" + data[1001:], 0),
         pattern.mismatch(data[5:], 5), pattern.mismatch(data[5:], 6) >= 0)


def request_lines():
    heads = [
        b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET /big?n=100&x=%41+b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        b"\r\nHEAD /index.html HTTP/1.1\nHost: a\nX-Two: 1\nx-two: 2\n\n",
        b"GET / HTTP/1.1\r\n\r\n",
        b"GET / HTTP/2.0\r\nHost: a\r\n\r\n",
        b"GET /\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
        b"G@T / HTTP/1.1\r\nHost: a\r\n\r\n",
        b"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\nConnection: close\r\n\r\n",
        b"GET http://h:8/p?q HTTP/1.1\r\nHost: h\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
    ]
    for head in heads:
        try:
            r = httpmsg.parse_request(head)
            show("request", r.method, r.target, r.version, r.path, sorted(r.query.items()),
                 sorted(r.fields.items()), r.keep_alive(), r.body_length())
        except httpmsg.BadMessage as e:
            show("request error", e.status, e.text)
    for buf in (b"GET / HTTP/1.1\r\nHost: a\r\n\r\nrest", b"A\n\nB", b"partial\r\n", b"x\r\n\r\n\n\n"):
        show("head_end", httpmsg.head_end(buf))


def response_lines():
    show("response", httpmsg.response_head((1, 1), 404, [("Content-Length", "3"), ("Connection", "close")]))
    show("status", httpmsg.parse_status(b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\nServer: x\r\n\r\n"))
    for bad in (b"HTTP/1.1 20 OK\r\n\r\n", b"HTTX/1.1 200 OK\r\n\r\n"):
        try:
            httpmsg.parse_status(bad)
        except httpmsg.BadMessage as e:
            show("status error", e.status, e.text)
    for url in ("http://10.0.0.1/", "http://10.0.0.1:8080/a/b?c=d#frag", "10.0.0.1", "http://h:99999/",
                "ftp://x/", "http:///x"):
        try:
            show("url", url, httpmsg.parse_url(url))
        except ValueError as e:
            show("url error", url, str(e))
    show("location", httpmsg.resolve_location("/sub/", "h", 81), httpmsg.resolve_location("http://g:82/x", "h", 81),
         httpmsg.resolve_location("rel", "h", 81))
    show("unquote", httpmsg.unquote("a%20b+c%zz%4"), httpmsg.parse_query("a=1&b=&&c&a=2"))


def chunked_lines():
    message = b"4\r\nWiki\r\n5;ext=1\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\nNEXT"
    for step in (1, 3, 7, len(message)):
        d = httpmsg.ChunkedDecoder()
        out = b""
        for i in range(0, len(message), step):
            out += d.feed(message[i:i + step])
        show("chunked", step, out, d.done, d.pending)
    for bad in (b"zz\r\n", b"3\r\nabcd\r\n"):
        try:
            httpmsg.ChunkedDecoder().feed(bad)
            show("chunked accepted", bad)
        except httpmsg.BadMessage as e:
            show("chunked error", e.status, e.text)


digest_lines()
pattern_lines()
request_lines()
response_lines()
chunked_lines()
