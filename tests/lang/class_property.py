# @property getters, setters with validation, deleters, and read-only properties.
class Port:
    def __init__(self, number):
        self._number = None
        self.number = number
        self.history = []

    @property
    def number(self):
        return self._number

    @number.setter
    def number(self, value):
        if not 0 < value < 65536:
            raise ValueError(f"port out of range: {value}")
        self._number = value

    @number.deleter
    def number(self):
        self._number = None

    @property
    def privileged(self):
        return self._number is not None and self._number < 1024


p = Port(80)
print(p.number, p.privileged)
p.number = 8080
print(p.number, p.privileged)
for bad in (0, 70000, -1):
    try:
        p.number = bad
    except ValueError as e:
        print(type(e).__name__, e)
print(p.number)
try:
    p.privileged = True
except AttributeError as e:
    print(type(e).__name__)
del p.number
print(p.number, p.privileged)


class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius

    @property
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, f):
        self.celsius = (f - 32) * 5 / 9


t = Temperature(100)
print(t.fahrenheit)
t.fahrenheit = 32
print(t.celsius)
print(type(Temperature.fahrenheit).__name__)
