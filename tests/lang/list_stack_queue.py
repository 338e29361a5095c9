# Lists as stacks and queues: bracket matching, RPN evaluation, and round-robin scheduling.
def balanced(text):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack.pop() != pairs[ch]:
                return False
    return not stack


for t in ("([]{})", "(]", "((", "", "{[()()]}", "}"):
    print(repr(t), balanced(t))


def rpn(expr):
    stack = []
    for tok in expr.split():
        if tok in "+-*/":
            b, a = stack.pop(), stack.pop()
            stack.append(a + b if tok == "+" else a - b if tok == "-" else a * b if tok == "*" else a // b)
        else:
            stack.append(int(tok))
    return stack


print(rpn("3 4 + 2 *"), rpn("5 1 2 + 4 * + 3 -"), rpn("2 3 4"), rpn(""))
try:
    rpn("1 +")
except IndexError as e:
    print(type(e).__name__, e)
tasks = [["net", 3], ["disk", 1], ["shell", 2]]
order = []
while tasks:
    task = tasks.pop(0)
    order.append(task[0])
    task[1] -= 1
    if task[1]:
        tasks.append(task)
print(order)
history = []
for cmd in ("ls", "cd /", "ls", "pwd", "exit"):
    history.append(cmd)
    if len(history) > 3:
        history.pop(0)
print(history, history[-1], history[::-1])
undo = [1, 2, 3]
redo = []
while undo:
    redo.append(undo.pop())
print(undo, redo)
