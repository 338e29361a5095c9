"""Ethernet II headers and the EtherType registry.

Layers register a handler per EtherType (IPv4 0x0800, ARP 0x0806, IPv6
0x86DD later); the link layer calls dispatch(iface, pkb) for each frame.
"""
from micropython import const
import struct
from net import stats

HEADER_LEN = const(14)
ETH_P_IP = const(0x0800)
ETH_P_ARP = const(0x0806)
ETH_P_IPV6 = const(0x86DD)

_handlers = {}


def parse(pkb):
    """Pulls the 14-byte header; returns (dst, src, ethertype) as (bytes, bytes, int), or None if too short."""
    if len(pkb) < HEADER_LEN:
        return None
    view = pkb.pull(HEADER_LEN)
    return bytes(view[0:6]), bytes(view[6:12]), struct.unpack_from("!H", view, 12)[0]


def push(pkb, dst, src, ethertype):
    view = pkb.push(HEADER_LEN)
    view[0:6] = dst
    view[6:12] = src
    struct.pack_into("!H", view, 12, ethertype)


def register_handler(ethertype, fn):
    """fn(iface, pkb) receives frames of that EtherType with the window after the Ethernet header."""
    _handlers[ethertype] = fn


def unregister_handler(ethertype):
    _handlers.pop(ethertype, None)


def deliver(iface, ethertype, pkb):
    """Hands a headerless packet (from an interface without a MAC, like lo) to its EtherType's handler."""
    handler = _handlers.get(ethertype)
    if handler is None:
        stats.drop("ether", "unknown_ethertype")
        pkb.release()
        return
    pkb.iface = iface
    handler(iface, pkb)


def dispatch(iface, pkb):
    """Hands a received frame to its EtherType's handler; unknown types are counted and dropped."""
    # Every frame comes through here: only the EtherType is read (parse() would make two bytes
    # objects and a tuple nobody uses), straight from the buffer.
    start = pkb.start
    if pkb.end - start < HEADER_LEN:
        stats.drop("ether", "truncated")
        pkb.release()
        return
    mem = pkb.mem
    handler = _handlers.get(mem[start + 12] << 8 | mem[start + 13])
    if handler is None:
        stats.drop("ether", "unknown_ethertype")
        pkb.release()
        return
    pkb.start = start + HEADER_LEN
    pkb.iface = iface
    handler(iface, pkb)
