"""Test script: catches every exception and keeps spinning; only a kill ends it."""
print("stubborn")
while True:
    try:
        while True:
            pass
    except BaseException as e:
        print("caught", type(e).__name__)
