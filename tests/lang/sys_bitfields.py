# Bit-field packing and unpacking for register-style values (like a NIC control register).
FIELDS = [("enable", 0, 1), ("mode", 1, 3), ("speed", 4, 2), ("duplex", 6, 1), ("irq_mask", 8, 8),
          ("queue", 16, 4), ("reserved", 20, 12)]


def pack(values):
    reg = 0
    for name, shift, width in FIELDS:
        v = values.get(name, 0)
        if v >> width:
            raise ValueError(f"{name}={v} does not fit in {width} bits")
        reg |= v << shift
    return reg


def unpack(reg):
    return {name: (reg >> shift) & ((1 << width) - 1) for name, shift, width in FIELDS}


def set_field(reg, name, value):
    for n, shift, width in FIELDS:
        if n == name:
            mask = ((1 << width) - 1) << shift
            return (reg & ~mask) | ((value << shift) & mask)
    raise KeyError(name)


reg = pack({"enable": 1, "mode": 5, "speed": 2, "duplex": 1, "irq_mask": 0xA5, "queue": 9})
print(hex(reg), f"{reg:032b}")
print(unpack(reg))
reg = set_field(reg, "speed", 3)
reg = set_field(reg, "enable", 0)
print(hex(reg), unpack(reg)["speed"], unpack(reg)["enable"])
for bad in ({"mode": 8}, {"queue": 16}, {"speed": -1}):
    try:
        pack(bad)
    except ValueError as e:
        print(type(e).__name__, e)
try:
    set_field(0, "nope", 1)
except KeyError as e:
    print(type(e).__name__, e)
print(hex(set_field(0xFFFFFFFF, "irq_mask", 0)), hex(set_field(0, "reserved", 0xFFF)))
for value in (0, 0xFFFFFFFF, 0x12345678):
    fields = unpack(value)
    print(hex(value), fields["mode"], fields["queue"], pack(fields) == value)


def reverse_bits8(b):
    r = 0
    for _ in range(8):
        r = (r << 1) | (b & 1)
        b >>= 1
    return r


print([hex(reverse_bits8(b)) for b in (0x01, 0x80, 0xF0, 0xA5)])
print(sum(bin(b).count("1") for b in range(256)))
