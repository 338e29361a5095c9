# raise X from Y sets __cause__; implicit chaining sets __context__; from None suppresses.
class ParseError(Exception):
    pass


def parse_port(text):
    try:
        return int(text)
    except ValueError as e:
        raise ParseError(f"bad port {text!r}") from e


for text in ("80", "http"):
    try:
        print(parse_port(text))
    except ParseError as e:
        print(type(e).__name__, e)
        print(" cause:", type(e.__cause__).__name__, e.__cause__)
        print(" suppress:", e.__suppress_context__)


def implicit():
    try:
        {}["missing"]
    except KeyError:
        raise RuntimeError("while handling")


try:
    implicit()
except RuntimeError as e:
    print(e, e.__cause__, type(e.__context__).__name__, e.__context__)


def hidden():
    try:
        1 / 0
    except ZeroDivisionError:
        raise LookupError("clean") from None


try:
    hidden()
except LookupError as e:
    print(e, e.__cause__, e.__suppress_context__, type(e.__context__).__name__)
e = ValueError("plain")
print(e.__cause__, e.__context__)
try:
    raise ValueError("x") from TypeError("y")
except ValueError as err:
    print(err, repr(err.__cause__))
try:
    raise ValueError from KeyError
except ValueError as err:
    print(repr(err), repr(err.__cause__))
print("uncaught chained error next")
parse_port("ssh")
