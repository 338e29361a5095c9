"""IPv4 addresses as ints, and MAC addresses as 6-byte strings.

Inside the stack an IPv4 address is a 32-bit int (host order of the value,
network order when packed with "!I"): comparisons and masking are then
plain integer operations, with no allocation on the packet path.
"""

AF_INET = 2             # Linux values, so routes and sockets can be keyed by family
AF_INET6 = 10

ANY = 0
LIMITED_BROADCAST = 0xFFFFFFFF
BROADCAST_MAC = b"\xff\xff\xff\xff\xff\xff"
ZERO_MAC = b"\x00\x00\x00\x00\x00\x00"


def parse_ipv4(text):
    """'192.168.1.10' -> int; raises ValueError on anything but four decimal octets."""
    parts = text.split(".")
    if len(parts) != 4:
        raise ValueError("bad IPv4 address: " + text)
    value = 0
    for part in parts:
        if not part.isdigit() or len(part) > 3:
            raise ValueError("bad IPv4 address: " + text)
        octet = int(part)
        if octet > 255:
            raise ValueError("bad IPv4 address: " + text)
        value = (value << 8) | octet
    return value


def format_ipv4(value):
    return f"{(value >> 24) & 255}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}"


def prefix_mask(prefix_len):
    """Netmask int of a prefix length: 24 -> 0xFFFFFF00."""
    if prefix_len < 0 or prefix_len > 32:
        raise ValueError("bad prefix length")
    if prefix_len == 0:
        return 0
    return (0xFFFFFFFF << (32 - prefix_len)) & 0xFFFFFFFF


def mask_prefix(mask):
    """Prefix length of a contiguous netmask: 0xFFFFFF00 -> 24; ValueError if not contiguous."""
    length = 0
    bit = 0x80000000
    while bit and (mask & bit):
        length += 1
        bit >>= 1
    if mask != prefix_mask(length):
        raise ValueError("non-contiguous netmask")
    return length


def parse_cidr(text):
    """'10.0.0.0/8' -> (address, prefix_len); a bare address means /32."""
    slash = text.find("/")
    if slash < 0:
        return parse_ipv4(text), 32
    length_text = text[slash + 1:]
    if not length_text.isdigit():
        raise ValueError("bad prefix length: " + text)
    return parse_ipv4(text[:slash]), int(length_text)


def network_of(address, prefix_len):
    return address & prefix_mask(prefix_len)


def broadcast_of(address, prefix_len):
    return address | (~prefix_mask(prefix_len) & 0xFFFFFFFF)


def is_multicast(address):
    return (address >> 28) == 0xE           # 224.0.0.0/4


def is_martian_source(address):
    """Sources no valid datagram carries: 0/8 (but 0.0.0.0 alone is DHCP), multicast, class E, broadcast."""
    top = address >> 24
    if address == 0:
        return False
    return top == 0 or top >= 224


def format_mac(mac):
    return ":".join([f"{b:02x}" for b in mac])


def parse_mac(text):
    parts = text.split(":")
    if len(parts) != 6:
        raise ValueError("bad MAC address: " + text)
    return bytes([int(p, 16) for p in parts])


def multicast_mac(address):
    """RFC 1112 mapping of an IPv4 multicast group to its Ethernet address."""
    return bytes([0x01, 0x00, 0x5E, (address >> 16) & 0x7F, (address >> 8) & 0xFF, address & 0xFF])
