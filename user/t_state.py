"""Test script: module state starts fresh in every process (errno and struct are re-made for each)."""
import errno
import struct

errno.COUNTER = getattr(errno, "COUNTER", 0) + 1
struct.COUNTER = getattr(struct, "COUNTER", 0) + 1
print("state", errno.COUNTER, struct.COUNTER)
try:
    marker      # noqa: F821 (t_escape adds it to its own builtins)
    print("builtins leaked")
except NameError:
    print("builtins fresh")
