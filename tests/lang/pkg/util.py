print("pkg.util init")
CALLS = []


def double(x):
    CALLS.append(x)
    return x * 2


def clamp(x, lo=0, hi=255):
    return lo if x < lo else hi if x > hi else x


class Counter:
    def __init__(self, start=0):
        self.value = start

    def bump(self, by=1):
        self.value += by
        return self.value
