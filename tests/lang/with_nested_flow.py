# with-statements nested with loops, try/finally and generators: every exit path releases in order.
trail = []


class Step:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        trail.append("+" + self.name)
        return self.name

    def __exit__(self, et, ev, tb):
        trail.append("-" + self.name + ("!" if et else ""))


def scenario(mode):
    trail.clear()
    try:
        with Step("a"):
            for i in range(3):
                with Step(f"b{i}"):
                    try:
                        with Step("c"):
                            if mode == "break" and i == 1:
                                break
                            if mode == "raise" and i == 2:
                                raise ValueError(i)
                            if mode == "return" and i == 0:
                                return "early"
                    finally:
                        trail.append(f"f{i}")
    except ValueError as e:
        trail.append(f"caught {e}")
    return "done"


for mode in ("normal", "break", "raise", "return"):
    print(mode, scenario(mode))
    print("  ", " ".join(trail))


def gen():
    with Step("gen"):
        yield 1
        yield 2


trail.clear()
print(list(gen()), trail)
