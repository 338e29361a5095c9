from .. import util
from ..util import Counter
from . import LEVEL

print("pkg.sub.deep init", LEVEL)
shared = Counter(100)


def nested_double(x):
    return util.double(util.double(x))


class DeepError(Exception):
    pass


def fail(msg):
    raise DeepError(msg)
