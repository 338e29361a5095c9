"""Helper package for the import tests."""
print("pkg init")
VERSION = (1, 2)
NAME = "pkg"


def describe():
    return NAME + " v" + ".".join(str(n) for n in VERSION)
