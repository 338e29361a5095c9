"""Test script: spins forever (Ctrl-C or kill ends it)."""
import sys

print("looping", *sys.argv[1:])
n = 0
while True:
    n += 1
