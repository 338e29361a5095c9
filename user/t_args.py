"""Test script: prints its name, arguments and a few facts about its namespace."""
import sys

print("argv", sys.argv)
print("name", __name__)
print("args", len(sys.argv) - 1, " ".join(sys.argv[1:]))
total = 0
for word in sys.argv[1:]:
    if word.isdigit():
        total += int(word)
print("sum", total)
