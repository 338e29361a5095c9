"""wget: an HTTP/1.1 (or 1.0) client.

usage: wget.py [-O -] [-0] [-S] [-q] [--no-hash] [-T SECS] URL [URL...]
  URL: http://A.B.C.D[:PORT]/path. Several URLs to one server share one persistent connection (HTTP/1.1).
  Without -O: prints the status, the size, the SHA-256 and the rate of each body. -O -: the body goes to the
  output instead. -0: speak HTTP/1.0 (one connection per URL). -S: print the response heads.
  --no-hash: size only (SHA-256 in pure Python is slow for large bodies). -T SECS: network timeout (default 30).
  Redirects (301, 302, 303, 307, 308) are followed up to 5 times. Exit status 1 when a fetch failed or
  answered 4xx/5xx.
"""
import errno
import os
import socket
import sys
import time

import httpmsg

try:
    from hashlib import sha256
except ImportError:
    from sha256 import sha256

USAGE = "usage: wget.py [-O -] [-0] [-S] [-q] [--no-hash] [-T SECS] URL [URL...]"
RECV_SIZE = 65536
MAX_REDIRECTS = 5
USER_AGENT = "krait-wget/1.0"


class Failure(Exception):
    pass


def error_text(e):
    if isinstance(e, TimeoutError) and e.errno is None:
        return "ETIMEDOUT (timed out)"
    if e.errno is None:
        return str(e)
    return f"{errno.errorcode.get(e.errno, e.errno)} ({e.strerror})"


class Options:
    def __init__(self):
        self.to_stdout = False
        self.http10 = False
        self.heads = False
        self.quiet = False
        self.hash = True
        self.timeout = 30.0
        self.urls = []


def parse_args(args):
    o = Options()
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-O":
            if i + 1 >= len(args) or args[i + 1] != "-":
                raise Failure("wget: -O takes only '-' (the output): there are no files here")
            o.to_stdout = True
            i += 1
        elif a in ("-0", "--http1.0"):
            o.http10 = True
        elif a == "-S":
            o.heads = True
        elif a == "-q":
            o.quiet = True
        elif a == "--no-hash":
            o.hash = False
        elif a == "-T":
            if i + 1 >= len(args):
                raise Failure("wget: -T needs seconds")
            try:
                o.timeout = float(args[i + 1])
            except ValueError:
                raise Failure("wget: -T needs seconds") from None
            i += 1
        elif a.startswith("-"):
            raise Failure(f"wget: unknown option {a}\n{USAGE}")
        else:
            o.urls.append(a)
        i += 1
    if not o.urls:
        raise Failure(USAGE)
    return o


class Body:
    """Where a response body goes: the output, or a running size and hash."""

    def __init__(self, o):
        self.o = o
        self.size = 0
        self.hash = sha256() if o.hash and not o.to_stdout else None

    def add(self, data):
        self.size += len(data)
        if self.o.to_stdout:
            sys.stdout.flush()
            os.write(1, data)
        elif self.hash is not None:
            self.hash.update(data)


class Connection:
    """One TCP connection to a server, with what has been read from it and not used yet."""

    def __init__(self, host, port, timeout):
        self.host = host
        self.port = port
        self.buf = b""
        self.closed = False
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        try:
            self.sock.connect((host, port))
        except OSError as e:
            self.sock.close()
            raise Failure(f"wget: connect to {host} port {port} failed: {error_text(e)}") from None

    def fill(self):
        """Reads more into buf; False at the end of the stream."""
        if self.closed:
            return False
        try:
            data = self.sock.recv(RECV_SIZE)
        except OSError as e:
            raise Failure(f"wget: recv: {error_text(e)}") from None
        if not data:
            self.closed = True
            return False
        self.buf += data
        return True

    def take(self, n):
        data = self.buf[:n]
        self.buf = self.buf[n:]
        return data

    def close(self):
        self.sock.close()


def request_bytes(o, method, host, port, path, last):
    authority = host if port == 80 else f"{host}:{port}"
    version = "HTTP/1.0" if o.http10 else "HTTP/1.1"
    lines = [f"{method} {path} {version}", f"Host: {authority}", f"User-Agent: {USER_AGENT}", "Accept: */*"]
    if not o.http10:
        lines.append("Connection: close" if last else "Connection: keep-alive")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_head(conn):
    while True:
        end = httpmsg.head_end(conn.buf)
        if end >= 0:
            return conn.take(end)
        if len(conn.buf) > httpmsg.MAX_HEAD:
            raise Failure("wget: response head too large")
        if not conn.fill():
            raise Failure("wget: the server closed the connection before answering")


def read_body(conn, fields, method, status, body):
    """Reads one response body into `body`; returns whether the connection can carry another request."""
    if method == "HEAD" or status < 200 or status in (204, 304):
        return True
    coding = fields.get("transfer-encoding", "").lower()
    if coding:
        if coding.split(",")[-1].strip() != "chunked":
            raise Failure(f"wget: unsupported transfer coding {coding}")
        decoder = httpmsg.ChunkedDecoder()
        while True:
            if conn.buf:
                body.add(decoder.feed(conn.take(len(conn.buf))))
            if decoder.done:
                conn.buf = decoder.pending + conn.buf
                return True
            if not conn.fill():
                raise Failure("wget: the connection closed inside a chunked body")
    length = fields.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise Failure(f"wget: malformed Content-Length {length!r}")
        left = int(length)
        while left > 0:
            if not conn.buf and not conn.fill():
                raise Failure(f"wget: the connection closed {left} bytes before the end of the body")
            piece = conn.take(left)
            body.add(piece)
            left -= len(piece)
        return True
    while True:                 # delimited by the end of the connection
        if conn.buf:
            body.add(conn.take(len(conn.buf)))
        if not conn.fill():
            return False


class Client:
    def __init__(self, o):
        self.o = o
        self.conn = None

    def connection(self, host, port):
        c = self.conn
        if c is not None and (c.host != host or c.port != port or c.closed):
            c.close()
            c = None
        if c is None:
            c = Connection(host, port, self.o.timeout)
            self.conn = c
        return c

    def fetch(self, host, port, path, last, method="GET"):
        """One request; returns (status, fields, body). Retries once on a fresh connection when a reused one
        turns out closed before any answer."""
        old = self.conn
        conn = self.connection(host, port)
        fresh = conn is not old
        try:
            conn.sock.sendall(request_bytes(self.o, method, host, port, path, last))
            head = read_head(conn)
        except (Failure, OSError) as e:
            if fresh:
                if isinstance(e, OSError):
                    raise Failure(f"wget: send: {error_text(e)}") from None
                raise
            conn.close()
            self.conn = None
            return self.fetch(host, port, path, last, method)
        try:
            version, status, reason, fields = httpmsg.parse_status(head)
        except httpmsg.BadMessage as e:
            raise Failure(f"wget: malformed response: {e.text}") from None
        if self.o.heads:
            sys.stdout.flush()
            os.write(1, head)
        body = Body(self.o)
        reusable = read_body(conn, fields, method, status, body)
        tokens = [t.strip().lower() for t in fields.get("connection", "").split(",")]
        if not reusable or "close" in tokens or version < (1, 1) and "keep-alive" not in tokens or self.o.http10:
            conn.close()
            self.conn = None
        return status, reason, fields, body

    def get(self, url, last):
        try:
            host, port, path = httpmsg.parse_url(url)
        except ValueError as e:
            raise Failure(f"wget: {e}") from None
        for _ in range(MAX_REDIRECTS + 1):
            started = time.monotonic()
            status, reason, fields, body = self.fetch(host, port, path, last)
            elapsed = time.monotonic() - started
            location = fields.get("location")
            if status in (301, 302, 303, 307, 308) and location:
                if not self.o.quiet:
                    print(f"wget: {status} {reason} -> {location}")
                host, port, path = httpmsg.resolve_location(location, host, port)
                continue
            return status, reason, body, elapsed
        raise Failure(f"wget: more than {MAX_REDIRECTS} redirects")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def main(argv):
    try:
        o = parse_args(argv[1:])
    except Failure as e:
        print(e)
        return 2
    client = Client(o)
    status_code = 0
    try:
        for i in range(len(o.urls)):
            url = o.urls[i]
            try:
                status, reason, body, elapsed = client.get(url, i == len(o.urls) - 1)
            except Failure as e:
                sys.stdout.flush()
                print(e)
                status_code = 1
                client.close()
                continue
            if status >= 400:
                status_code = 1
            if o.to_stdout or o.quiet:
                continue
            rate = body.size / elapsed / 1024 if elapsed > 0 else 0.0
            text = f"wget: {url}: {status} {reason}, {body.size} bytes"
            if body.hash is not None:
                text += f", sha256 {body.hash.hexdigest()}"
            print(f"{text} in {elapsed:.3f} s ({rate:.1f} KiB/s)")
    except KeyboardInterrupt:
        status_code = 130
    finally:
        client.close()
    return status_code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
