# Exceptions defined in another module cross module boundaries intact.
from pkg.errors import NetError, TimeoutError_, explode
import pkg.errors as errs

for kind in ("value", "timeout", "none"):
    try:
        print("result", explode(kind))
    except NetError as e:
        print("net", type(e).__name__, e, e.seconds)
    except ValueError as e:
        print("value", e)
print(issubclass(TimeoutError_, NetError), issubclass(NetError, Exception))
try:
    raise errs.TimeoutError_(30)
except Exception as e:
    print(type(e).__name__, e.args, e.seconds)
e = TimeoutError_(1)
print(str(e), repr(e.seconds))
print(isinstance(e, errs.NetError))
try:
    try:
        explode("timeout")
    except TimeoutError_ as inner:
        raise RuntimeError("wrapped") from inner
except RuntimeError as outer:
    print(outer, type(outer.__cause__).__name__, outer.__cause__)
print("about to fail")
explode("timeout")
