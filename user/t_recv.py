"""Test script: binds a UDP port and blocks in recvfrom until interrupted."""
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", int(sys.argv[1])))
print("waiting on", s.getsockname()[1])
try:
    s.recvfrom(100)
except KeyboardInterrupt:
    print("recvfrom interrupted")
