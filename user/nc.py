"""nc: netcat over TCP or UDP.

usage: nc.py [OPTIONS] HOST PORT          connect
       nc.py -l [-k] [OPTIONS] [ADDR] PORT listen (one client; -k: one after another)

What it sends (the input): its fd 0 (the console) by default; -s BYTES sends
BYTES bytes of the tools' test pattern (user/pattern.py), --send TEXT sends TEXT
(with \\n \\r \\t \\\\ escapes), -d sends nothing.
What it does with what it receives: printed as it comes (--print, the default
when reading fd 0); summarised once the connection ends (the default with -s,
--send and -d): --sha256 (size and SHA-256), --count (size only) or --verify
(compared with the test pattern, for a peer that sent it).

End of input: -N shuts the connection down for writing (the peer reads EOF),
-q SECS quits SECS seconds later (TCP keeps reading until then or until the
peer closes; without -q it reads until the peer closes). The peer's EOF ends
the session once -s/--send data has all been sent (console input is not waited
for). -w SECS: connect
timeout, and quit after SECS seconds with no traffic. -u: UDP (each input
chunk a datagram; a listener answers whoever sent the first datagram).
-v: report connections and, with --print, a summary. -b SIZE: read and send
in SIZE-byte pieces (default 65536; UDP 1024).
Errors are reported with their errno name; the exit status is then 1.
"""
import errno
import os
import select
import socket
import sys
import time

import pattern

try:
    from hashlib import sha256
except ImportError:
    from sha256 import sha256

USAGE = ("usage: nc.py [-u] [-l [-k]] [-v] [-N] [-d] [-q SECS] [-w SECS] [-b SIZE] [-s BYTES | --send TEXT]\n"
         "             [--print | --sha256 | --count | --verify] [HOST] PORT")


class UsageError(Exception):
    pass


class Options:
    def __init__(self):
        self.udp = False
        self.listen = False
        self.keep = False
        self.verbose = False
        self.shutdown = False
        self.no_input = False
        self.quit_after = None      # seconds after the end of input
        self.idle = None            # seconds without traffic; also the connect timeout
        self.size = None
        self.send_bytes = None
        self.send_text = None
        self.output = None
        self.host = None
        self.port = None


def _number(text, what, kind=int):
    try:
        value = kind(text)
    except ValueError:
        raise UsageError(f"nc: {what} must be a number, not {text!r}") from None
    if value < 0:
        raise UsageError(f"nc: {what} must not be negative")
    return value


def unescape(text):
    out = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            out.append({"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "0": "\0"}.get(nxt, "\\" + nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def parse_args(args):
    o = Options()
    words = []
    i = 0
    while i < len(args):
        a = args[i]
        takes = a in ("-q", "-w", "-s", "-b", "--send")
        if takes and i + 1 >= len(args):
            raise UsageError(f"nc: {a} needs a value")
        value = args[i + 1] if takes else None
        if a == "-u":
            o.udp = True
        elif a == "-l":
            o.listen = True
        elif a == "-k":
            o.keep = True
        elif a == "-v":
            o.verbose = True
        elif a == "-N":
            o.shutdown = True
        elif a == "-d":
            o.no_input = True
        elif a == "-q":
            o.quit_after = _number(value, "-q", float)
        elif a == "-w":
            o.idle = _number(value, "-w", float)
        elif a == "-b":
            o.size = _number(value, "-b")
            if o.size == 0:
                raise UsageError("nc: -b must be positive")
        elif a == "-s":
            o.send_bytes = _number(value, "-s")
        elif a == "--send":
            o.send_text = unescape(value).encode()
        elif a in ("--print", "--sha256", "--count", "--verify"):
            o.output = a[2:]
        elif a.startswith("-") and len(a) > 1:
            raise UsageError(f"nc: unknown option {a}")
        else:
            words.append(a)
        i += 2 if takes else 1
    if o.send_bytes is not None and o.send_text is not None:
        raise UsageError("nc: -s and --send exclude each other")
    if o.keep and not o.listen:
        raise UsageError("nc: -k needs -l")
    if len(words) == 2:
        o.host = words[0]
    elif len(words) != 1 or not o.listen:
        raise UsageError(USAGE)
    o.port = _number(words[-1], "PORT")
    if o.port > 65535:
        raise UsageError("nc: PORT must be at most 65535")
    generated = o.send_bytes is not None or o.send_text is not None
    if o.output is None:
        o.output = "sha256" if generated or o.no_input else "print"
    if o.size is None:
        o.size = 1024 if o.udp else 65536
    return o


# ---- what it sends ----

class PatternInput:
    def __init__(self, total):
        self.left = total
        self.offset = 0

    def fileno(self):
        return None

    def take(self, n):
        n = min(n, self.left, pattern.MAX_CHUNK)
        data = pattern.chunk(self.offset, n)
        self.offset += n
        self.left -= n
        return data

    def done(self):
        return self.left == 0


class BytesInput:
    def __init__(self, data):
        self.data = data

    def fileno(self):
        return None

    def take(self, n):
        data = self.data[:n]
        self.data = self.data[n:]
        return data

    def done(self):
        return not self.data


class FdInput:
    """fd 0: read only when select() says it is readable."""

    def __init__(self):
        self.eof = False

    def fileno(self):
        return None if self.eof else 0

    def read(self, n):
        try:
            data = os.read(0, n)
        except OSError:
            data = b""
        if not data:
            self.eof = True
        return data

    def done(self):
        return self.eof


def make_input(o):
    if o.send_bytes is not None:
        return PatternInput(o.send_bytes)
    if o.send_text is not None:
        return BytesInput(o.send_text)
    if o.no_input:
        return BytesInput(b"")
    return FdInput()


# ---- what it receives ----

class Output:
    def __init__(self, mode):
        self.mode = mode
        self.received = 0
        self.hash = sha256() if mode == "sha256" else None
        self.bad_at = -1

    def add(self, data):
        if self.mode == "print":
            sys.stdout.flush()
            os.write(1, data)
        elif self.hash is not None:
            self.hash.update(data)
        elif self.mode == "verify" and self.bad_at < 0:
            at = pattern.mismatch(data, self.received)
            if at >= 0:
                self.bad_at = self.received + at
        self.received += len(data)

    def summary(self):
        text = f"received {self.received} bytes"
        if self.hash is not None:
            text += f", sha256 {self.hash.hexdigest()}"
        elif self.mode == "verify":
            text += ", pattern ok" if self.bad_at < 0 else f", pattern mismatch at byte {self.bad_at}"
        return text


def error_text(e):
    """OSError -> 'ECONNREFUSED (Connection refused)'."""
    if isinstance(e, TimeoutError) and e.errno is None:
        return "ETIMEDOUT (timed out)"
    name = errno.errorcode.get(e.errno, f"errno {e.errno}") if e.errno is not None else type(e).__name__
    reason = e.strerror if e.strerror else str(e)
    return f"{name} ({reason})"


class Failure(Exception):
    """An error already worded for the user."""


# ---- one session: a connected socket, the input and the output ----

class Session:
    def __init__(self, o, sock):
        self.o = o
        self.sock = sock
        self.input = make_input(o)
        self.output = Output(o.output)
        self.pending = b""          # taken from the input, not yet sent
        self.sent = 0
        self.input_ended = False    # all input taken and sent
        self.quit_at = None
        self.peer_eof = False
        self.started = time.monotonic()
        self.last = self.started

    def run(self):
        self.sock.setblocking(False)
        while not self.finished():
            if self.input_ended and self.quit_at is None and self.o.idle is None and not self.o.udp:
                self.drain()
            else:
                self.step()
        elapsed = time.monotonic() - self.started
        return elapsed

    def drain(self):
        """Nothing left to send and no clock to watch: plain blocking reads until the peer's EOF (half the
        syscalls of a select() per read)."""
        self.sock.setblocking(True)
        while not self.peer_eof:
            self.receive()

    def finished(self):
        # The peer's EOF ends a session once the input is sent; console input is not waited for.
        if self.peer_eof and (self.input_ended or isinstance(self.input, FdInput)):
            return True
        if self.quit_at is None and self.o.idle is None:
            return False
        now = time.monotonic()
        if self.quit_at is not None and now >= self.quit_at:
            return True
        return self.o.idle is not None and now - self.last >= self.o.idle

    def timeout(self):
        if self.quit_at is None and self.o.idle is None:
            return None
        now = time.monotonic()
        limits = []
        if self.quit_at is not None:
            limits.append(self.quit_at - now)
        if self.o.idle is not None:
            limits.append(self.last + self.o.idle - now)
        return max(0.0, min(limits)) if limits else None

    def step(self):
        want_write = not self.input_ended and (self.pending or self.input.fileno() is None)
        readers = [] if self.peer_eof else [self.sock]
        stdin = self.input.fileno() if not self.input_ended and not self.pending else None
        if stdin is not None:
            readers.append(stdin)
        readable, writable, _ = select.select(readers, [self.sock] if want_write else [], [], self.timeout())
        if self.sock in readable:
            self.receive()
        if stdin is not None and stdin in readable:
            self.pending = self.input.read(self.o.size)
            if not self.pending:
                self.end_of_input()
        if self.sock in writable:
            self.transmit()

    def receive(self):
        try:
            data = self.sock.recv(self.o.size if not self.o.udp else 65536)
        except BlockingIOError:
            return
        except OSError as e:
            raise Failure(f"nc: recv: {error_text(e)}") from None
        if self.o.idle is not None:
            self.last = time.monotonic()
        if not data and not self.o.udp:
            self.peer_eof = True
            return
        self.output.add(data)

    def transmit(self):
        if not self.pending:
            if self.input.done():
                self.end_of_input()
                return
            self.pending = self.input.take(self.o.size)
        try:
            n = self.sock.send(self.pending)
        except BlockingIOError:
            return
        except OSError as e:
            raise Failure(f"nc: send: {error_text(e)}") from None
        if self.o.idle is not None:
            self.last = time.monotonic()
        self.sent += n
        self.pending = self.pending[n:]
        if not self.pending and self.input.done():
            self.end_of_input()

    def end_of_input(self):
        if self.input_ended:
            return
        self.input_ended = True
        if self.o.shutdown and not self.o.udp:
            try:
                self.sock.shutdown(socket.SHUT_WR)
            except OSError as e:
                raise Failure(f"nc: shutdown: {error_text(e)}") from None
        if self.o.quit_after is not None:
            self.quit_at = time.monotonic() + self.o.quit_after

    def report(self, elapsed):
        if self.o.output != "print" or self.o.verbose:
            sys.stdout.flush()
            print(f"nc: sent {self.sent} bytes, {self.output.summary()} in {elapsed:.3f} s")


def proto_name(o):
    return "udp" if o.udp else "tcp"


def connect(o):
    kind = socket.SOCK_DGRAM if o.udp else socket.SOCK_STREAM
    sock = socket.socket(socket.AF_INET, kind)
    if o.idle is not None and not o.udp:
        sock.settimeout(o.idle)
    try:
        sock.connect((o.host, o.port))
    except OSError as e:
        sock.close()
        raise Failure(f"nc: connect to {o.host} port {o.port} ({proto_name(o)}) failed: {error_text(e)}") from None
    sock.settimeout(None)
    if o.verbose:
        print(f"nc: connected to {o.host} port {o.port} ({proto_name(o)})")
    return sock


def serve_one(o, sock):
    session = Session(o, sock)
    try:
        elapsed = session.run()
    finally:
        sock.close()
    session.report(elapsed)


def listen(o):
    kind = socket.SOCK_DGRAM if o.udp else socket.SOCK_STREAM
    sock = socket.socket(socket.AF_INET, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((o.host or "0.0.0.0", o.port))
    except OSError as e:
        sock.close()
        raise Failure(f"nc: bind to port {o.port}: {error_text(e)}") from None
    if not o.udp:
        sock.listen(8)
    if o.verbose:
        print(f"nc: listening on {o.host or '0.0.0.0'} port {sock.getsockname()[1]} ({proto_name(o)})")
    if o.udp:
        listen_udp(o, sock)
        return
    try:
        while True:
            conn, peer = sock.accept()
            if o.verbose:
                print(f"nc: connection from {peer[0]} port {peer[1]}")
            try:
                serve_one(o, conn)
            except Failure as e:
                if not o.keep:
                    raise
                print(e)
            if not o.keep:
                return
    finally:
        sock.close()


def listen_udp(o, sock):
    """Waits for the first datagram, then talks with its sender alone."""
    data, peer = sock.recvfrom(65536)
    if o.verbose:
        print(f"nc: datagram from {peer[0]} port {peer[1]}")
    sock.connect(peer)
    session = Session(o, sock)
    session.output.add(data)
    session.last = time.monotonic()
    try:
        elapsed = session.run()
    finally:
        sock.close()
    session.report(elapsed)


def main(argv):
    try:
        o = parse_args(argv[1:])
    except UsageError as e:
        print(e)
        return 2
    if o.send_bytes is not None or o.output == "verify":
        pattern.prepare()
    try:
        if o.listen:
            listen(o)
        else:
            serve_one(o, connect(o))
    except Failure as e:
        sys.stdout.flush()
        print(e)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
