"""Socket test script: a client for an echo server outside Krait.
t_sock_client HOST PORT [BYTES]: sends BYTES of a pattern while reading the echo
(select, nonblocking), then half-closes and checks what came back."""
import select
import socket
import sys

host = sys.argv[1]
port = int(sys.argv[2])
size = int(sys.argv[3]) if len(sys.argv) > 3 else 300000

try:
    s = socket.create_connection((host, port), timeout=10)
except OSError as e:
    print("client:", type(e).__name__, e)
    sys.exit(2)
pattern = bytes((i * 13 + 5) & 255 for i in range(251))
payload = (pattern * (size // 251 + 1))[:size]
s.setblocking(False)
sent = 0
got = bytearray()
while True:
    writers = [s] if sent < size else []
    readable, writable, _ = select.select([s], writers, [], 20)
    if not readable and not writable:
        print("client: stalled at", sent, len(got))
        sys.exit(1)
    if writable:
        sent += s.send(payload[sent:sent + 65536])
        if sent == size:
            s.shutdown(socket.SHUT_WR)
    if readable:
        part = s.recv(65536)
        if not part:
            break
        got += part
s.close()
print("client: sent", sent, "received", len(got), "intact", bytes(got) == payload)
