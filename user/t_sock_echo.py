"""Socket test script: an echo server for a peer outside Krait.
t_sock_echo PORT [CONNECTIONS] [udp]: echoes each TCP connection until the peer closes
(or, with udp, echoes CONNECTIONS datagrams), then exits."""
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 7
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1
udp = len(sys.argv) > 3 and sys.argv[3] == "udp"

if udp:
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    print("echo: udp ready on", port)
    for i in range(count):
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)
    print("echo: udp echoed", count, "datagrams")
    s.close()
    sys.exit(0)

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("0.0.0.0", port))
srv.listen(8)
print("echo: tcp ready on", port)
for i in range(count):
    conn, peer = srv.accept()
    total = 0
    while True:
        data = conn.recv(65536)
        if not data:
            break
        conn.sendall(data)
        total += len(data)
    conn.close()
    print("echo: connection", i + 1, "echoed", total, "bytes")
srv.close()
