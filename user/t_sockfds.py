"""Test script: opens UDP sockets until EMFILE, closes one, opens again; the
kernel closes the rest when the script ends."""
import socket

socks = []
try:
    while True:
        socks.append(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
except OSError as e:
    print("socket failed:", e.errno, e.strerror, "after", len(socks), "sockets; last fd", socks[-1].fileno())
socks.pop().close()
again = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
print("reopened fd", again.fileno())
