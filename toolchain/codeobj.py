"""Code objects and their serialisation into the module image format (FORMAT.md)."""
import struct
from dataclasses import dataclass


@dataclass(eq=False)
class CodeObject:
    name: str
    qualname: str
    filename: str
    code: bytes
    consts: tuple
    names: tuple
    varnames: tuple
    cellvars: tuple
    freevars: tuple
    linetable: bytes
    cell2arg: object
    argcount: int
    posonly: int
    kwonly: int
    nlocals: int
    stacksize: int
    flags: int
    firstline: int


def _u32(n):
    return struct.pack("<I", n)


def dump_value(v, out):
    if v is None:
        out.append(ord("N"))
    elif v is True:
        out.append(ord("T"))
    elif v is False:
        out.append(ord("F"))
    elif v is Ellipsis:
        out.append(ord("E"))
    elif isinstance(v, int):
        if -(1 << 63) <= v < (1 << 63):
            out.append(ord("i"))
            out += struct.pack("<q", v)
        else:
            text = str(v).encode()
            out.append(ord("I"))
            out += _u32(len(text)) + text
    elif isinstance(v, float):
        out.append(ord("f"))
        out += struct.pack("<d", v)
    elif isinstance(v, str):
        data = v.encode("utf-8", "surrogatepass")
        out.append(ord("s"))
        out += _u32(len(data)) + data
    elif isinstance(v, bytes):
        out.append(ord("b"))
        out += _u32(len(v)) + v
    elif isinstance(v, (tuple, frozenset)):
        out.append(ord("t") if isinstance(v, tuple) else ord("z"))
        out += _u32(len(v))
        for x in v:
            dump_value(x, out)
    elif isinstance(v, CodeObject):
        dump_code(v, out)
    else:
        raise TypeError(f"cannot serialise constant {v!r}")


def dump_code(c, out):
    out.append(ord("c"))
    out += struct.pack("<8HI", c.argcount, c.posonly, c.kwonly, c.nlocals, len(c.cellvars),
                       len(c.freevars), c.stacksize, c.flags, c.firstline)
    for v in (c.name, c.qualname, c.filename, c.code, c.consts, c.names, c.varnames,
              c.cellvars, c.freevars, c.linetable, c.cell2arg):
        dump_value(v, out)


MAGIC = b"KRB2"             # 2: fixed-size instructions


def dump_bundle(script_path, modules):
    """modules: list of (name, filename, is_package, CodeObject); the first is __main__."""
    out = bytearray(MAGIC)
    dump_value(script_path, out)
    out += _u32(len(modules))
    for name, filename, is_pkg, code in modules:
        dump_value(name, out)
        dump_value(filename, out)
        out.append(1 if is_pkg else 0)
        dump_code(code, out)
    return bytes(out)
