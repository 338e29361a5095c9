"""Helper module with module-level state, imported by several programs."""
print("_lib_state loaded")
counter = 0
registry = {}


def register(name, value):
    global counter
    counter += 1
    registry[name] = value
    return counter


def snapshot():
    return counter, sorted(registry.items())
