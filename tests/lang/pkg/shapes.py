from . import util
from .util import clamp as clip

__all__ = ["Square", "area_sum"]


class Shape:
    def area(self):
        raise NotImplementedError("area")


class Square(Shape):
    def __init__(self, side):
        self.side = clip(side, 0, 100)

    def area(self):
        return util.double(self.side) * self.side // 2

    def __repr__(self):
        return f"Square({self.side})"


def area_sum(shapes):
    return sum(s.area() for s in shapes)


_hidden = "not exported"
