"""httpd: an HTTP/1.1 server. usage: httpd.py [-q] [PORT]   (port 80 by default)

Pages: / and /index.html (HTML), /hello.txt, /big?n=BYTES (n bytes of the
tools' deterministic pattern, made as they are sent, for throughput tests) and
/stats (the network stack's counters when the kernel offers them, and this
server's own). GET and HEAD; other methods get 405, unknown paths 404,
malformed requests 400. Persistent connections (RFC 9112 9.3) with
Content-Length framing, pipelined requests answered in order. Every client is
served at once from one select() loop over nonblocking sockets.
"""
import select
import socket
import sys
import time

import httpmsg
import pattern

SERVER = "krait-httpd"
RECV_SIZE = 16384
IDLE_TIMEOUT = 60.0         # seconds a persistent connection may stay quiet
MAX_BIG = 1 << 34

INDEX = ("<!DOCTYPE html>\n<html><head><title>Krait</title></head>\n<body>\n<h1>Krait</h1>\n"
         "<p>Served by a Python script running as a process on a bare-metal kernel.</p>\n"
         '<ul><li><a href="/hello.txt">/hello.txt</a></li><li><a href="/stats">/stats</a></li>\n'
         '<li><a href="/big?n=1048576">/big?n=1048576</a></li></ul>\n</body></html>\n').encode()
HELLO = b"hello from krait\n"
PAGES = {
    "/": ("text/html; charset=utf-8", INDEX),
    "/index.html": ("text/html; charset=utf-8", INDEX),
    "/hello.txt": ("text/plain; charset=utf-8", HELLO),
}

counters = {"connections": 0, "requests": 0, "responses_2xx": 0, "responses_4xx": 0, "responses_5xx": 0,
            "bytes_in": 0, "bytes_out": 0, "resets": 0}
quiet = False
now = 0.0                   # the clock, read once per round of the select() loop


def log(text):
    if not quiet:
        print(f"httpd: {text}")


def kernel_stats():
    """[(layer, counter, value)] of the network stack, or None where nothing offers them.
    Krait: the `netstats` syscall when the kernel has one; Linux: /proc/net/snmp."""
    try:
        import _syscall
    except ImportError:
        return _linux_snmp()
    nr = getattr(_syscall, "SYS_NETSTATS", None)
    if nr is None:
        return None
    try:
        return [tuple(row) for row in _syscall.call(nr)]
    except OSError:
        return None


def _linux_snmp():
    try:
        with open("/proc/net/snmp") as f:
            lines = f.read().splitlines()
    except (OSError, NameError):
        return None
    rows = []
    for i in range(0, len(lines) - 1, 2):
        names = lines[i].split()
        values = lines[i + 1].split()
        for name, value in zip(names[1:], values[1:]):
            rows.append((names[0].rstrip(":").lower(), name, int(value)))
    return rows


def stats_page():
    lines = ["# httpd"]
    for name in counters:
        lines.append(f"httpd {name} {counters[name]}")
    rows = kernel_stats()
    lines.append("# network stack")
    if rows is None:
        lines.append("# (no counters offered to processes)")
    else:
        for layer, name, value in rows:
            lines.append(f"{layer} {name} {value}")
    return ("\n".join(lines) + "\n").encode()


class Response:
    """What answers one request: a head, then a body given whole or made in pieces (/big)."""

    def __init__(self, status, ctype, body=b"", length=None):
        self.status = status
        self.ctype = ctype
        self.body = body
        self.length = len(body) if length is None else length
        self.generated = length is not None      # the body comes from the pattern, made as it is sent


def error_response(status, text):
    reason = httpmsg.REASONS.get(status, "")
    return Response(status, "text/plain; charset=utf-8", f"{status} {reason}: {text}\n".encode())


def route(req):
    if req.method not in ("GET", "HEAD"):
        return error_response(405, f"{req.method} is not served here")
    page = PAGES.get(req.path)
    if page is not None:
        return Response(200, page[0], page[1])
    if req.path == "/big":
        text = req.query.get("n", "")
        if not text.isdigit() or int(text) > MAX_BIG:
            return error_response(400, "/big wants n=BYTES")
        return Response(200, "application/octet-stream", length=int(text))
    if req.path == "/stats":
        return Response(200, "text/plain; charset=utf-8", stats_page())
    return error_response(404, f"{req.path} is not here")


class Connection:
    def __init__(self, sock, peer):
        self.sock = sock
        self.peer = peer
        self.inbuf = b""
        self.skip = 0               # request body bytes still to be read and dropped
        self.out = []               # bytes queued for the peer
        self.out_pos = 0            # how much of out[0] has gone
        self.gen_offset = 0         # a generated body: the next pattern offset and what is left of it
        self.gen_left = 0
        self.keep = True            # whether the connection stays after the response being sent
        self.eof = False            # the peer has shut down its side
        self.last = now

    def fileno(self):
        return self.sock.fileno()

    def busy(self):
        return bool(self.out) or self.gen_left > 0

    def wants_read(self):
        return not self.eof and not self.busy() and self.keep

    # -- requests --
    def take_requests(self):
        """Answers the complete requests in inbuf, one at a time: the next once the last is sent."""
        while not self.busy() and self.keep:
            if self.skip:
                dropped = min(self.skip, len(self.inbuf))
                self.inbuf = self.inbuf[dropped:]
                self.skip -= dropped
                if self.skip:
                    return
            end = httpmsg.head_end(self.inbuf)
            if end < 0:
                if len(self.inbuf) > httpmsg.MAX_HEAD:
                    self.answer(None, error_response(431, "request head too large"))
                elif self.eof and self.inbuf.strip():
                    self.answer(None, error_response(400, "request cut short"))
                return
            head = self.inbuf[:end]
            self.inbuf = self.inbuf[end:]
            if not head.strip():
                continue
            try:
                req = httpmsg.parse_request(head)
                self.skip = req.body_length()
            except httpmsg.BadMessage as e:
                self.answer(None, error_response(e.status, e.text))
                return
            counters["requests"] += 1
            self.answer(req, route(req))

    def answer(self, req, resp):
        version = (1, 1)
        if req is None:
            self.keep = False
        else:
            self.keep = req.keep_alive() and resp.status < 500
            version = (1, 1) if req.version >= (1, 1) else (1, 0)
        kind = resp.status // 100
        name = "responses_2xx" if kind == 2 else "responses_5xx" if kind == 5 else "responses_4xx"
        counters[name] = counters.get(name, 0) + 1
        fields = [("Server", SERVER), ("Content-Type", resp.ctype), ("Content-Length", str(resp.length))]
        if not self.keep:
            fields.append(("Connection", "close"))
            # The last response: corked, its final segment waits for close() and leaves with the FIN (one
            # segment less each way, as nginx's tcp_nopush does).
            try:
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
            except OSError:
                pass
        elif req.version < (1, 1):
            fields.append(("Connection", "keep-alive"))
        if resp.status == 405:
            fields.append(("Allow", "GET, HEAD"))
        head = httpmsg.response_head(version, resp.status, fields)
        if req is not None and req.method == "HEAD":
            self.out.append(head)
        elif resp.generated:
            self.out.append(head)
            self.gen_offset = 0
            self.gen_left = resp.length
        else:
            self.out.append(head + resp.body)         # one send, one segment for a small page

    # -- I/O --
    def on_readable(self):
        """False when the connection is finished."""
        try:
            data = self.sock.recv(RECV_SIZE)
        except BlockingIOError:
            return True
        except OSError:
            counters["resets"] += 1
            return False
        self.last = now
        if not data:
            self.eof = True
        else:
            counters["bytes_in"] += len(data)
            self.inbuf += data
        self.take_requests()
        if self.busy():
            return self.on_writable()        # answer at once: the socket has room more often than not
        return not self.eof and self.keep

    def on_writable(self):
        """False when the connection is finished."""
        while True:
            if not self.out:
                if self.gen_left <= 0:
                    break
                step = min(pattern.MAX_CHUNK, self.gen_left)
                self.out.append(pattern.chunk(self.gen_offset, step))
                self.gen_offset += step
                self.gen_left -= step
            piece = self.out[0]
            try:
                sent = self.sock.send(piece[self.out_pos:] if self.out_pos else piece)
            except BlockingIOError:
                return True
            except OSError:
                counters["resets"] += 1
                return False
            counters["bytes_out"] += sent
            self.last = now
            self.out_pos += sent
            if self.out_pos < len(piece):
                return True
            self.out.pop(0)
            self.out_pos = 0
        if not self.keep:
            return False
        self.take_requests()
        return self.busy() or not self.eof

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def serve(port):
    global now
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)     # accepted sockets inherit it
    listener.bind(("0.0.0.0", port))
    listener.listen(128)
    listener.setblocking(False)
    print(f"httpd: listening on port {listener.getsockname()[1]}")
    conns = []
    accepting = True
    while True:
        readers = [c for c in conns if c.wants_read()]
        if accepting:
            readers.append(listener)
        writers = [c for c in conns if c.busy()]
        readable, writable, _ = select.select(readers, writers, [], 5.0)
        now = time.monotonic()
        finished = []
        for c in writable:
            if not c.on_writable():
                finished.append(c)
        for r in readable:
            if r is listener:
                accepting = accept_one(listener, conns, finished)
            elif r not in finished and not r.on_readable():
                finished.append(r)
        if not readable and not writable:
            finished += [c for c in conns if not c.busy() and now - c.last > IDLE_TIMEOUT]
        for c in finished:
            if c in conns:
                conns.remove(c)
                c.close()
                accepting = True


def accept_one(listener, conns, finished):
    """Accepts a waiting client and reads what it sent already (a request usually follows the handshake
    closely); False when out of descriptors (accepting resumes once one closes). One per round of the loop:
    select() reports the listener again while more wait, and a client accepted alone (the usual case) costs no
    accept() that fails with EAGAIN, which costs three successful ones."""
    try:
        sock, peer = listener.accept()
    except BlockingIOError:
        return True
    except OSError as e:
        if e.errno == 24:           # EMFILE
            return False
        log(f"accept: {e}")
        return True
    sock.setblocking(False)             # (TCP_NODELAY comes from the listener, as on Linux)
    counters["connections"] += 1
    conn = Connection(sock, peer)
    conns.append(conn)
    if not conn.on_readable():
        finished.append(conn)
    return True


def main(argv):
    global quiet
    port = 80
    for arg in argv[1:]:
        if arg == "-q":
            quiet = True
        elif arg.isdigit() and int(arg) <= 65535:
            port = int(arg)
        else:
            print("usage: httpd.py [-q] [PORT]")
            return 2
    try:
        serve(port)
    except KeyboardInterrupt:
        log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
