# A fixed-point number class implementing the full set of comparison and arithmetic dunders.
class Fixed:
    SCALE = 1000

    def __init__(self, raw):
        self.raw = raw

    @classmethod
    def of(cls, value):
        return cls(round(value * cls.SCALE))

    def _coerce(self, other):
        return other if isinstance(other, Fixed) else Fixed.of(other)

    def __add__(self, o):
        return Fixed(self.raw + self._coerce(o).raw)

    __radd__ = __add__

    def __sub__(self, o):
        return Fixed(self.raw - self._coerce(o).raw)

    def __rsub__(self, o):
        return Fixed(self._coerce(o).raw - self.raw)

    def __mul__(self, o):
        return Fixed(self.raw * self._coerce(o).raw // Fixed.SCALE)

    __rmul__ = __mul__

    def __truediv__(self, o):
        return Fixed(self.raw * Fixed.SCALE // self._coerce(o).raw)

    def __neg__(self):
        return Fixed(-self.raw)

    def __abs__(self):
        return Fixed(abs(self.raw))

    def __eq__(self, o):
        return self.raw == self._coerce(o).raw

    def __lt__(self, o):
        return self.raw < self._coerce(o).raw

    def __le__(self, o):
        return self.raw <= self._coerce(o).raw

    def __gt__(self, o):
        return self.raw > self._coerce(o).raw

    def __ge__(self, o):
        return self.raw >= self._coerce(o).raw

    def __hash__(self):
        return hash(self.raw)

    def __repr__(self):
        sign = "-" if self.raw < 0 else ""
        whole, frac = divmod(abs(self.raw), Fixed.SCALE)
        return f"{sign}{whole}.{frac:03d}"


a, b = Fixed.of(1.5), Fixed.of(-0.25)
print(a, b, a + b, a - b, a * b, a / b, -a, abs(b), 1 + a, 2 - a, 3 * b)
print(a > b, a >= 1.5, b < 0, a == 1.5, a != b, b <= -0.25, sorted([a, b, Fixed.of(0.75)]))
print(sum([a, a, b], Fixed(0)), max(a, b), {a: "x"}[Fixed.of(1.5)], len({a, Fixed.of(1.5), b}))
total = Fixed(0)
for step in range(5):
    total += Fixed.of(0.1)
print(total, total == 0.5)
