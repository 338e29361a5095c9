"""Test script: reads lines typed on the console with input() until Ctrl-D."""
count = 0
while True:
    try:
        line = input("> ")
    except EOFError:
        print("eof after", count, "lines")
        break
    count += 1
    print("got", repr(line))
