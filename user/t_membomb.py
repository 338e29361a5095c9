"""Test script: allocates until the process's memory allowance stops it."""
import sys

hold = []
step = int(sys.argv[1]) if len(sys.argv) > 1 else 1 << 20
try:
    while True:
        hold.append(bytearray(step))
except MemoryError:
    got = len(hold) * step
    hold = None
    print("MemoryError after", got // (1 << 20), "MiB")
if len(sys.argv) > 2:
    bomb = []
    while True:                 # this time uncaught: the process ends, the kernel does not
        bomb.append("x" * 100000 + str(len(bomb)))
