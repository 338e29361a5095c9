from .registry import lookup_id, lookup_name

print("pkg.proto.codec init")


def encode(name, payload):
    return bytes([lookup_id(name), len(payload)]) + payload


def decode(frame):
    if len(frame) < 2 or len(frame) - 2 != frame[1]:
        raise ValueError("bad frame")
    return lookup_name(frame[0]), frame[2:]
