from .codec import encode, decode
from . import registry

print("pkg.proto init")
__all__ = ["encode", "decode"]
