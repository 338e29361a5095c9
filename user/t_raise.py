"""Test script: fails with an uncaught exception after some output."""
def lookup(table, key):
    return table[key]


print("before the error")
lookup({"answer": 42}, "question")
