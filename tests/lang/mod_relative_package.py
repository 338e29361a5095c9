# A package whose __init__ re-exports names from submodules imported with relative imports.
from pkg.proto import encode, decode
import pkg.proto
from pkg.proto import registry as reg
from pkg.proto.codec import decode as decode_again

print(decode is decode_again, pkg.proto.registry is reg)
frames = [encode("ping", b""), encode("data", b"abc"), encode("pong", b"\x00")]
print([f.hex() for f in frames])
print([decode(f) for f in frames])
reg.register("echo", 9)
print(decode(encode("echo", b"hi")), decode(b"\x63\x01z"))
for bad in (b"", b"\x01\x05ab"):
    try:
        decode(bad)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    encode("nope", b"")
except KeyError as e:
    print(type(e).__name__, e)
print(pkg.proto.__all__, sorted(n for n in dir(pkg.proto) if not n.startswith("_")))
print(pkg.proto.codec.lookup_id("data"), pkg.proto.codec.lookup_name(2))
import pkg.proto.codec as codec_mod
print(codec_mod.encode is encode, codec_mod.__name__, reg.__name__)
total = 0
for name in ("ping", "pong", "data", "echo"):
    total += reg.lookup_id(name)
    print(name, reg.lookup_id(name), total)
