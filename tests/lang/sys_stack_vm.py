# A tiny stack-based bytecode interpreter: assemble, run, and trap errors.
OPS = {"push": 1, "add": 2, "sub": 3, "mul": 4, "dup": 5, "swap": 6, "jz": 7, "jmp": 8, "print": 9, "halt": 10}
NAMES = {v: k for k, v in OPS.items()}


def assemble(src):
    code = bytearray()
    labels, fixups = {}, []
    for line in src.strip().splitlines():
        parts = line.split()
        if parts[0].endswith(":"):
            labels[parts[0][:-1]] = len(code)
            continue
        code.append(OPS[parts[0]])
        if parts[0] == "push":
            code += int(parts[1]).to_bytes(2, "big", signed=True)
        elif parts[0] in ("jz", "jmp"):
            fixups.append((len(code), parts[1]))
            code += b"\x00\x00"
    for pos, label in fixups:
        code[pos:pos + 2] = labels[label].to_bytes(2, "big")
    return bytes(code)


def run(code, limit=1000):
    stack, pc, out, steps = [], 0, [], 0
    while steps < limit:
        steps += 1
        op = code[pc]
        pc += 1
        name = NAMES[op]
        if name == "push":
            stack.append(int.from_bytes(code[pc:pc + 2], "big", signed=True))
            pc += 2
        elif name in ("add", "sub", "mul"):
            b, a = stack.pop(), stack.pop()
            stack.append(a + b if name == "add" else a - b if name == "sub" else a * b)
        elif name == "dup":
            stack.append(stack[-1])
        elif name == "swap":
            stack[-1], stack[-2] = stack[-2], stack[-1]
        elif name in ("jz", "jmp"):
            target = int.from_bytes(code[pc:pc + 2], "big")
            pc += 2
            if name == "jmp" or stack.pop() == 0:
                pc = target
        elif name == "print":
            out.append(stack[-1])
        elif name == "halt":
            return out, stack, steps
    raise RuntimeError(f"step limit {limit} exceeded at pc={pc}")


countdown = """
push 5
loop:
print
push -1
add
dup
jz end
jmp loop
end:
halt
"""
code = assemble(countdown)
print(code.hex(), len(code))
print(run(code))
print(run(assemble("push 6\npush 7\nmul\nprint\npush 2\nswap\nsub\nprint\nhalt")))
for bad in ("add\nhalt", "loop:\njmp loop"):
    try:
        print(run(assemble(bad)))
    except (IndexError, RuntimeError) as e:
        print(type(e).__name__, e)
