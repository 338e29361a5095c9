"""Test script: duplicates fd 1 until EMFILE, then checks that only it is limited."""
import os

fds = []
try:
    while True:
        fds.append(os.dup(1))
except OSError as e:
    print("dup failed:", e.errno, e.strerror, "after", len(fds), "fds; last", fds[-1])
print("pid", os.getpid())
