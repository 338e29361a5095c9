"""echo: the echo service (RFC 862). usage: echo.py [-u] [-q] [PORT]   (port 7 by default)

TCP by default: every byte a client sends comes back, to any number of clients
at once (one poll() loop; a client's input is read only once what it was
sent before has gone, so a client that does not read cannot grow the buffers).
-u: UDP, every datagram goes back to its sender. -q: no log lines past the first.
"""
import select
import socket
import sys

RECV_SIZE = 65536
quiet = False


def log(text):
    if not quiet:
        print(f"echo: {text}")


class Client:
    def __init__(self, sock, peer):
        self.sock = sock
        self.peer = peer
        self.pending = b""          # received, not yet sent back
        self.eof = False

    def fileno(self):
        return self.sock.fileno()

    def on_readable(self):
        """False once the client is finished with."""
        try:
            data = self.sock.recv(RECV_SIZE)
        except BlockingIOError:
            return True
        except OSError:
            return False
        if not data:
            self.eof = True
            return False
        self.pending = data
        return self.on_writable()

    def on_writable(self):
        while self.pending:
            try:
                sent = self.sock.send(self.pending)
            except BlockingIOError:
                return True
            except OSError:
                return False
            self.pending = self.pending[sent:]
        return True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def serve_tcp(port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)     # accepted sockets inherit it
    listener.bind(("0.0.0.0", port))
    listener.listen(64)
    listener.setblocking(False)
    print(f"echo: tcp port {listener.getsockname()[1]}")
    lfd = listener.fileno()
    clients = {}                    # fd -> Client
    poller = select.poll()
    poller.register(lfd, select.POLLIN)
    while True:
        for fd, events in poller.poll():
            if fd == lfd:
                for c in accept_all(listener):
                    clients[c.fileno()] = c
                    poller.register(c.fileno(), select.POLLIN)
                continue
            c = clients.get(fd)
            if c is None:
                continue
            waiting = bool(c.pending)
            if waiting:
                alive = c.on_writable()
            else:
                alive = c.on_readable()
            if not alive:
                poller.unregister(fd)
                del clients[fd]
                c.close()
            elif bool(c.pending) != waiting:
                # a client's input is read only once what it was sent before has gone
                poller.modify(fd, select.POLLOUT if c.pending else select.POLLIN)


def accept_all(listener):
    """The clients waiting on the listener, made non-blocking."""
    new = []
    while True:
        try:
            sock, peer = listener.accept()
        except BlockingIOError:
            return new
        except OSError as e:
            log(f"accept: {e}")
            return new
        sock.setblocking(False)         # (TCP_NODELAY comes from the listener, as on Linux)
        new.append(Client(sock, peer))


def serve_udp(port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("0.0.0.0", port))
    print(f"echo: udp port {sock.getsockname()[1]}")
    while True:
        data, peer = sock.recvfrom(RECV_SIZE)
        try:
            sock.sendto(data, peer)
        except OSError as e:
            log(f"sendto {peer[0]}:{peer[1]}: {e}")


def main(argv):
    global quiet
    udp = False
    port = 7
    for arg in argv[1:]:
        if arg == "-u":
            udp = True
        elif arg == "-q":
            quiet = True
        elif arg.isdigit() and int(arg) <= 65535:
            port = int(arg)
        else:
            print("usage: echo.py [-u] [-q] [PORT]")
            return 2
    try:
        if udp:
            serve_udp(port)
        else:
            serve_tcp(port)
    except KeyboardInterrupt:
        log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
