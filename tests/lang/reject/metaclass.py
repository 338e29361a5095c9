# expect: 6:1 metaclass
class Registry(type):
    pass


class Driver(metaclass=Registry):
    name = "e1000"
