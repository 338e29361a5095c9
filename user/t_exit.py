"""Test script: exits with the status given as its argument: sys.exit, or with
`hard` os._exit, which no except clause can stop."""
import os
import sys

print("exiting with", sys.argv[1])
if sys.argv[2:] == ["hard"]:
    try:
        os._exit(int(sys.argv[1]))
    except BaseException as e:
        print("caught", type(e).__name__)
        while True:
            pass
sys.exit(int(sys.argv[1]))
