"""Test script: sleeps in the kernel for the given seconds, then reports."""
import sys
import time

start = time.monotonic()
try:
    time.sleep(float(sys.argv[1]))
    print("slept", round(time.monotonic() - start, 1))
except KeyboardInterrupt:
    print("sleep interrupted after", round(time.monotonic() - start, 1))
