"""The bytecode instruction set, shared by the compiler and (through the generated
kernel/runtime/opcodes.h) the VM. Every instruction is INSTRUCTION_SIZE bytes: the
opcode and a 16-bit little-endian argument (0 for opcodes below HAVE_ARG, which
take none), so the interpreter decodes each without a test."""
from pathlib import Path

NO_ARG = [
    "NOP", "POP_TOP", "ROT_TWO", "ROT_THREE", "ROT_FOUR", "DUP_TOP", "DUP_TOP_TWO",
    "UNARY_NEG", "UNARY_POS", "UNARY_NOT", "UNARY_INVERT",
    "BINARY_SUBSCR", "STORE_SUBSCR", "DELETE_SUBSCR", "GET_ITER", "RETURN_VALUE",
    "YIELD_VALUE", "GET_YIELD_FROM_ITER", "YIELD_FROM", "POP_BLOCK", "PUSH_EXC_INFO",
    "POP_EXCEPT", "POP_EXCEPT_RERAISE", "RERAISE", "CHECK_EXC_MATCH", "BEFORE_WITH",
    "WITH_EXIT_NORMAL", "WITH_EXCEPT_START", "LIST_TO_TUPLE", "LOAD_NULL",
    "LOAD_ASSERTION_ERROR", "POP_FOR_ITER", "BINARY_SLICE", "STORE_SLICE",
]
WITH_ARG = [
    "LOAD_CONST", "LOAD_FAST", "STORE_FAST", "DELETE_FAST", "LOAD_DEREF", "STORE_DEREF",
    "DELETE_DEREF", "LOAD_CLOSURE", "LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL",
    "LOAD_NAME", "STORE_NAME", "DELETE_NAME", "LOAD_CLASSDEREF", "LOAD_ATTR", "STORE_ATTR",
    "DELETE_ATTR", "LOAD_METHOD", "CALL_METHOD", "CALL_METHOD_KW", "CALL_FUNCTION",
    "CALL_FUNCTION_KW", "CALL_FUNCTION_EX", "CALL_FUNCTION_STAR", "MAKE_FUNCTION", "BUILD_CLASS", "BINARY_OP",
    "COMPARE_OP", "BUILD_TUPLE", "BUILD_LIST", "BUILD_SET", "BUILD_MAP", "BUILD_SLICE",
    "BUILD_STRING", "FORMAT_VALUE", "LIST_APPEND", "SET_ADD", "MAP_ADD", "LIST_EXTEND",
    "SET_UPDATE", "DICT_UPDATE", "DICT_MERGE", "UNPACK_SEQUENCE", "UNPACK_EX", "JUMP",
    "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP",
    "FOR_ITER", "SETUP_FINALLY", "SETUP_CLEANUP", "RAISE_VARARGS", "IMPORT_NAME",
    "IMPORT_FROM",
    # a compare and the conditional jump after it, decided without a bool (the jump's own opcode says which)
    "COMPARE_JUMP_IF_FALSE", "COMPARE_JUMP_IF_TRUE",
    # o[k] op= constant (arg: BINARY_OP's), stack o k constant: counters such as d["name"] += 1
    "SUBSCR_INPLACE",
]

# Fused instructions (toolchain/compiler.py fuse_pairs): the first instruction's opcode is replaced, the
# second's is left in place, so a jump to the second still finds a whole instruction. A fused opcode
# FIRST__SECOND does FIRST's work, then runs SECOND's handler on the next instruction's argument without a
# dispatch; SECOND may itself be fused, so a run of instructions can take one dispatch. Chosen by the pair
# counts of bench/paths (measure.py --ops) and kept few: under TCG the jump to SECOND's handler costs as
# much as a dispatch when it lands on another page, and longer chains measured no better (QEMU user mode
# over the hosted VM built like the kernel: 9% fewer host instructions per packet for these pairs).
CHAINS = {
    "LOAD_FAST": ["LOAD_FAST", "LOAD_ATTR", "LOAD_CONST", "STORE_ATTR", "LOAD_METHOD", "BINARY_OP",
                  "COMPARE_JUMP_IF_FALSE", "COMPARE_JUMP_IF_TRUE"],
    "STORE_FAST": ["LOAD_FAST"],
    "LOAD_CONST": ["BINARY_OP", "COMPARE_OP", "COMPARE_JUMP_IF_FALSE", "COMPARE_JUMP_IF_TRUE", "RETURN_VALUE",
                   "SUBSCR_INPLACE", "LOAD_CONST"],
}
FUSED_NAMES = []            # (fused, first, second) in the order they are defined
for first, seconds in CHAINS.items():
    for second in seconds:
        FUSED_NAMES.append((f"{first}__{second}", first, second))
WITH_ARG += [name for name, _, _ in FUSED_NAMES]
# Fused pairs whose handlers interp.c writes out itself, the second's hit path repeated in them so that the
# hit runs as one straight run of code (left out of FUSED_TABLE).
OWN_HANDLERS = {"LOAD_FAST__LOAD_ATTR", "LOAD_FAST__STORE_ATTR"}
_PLAIN_PAIRS = {("COMPARE_OP", "POP_JUMP_IF_FALSE"): "COMPARE_JUMP_IF_FALSE",
                ("COMPARE_OP", "POP_JUMP_IF_TRUE"): "COMPARE_JUMP_IF_TRUE"}
HAVE_ARG = 64
INSTRUCTION_SIZE = 3

OPS = {}
for i, name in enumerate(NO_ARG):
    OPS[name] = i
for i, name in enumerate(WITH_ARG):
    OPS[name] = HAVE_ARG + i
assert len(NO_ARG) <= HAVE_ARG and HAVE_ARG + len(WITH_ARG) <= 256
globals().update(OPS)
# (first, second) -> the fused opcode that runs both
FUSED = {(OPS[a], OPS[b]): OPS[f] for (a, b), f in _PLAIN_PAIRS.items()}
FUSED.update({(OPS[first], OPS[second]): OPS[name] for name, first, second in FUSED_NAMES})

# MAKE_FUNCTION flags
MF_DEFAULTS, MF_KWDEFAULTS, MF_CLOSURE = 1, 2, 4
# FORMAT_VALUE flags: conversion in the low 2 bits, spec on the stack when bit 2 set
FV_STR, FV_REPR, FV_SPEC = 1, 2, 4


def c_header():
    lines = ["/* Generated from toolchain/opcodes.py: do not edit. */",
             "#ifndef KRAIT_OPCODES_H", "#define KRAIT_OPCODES_H",
             f"#define OP_HAVE_ARG {HAVE_ARG}", f"#define OP_INSTRUCTION_SIZE {INSTRUCTION_SIZE}"]
    for name, num in OPS.items():
        lines.append(f"#define {name} {num}")
    lines.append("#define OPCODE_TABLE(X) \\")
    lines.append(" \\\n".join(f"    X({name})" for name in OPS))
    lines.append("")
    lines.append("/* fused opcodes made of a first instruction's work and a jump to the second's handler */")
    lines.append("#define FUSED_TABLE(X) \\")
    lines.append(" \\\n".join(f"    X({name}, {first}, {second})" for name, first, second in FUSED_NAMES
                              if name not in OWN_HANDLERS))
    lines += ["", "#endif", ""]
    return "\n".join(lines)


def write_c_header():
    path = Path(__file__).resolve().parent.parent / "kernel" / "runtime" / "opcodes.h"
    text = c_header()
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path


if __name__ == "__main__":
    print(write_c_header())
