"""The Krait compiler: CPython's `ast` parses, this module emits Krait bytecode.

One CodeUnit per scope (module, class body, function, lambda, comprehension).
Scopes come from CPython's own `symtable`, so name resolution matches CPython.
A construct outside the subset raises CompileError("PATH:LINE:COL: unsupported: X").
"""
import ast
import symtable
import _symtable

from . import opcodes as op
from .codeobj import CodeObject

CELL = _symtable.CELL
FREE = _symtable.FREE


class CompileError(Exception):
    pass


def unsupported(path, node, what):
    return CompileError(f"{path}:{node.lineno}:{node.col_offset + 1}: unsupported: {what}")


BINOPS = {ast.Add: 0, ast.Sub: 1, ast.Mult: 2, ast.Div: 3, ast.FloorDiv: 4, ast.Mod: 5,
          ast.Pow: 6, ast.LShift: 7, ast.RShift: 8, ast.BitAnd: 9, ast.BitOr: 10,
          ast.BitXor: 11, ast.MatMult: 12}
INPLACE = 16
CMPOPS = {ast.Lt: 0, ast.LtE: 1, ast.Eq: 2, ast.NotEq: 3, ast.Gt: 4, ast.GtE: 5,
          ast.In: 6, ast.NotIn: 7, ast.Is: 8, ast.IsNot: 9}
UNARY = {ast.USub: op.UNARY_NEG, ast.UAdd: op.UNARY_POS, ast.Not: op.UNARY_NOT,
         ast.Invert: op.UNARY_INVERT}

SCOPE_NODES = (ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.ListComp, ast.SetComp,
               ast.DictComp, ast.GeneratorExp)
COMP_NAMES = {ast.ListComp: "listcomp", ast.SetComp: "setcomp", ast.DictComp: "dictcomp",
              ast.GeneratorExp: "genexpr"}


class Label:
    __slots__ = ("pos",)

    def __init__(self):
        self.pos = None


class FBlock:
    """A compile-time block that break/continue/return must unwind through."""

    def __init__(self, kind, label=None, exit_label=None, data=None):
        self.kind = kind            # 'loop_for', 'loop_while', 'try', 'finally_try', 'finally_end',
        self.label = label          # 'handler', 'handler_named', 'with'
        self.exit_label = exit_label
        self.data = data


def has_yield(node):
    """True when the scope's own body yields (nested scopes excluded)."""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        n = stack.pop()
        if isinstance(n, (ast.Yield, ast.YieldFrom)):
            return True
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            # their decorators/defaults belong to us, their bodies do not
            if not isinstance(n, ast.Lambda):
                stack.extend(n.decorator_list)
            if not isinstance(n, ast.ClassDef):
                stack.extend(n.args.defaults)
                stack.extend(d for d in n.args.kw_defaults if d is not None)
            else:
                stack.extend(n.bases)
            continue
        if isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            stack.append(n.generators[0].iter)
            continue
        stack.extend(ast.iter_child_nodes(n))
    return False


class CodeUnit:
    def __init__(self, compiler, table, kind, name, qualname, firstline):
        self.c = compiler
        self.table = table
        self.kind = kind            # 'module', 'class', 'function'
        self.name = name
        self.qualname = qualname
        self.firstline = firstline
        self.instrs = []            # [op, arg, line] or Label
        self.consts = []
        self.const_index = {}
        self.names = []
        self.name_index = {}
        self.varnames = []
        self.cellvars = []
        self.freevars = []
        self.fblocks = []
        self.flags = 0
        self.argcount = self.posonly = self.kwonly = 0
        self.line = firstline
        self.children = list(table.get_children()) if table is not None else []
        self.symbols = {}
        if table is not None:
            for s in table.get_symbols():
                self.symbols[s.get_name()] = s
        self.needs_class_cell = False

    # --- emission ---
    def emit(self, opcode, arg=0):
        self.instrs.append([opcode, arg, self.line])

    def label(self, lab):
        self.instrs.append(lab)

    def const(self, value):
        key = (type(value), value if not isinstance(value, float) else repr(value))
        if isinstance(value, (tuple, CodeObject)):
            key = (type(value), id(value)) if isinstance(value, CodeObject) else (tuple, repr(value), tuple(type(v) for v in value))
        if key not in self.const_index:
            self.const_index[key] = len(self.consts)
            self.consts.append(value)
        return self.const_index[key]

    def name_idx(self, name):
        if name not in self.name_index:
            self.name_index[name] = len(self.names)
            self.names.append(name)
        return self.name_index[name]

    def var_idx(self, name):
        if name not in self.varnames:
            self.varnames.append(name)
        return self.varnames.index(name)

    def deref_idx(self, name):
        if name in self.cellvars:
            return self.cellvars.index(name)
        return len(self.cellvars) + self.freevars.index(name)

    def take_child(self, name, lineno, skip=0):
        for i, t in enumerate(self.children):
            if t.get_name() == name and t.get_lineno() == lineno:
                if skip:
                    skip -= 1
                    continue
                return self.children.pop(i)
        for i, t in enumerate(self.children):
            if t.get_name() == name:
                return self.children.pop(i)
        raise CompileError(f"{self.c.path}:{lineno}:1: internal: no scope for {name}")


class Compiler:
    def __init__(self, path, source, module_name):
        self.path = path
        self.source = source
        self.module_name = module_name
        self.unit = None
        self.consts = None          # {name: int} of the module's const() names, or None without the import

    def error(self, node, what):
        return unsupported(self.path, node, what)

    # ---------------------------------------------------------------- entry
    def compile_module(self):
        try:
            tree = ast.parse(self.source, filename=self.path)
        except SyntaxError as e:
            raise CompileError(f"{self.path}:{e.lineno}:{e.offset or 1}: syntax error: {e.msg}") from None
        self.check_unsupported(tree)
        try:
            table = symtable.symtable(self.source, self.path, "exec")
            compile(self.source, self.path, "exec", dont_inherit=True)
        except SyntaxError as e:
            raise CompileError(f"{self.path}:{e.lineno}:{e.offset or 1}: syntax error: {e.msg}") from None
        self.consts = module_consts(tree, self.path)
        unit = CodeUnit(self, table, "module", "<module>", "<module>", 1)
        self.unit = unit
        body = tree.body
        self.compile_body(body)
        unit.emit(op.LOAD_CONST, unit.const(None))
        unit.emit(op.RETURN_VALUE)
        return self.assemble(unit)

    def check_unsupported(self, tree):
        for n in ast.walk(tree):
            what = None
            if isinstance(n, ast.AsyncFunctionDef):
                what = "async def"
            elif isinstance(n, ast.Await):
                what = "await"
            elif isinstance(n, ast.AsyncFor):
                what = "async for"
            elif isinstance(n, ast.AsyncWith):
                what = "async with"
            elif isinstance(n, ast.Match):
                what = "match statement"
            elif isinstance(n, ast.TryStar):
                what = "except*"
            elif isinstance(n, ast.ClassDef):
                if any(k.arg == "metaclass" for k in n.keywords):
                    what = "metaclass"
                elif len(n.bases) > 1:
                    what = "multiple inheritance"
                elif n.keywords:
                    what = "class keyword arguments"
                elif any(isinstance(b, ast.Starred) for b in n.bases):
                    what = "starred class bases"
            elif isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names):
                what = "import *"
            elif isinstance(n, ast.Constant) and isinstance(n.value, complex):
                what = "complex literal"
            elif isinstance(n, ast.comprehension) and n.is_async:
                what = "async comprehension"
            if what:
                raise self.error(n, what)
        # report the first in source order: ast.walk is breadth-first, so re-sort
        # (done by the walk above raising at the first found; refine ordering)

    def compile_body(self, stmts):
        for s in stmts:
            self.stmt(s)

    # ---------------------------------------------------------------- names
    def scope_of(self, name):
        u = self.unit
        sym = u.symbols.get(name)
        if u.kind == "module":
            return "global"
        if sym is None:
            if u.kind == "class":
                return "name"
            return "global"
        scope = sym._Symbol__scope
        if scope == FREE:
            return "classderef" if u.kind == "class" else "deref"
        if scope == CELL:
            return "deref"
        if sym.is_global() or sym.is_declared_global():
            return "global"
        if u.kind == "class":
            return "name"
        if sym.is_local():
            return "fast"
        return "global"

    def load_name(self, name):
        u = self.unit
        s = self.scope_of(name)
        if s == "global" and self.consts and name in self.consts:
            u.emit(op.LOAD_CONST, u.const(self.consts[name]))
            return
        if s == "fast":
            u.emit(op.LOAD_FAST, u.var_idx(name))
        elif s == "deref":
            u.emit(op.LOAD_DEREF, u.deref_idx(name))
        elif s == "classderef":
            u.emit(op.LOAD_CLASSDEREF, u.deref_idx(name))
        elif s == "name":
            u.emit(op.LOAD_NAME, u.name_idx(name))
        else:
            u.emit(op.LOAD_GLOBAL, u.name_idx(name))

    def store_name(self, name):
        u = self.unit
        s = self.scope_of(name)
        if s == "fast":
            u.emit(op.STORE_FAST, u.var_idx(name))
        elif s in ("deref", "classderef"):
            if u.kind == "class" and s == "classderef":
                u.emit(op.STORE_NAME, u.name_idx(name))
            else:
                u.emit(op.STORE_DEREF, u.deref_idx(name))
        elif s == "name":
            u.emit(op.STORE_NAME, u.name_idx(name))
        else:
            u.emit(op.STORE_GLOBAL, u.name_idx(name))

    def clear_handler_name(self, name):
        """The end of `except E as name:`: the name is unbound, as CPython's `name = None; del name` leaves it.
        A local is simply stored empty: DELETE_FAST also scrubs the dead C stack for the conservative
        collector (what a program's own `del` asks for), which an exception caught in a loop need not pay."""
        u = self.unit
        if self.scope_of(name) == "fast":
            u.emit(op.LOAD_NULL)
            u.emit(op.STORE_FAST, u.var_idx(name))
            return
        u.emit(op.LOAD_CONST, u.const(None))
        self.store_name(name)
        self.delete_name(name)

    def delete_name(self, name):
        u = self.unit
        s = self.scope_of(name)
        if s == "fast":
            u.emit(op.DELETE_FAST, u.var_idx(name))
        elif s == "deref":
            u.emit(op.DELETE_DEREF, u.deref_idx(name))
        elif s in ("name", "classderef"):
            u.emit(op.DELETE_NAME, u.name_idx(name))
        else:
            u.emit(op.DELETE_GLOBAL, u.name_idx(name))

    # ---------------------------------------------------------------- statements
    def set_line(self, node):
        if hasattr(node, "lineno"):
            self.unit.line = node.lineno

    def stmt(self, s):
        self.set_line(s)
        meth = getattr(self, "stmt_" + type(s).__name__, None)
        if meth is None:
            raise self.error(s, type(s).__name__)
        meth(s)

    def stmt_Expr(self, s):
        if isinstance(s.value, ast.Constant):
            return                  # a docstring or a bare constant: nothing to run (as CPython)
        self.expr(s.value)
        self.unit.emit(op.POP_TOP)

    def stmt_Pass(self, s):
        pass

    def stmt_Assign(self, s):
        self.expr(s.value)
        for i, t in enumerate(s.targets):
            if i < len(s.targets) - 1:
                self.unit.emit(op.DUP_TOP)
            self.store_target(t)

    def stmt_AnnAssign(self, s):
        if s.value is not None:
            self.expr(s.value)
            self.store_target(s.target)

    def stmt_AugAssign(self, s):
        u = self.unit
        opnum = BINOPS[type(s.op)] + INPLACE
        t = s.target
        if isinstance(t, ast.Name):
            self.load_name(t.id)
            self.expr(s.value)
            u.emit(op.BINARY_OP, opnum)
            self.store_name(t.id)
        elif isinstance(t, ast.Attribute):
            self.expr(t.value)
            u.emit(op.DUP_TOP)
            u.emit(op.LOAD_ATTR, u.name_idx(t.attr))
            self.expr(s.value)
            u.emit(op.BINARY_OP, opnum)
            u.emit(op.ROT_TWO)
            u.emit(op.STORE_ATTR, u.name_idx(t.attr))
        elif isinstance(t, ast.Subscript) and isinstance(s.value, ast.Constant):
            # o[k] op= constant (counters: d["name"] += 1) in one instruction. Evaluating the
            # constant before the read of o[k] cannot be told apart: it has no effects.
            self.expr(t.value)
            self.subscript_index(t.slice)
            self.expr(s.value)
            u.emit(op.SUBSCR_INPLACE, opnum)
        elif isinstance(t, ast.Subscript):
            self.expr(t.value)
            self.subscript_index(t.slice)
            u.emit(op.DUP_TOP_TWO)
            u.emit(op.BINARY_SUBSCR)
            self.expr(s.value)
            u.emit(op.BINARY_OP, opnum)
            u.emit(op.ROT_THREE)
            u.emit(op.STORE_SUBSCR)
        else:
            raise self.error(s, "augmented assignment target")

    def store_target(self, t):
        u = self.unit
        self.set_line(t)
        if isinstance(t, ast.Name):
            self.store_name(t.id)
        elif isinstance(t, ast.Attribute):
            self.expr(t.value)
            u.emit(op.STORE_ATTR, u.name_idx(t.attr))
        elif isinstance(t, ast.Subscript):
            self.expr(t.value)
            if self.slice_bounds(t.slice):
                u.emit(op.STORE_SLICE)
                return
            self.subscript_index(t.slice)
            u.emit(op.STORE_SUBSCR)
        elif isinstance(t, (ast.Tuple, ast.List)):
            stars = [i for i, e in enumerate(t.elts) if isinstance(e, ast.Starred)]
            if len(stars) > 1:
                raise self.error(t, "multiple starred expressions in assignment")
            if stars:
                before = stars[0]
                after = len(t.elts) - before - 1
                if before > 255 or after > 255:
                    raise self.error(t, "too many expressions in star-unpacking assignment")
                u.emit(op.UNPACK_EX, before | (after << 8))
                for e in t.elts:
                    self.store_target(e.value if isinstance(e, ast.Starred) else e)
            else:
                u.emit(op.UNPACK_SEQUENCE, len(t.elts))
                for e in t.elts:
                    self.store_target(e)
        elif isinstance(t, ast.Starred):
            raise self.error(t, "starred assignment target")
        else:
            raise self.error(t, "assignment target")

    def stmt_Delete(self, s):
        for t in s.targets:
            self.delete_target(t)

    def delete_target(self, t):
        u = self.unit
        if isinstance(t, ast.Name):
            self.delete_name(t.id)
        elif isinstance(t, ast.Attribute):
            self.expr(t.value)
            u.emit(op.DELETE_ATTR, u.name_idx(t.attr))
        elif isinstance(t, ast.Subscript):
            self.expr(t.value)
            self.subscript_index(t.slice)
            u.emit(op.DELETE_SUBSCR)
        elif isinstance(t, (ast.Tuple, ast.List)):
            for e in t.elts:
                self.delete_target(e)
        else:
            raise self.error(t, "del target")

    def stmt_Global(self, s):
        pass

    def stmt_Nonlocal(self, s):
        pass

    def stmt_If(self, s):
        u = self.unit
        end = Label()
        orelse = Label() if s.orelse else end
        self.jump_if(s.test, False, orelse)
        self.compile_body(s.body)
        if s.orelse:
            u.emit(op.JUMP, end)
            u.label(orelse)
            self.compile_body(s.orelse)
        u.label(end)

    def jump_if(self, test, value, target):
        """Jump to target when bool(test) == value; fall through otherwise."""
        u = self.unit
        if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
            return self.jump_if(test.operand, not value, target)
        if isinstance(test, ast.BoolOp):
            is_and = isinstance(test.op, ast.And)
            if is_and != value:
                # and/False or or/True: any operand deciding jumps
                for v in test.values:
                    self.jump_if(v, value, target)
            else:
                skip = Label()
                for v in test.values[:-1]:
                    self.jump_if(v, not value, skip)
                self.jump_if(test.values[-1], value, target)
                u.label(skip)
            return
        self.expr(test)
        u.emit(op.POP_JUMP_IF_TRUE if value else op.POP_JUMP_IF_FALSE, target)

    def stmt_While(self, s):
        u = self.unit
        top, end, brk = Label(), Label(), Label()
        u.label(top)
        self.jump_if(s.test, False, end)
        u.fblocks.append(FBlock("loop_while", top, brk))
        self.compile_body(s.body)
        u.fblocks.pop()
        u.emit(op.JUMP, top)
        u.label(end)
        self.compile_body(s.orelse)
        u.label(brk)

    def stmt_For(self, s):
        u = self.unit
        top, end, brk = Label(), Label(), Label()
        self.expr(s.iter)
        u.emit(op.GET_ITER)
        u.label(top)
        u.emit(op.FOR_ITER, end)
        self.store_target(s.target)
        u.fblocks.append(FBlock("loop_for", top, brk))
        self.compile_body(s.body)
        u.fblocks.pop()
        u.emit(op.JUMP, top)
        u.label(end)
        self.compile_body(s.orelse)
        u.label(brk)

    def stmt_Break(self, s):
        u = self.unit
        for i in range(len(u.fblocks) - 1, -1, -1):
            fb = u.fblocks[i]
            if fb.kind.startswith("loop"):
                saved = u.fblocks
                self.unwind_blocks(u.fblocks[i + 1:], preserve_tos=False)
                u.fblocks = saved
                if fb.kind == "loop_for":
                    u.emit(op.POP_TOP)
                u.emit(op.JUMP, fb.exit_label)
                return
        raise CompileError(f"{self.path}:{s.lineno}:{s.col_offset + 1}: syntax error: 'break' outside loop")

    def stmt_Continue(self, s):
        u = self.unit
        for i in range(len(u.fblocks) - 1, -1, -1):
            fb = u.fblocks[i]
            if fb.kind.startswith("loop"):
                saved = u.fblocks
                self.unwind_blocks(u.fblocks[i + 1:], preserve_tos=False)
                u.fblocks = saved
                u.emit(op.JUMP, fb.label)
                return
        raise CompileError(f"{self.path}:{s.lineno}:{s.col_offset + 1}: syntax error: 'continue' not properly in loop")

    def stmt_Return(self, s):
        u = self.unit
        if s.value is not None:
            self.expr(s.value)
        else:
            u.emit(op.LOAD_CONST, u.const(None))
        saved = u.fblocks
        self.unwind_blocks(u.fblocks, preserve_tos=True)
        u.fblocks = saved
        u.emit(op.RETURN_VALUE)

    def unwind_blocks(self, blocks, preserve_tos):
        """Emit the exits of the given fblocks, innermost first, for a jump out of them."""
        u = self.unit
        for idx in range(len(blocks) - 1, -1, -1):
            fb = blocks[idx]
            k = fb.kind
            if k == "loop_for":
                if preserve_tos:
                    u.emit(op.ROT_TWO)
                u.emit(op.POP_TOP)
            elif k == "loop_while":
                pass
            elif k == "try":
                u.emit(op.POP_BLOCK)
            elif k == "finally_try":
                u.emit(op.POP_BLOCK)
                # run the finally body with only the outer blocks active
                u.fblocks = blocks[:idx]
                outer = u.fblocks
                self.compile_body(fb.data)
                u.fblocks = outer
            elif k == "finally_end":
                # inside a finally body run for an exception: [prev, exc] below us
                u.emit(op.POP_BLOCK)
                if preserve_tos:
                    u.emit(op.ROT_TWO)
                u.emit(op.POP_TOP)          # exc
                if preserve_tos:
                    u.emit(op.ROT_TWO)
                u.emit(op.POP_EXCEPT)       # prev
            elif k in ("handler", "handler_named"):
                if k == "handler_named":
                    u.emit(op.POP_BLOCK)
                u.emit(op.POP_BLOCK)
                if preserve_tos:
                    u.emit(op.ROT_TWO)
                u.emit(op.POP_EXCEPT)
                if k == "handler_named":
                    self.clear_handler_name(fb.data)
            elif k == "with":
                u.emit(op.POP_BLOCK)
                if preserve_tos:
                    u.emit(op.ROT_TWO)
                u.emit(op.WITH_EXIT_NORMAL)

    def stmt_Raise(self, s):
        u = self.unit
        n = 0
        if s.exc is not None:
            self.expr(s.exc)
            n = 1
            if s.cause is not None:
                self.expr(s.cause)
                n = 2
        u.emit(op.RAISE_VARARGS, n)

    def stmt_Try(self, s):
        if s.finalbody:
            self.try_finally(s)
        else:
            self.try_except(s)

    def try_finally(self, s):
        u = self.unit
        handler, end = Label(), Label()
        u.emit(op.SETUP_FINALLY, handler)
        u.fblocks.append(FBlock("finally_try", data=s.finalbody))
        if s.handlers:
            self.try_except(s)
        else:
            self.compile_body(s.body)
        u.fblocks.pop()
        u.emit(op.POP_BLOCK)
        self.compile_body(s.finalbody)
        u.emit(op.JUMP, end)
        # exceptional path: [exc]
        u.label(handler)
        cleanup = Label()
        u.emit(op.PUSH_EXC_INFO)
        u.emit(op.SETUP_CLEANUP, cleanup)
        u.fblocks.append(FBlock("finally_end"))
        self.compile_body(s.finalbody)
        u.fblocks.pop()
        u.emit(op.RERAISE)
        u.label(cleanup)
        u.emit(op.POP_EXCEPT_RERAISE)
        u.label(end)

    def try_except(self, s):
        u = self.unit
        handler, end, orelse = Label(), Label(), Label()
        u.emit(op.SETUP_FINALLY, handler)
        u.fblocks.append(FBlock("try"))
        self.compile_body(s.body)
        u.fblocks.pop()
        u.emit(op.POP_BLOCK)
        self.compile_body(s.orelse)
        u.emit(op.JUMP, end)
        u.label(handler)
        cleanup = Label()
        u.emit(op.PUSH_EXC_INFO)               # [prev, exc]
        u.emit(op.SETUP_CLEANUP, cleanup)
        for h in s.handlers:
            self.set_line(h)
            nxt = Label()
            if h.type is not None:
                self.expr(h.type)
                u.emit(op.CHECK_EXC_MATCH)
                u.emit(op.POP_JUMP_IF_FALSE, nxt)
            elif h is not s.handlers[-1]:
                raise CompileError(f"{self.path}:{h.lineno}:{h.col_offset + 1}: syntax error: default 'except:' must be last")
            if h.name:
                self.store_name(h.name)          # [prev]
                named_cleanup = Label()
                u.emit(op.SETUP_FINALLY, named_cleanup)
                u.fblocks.append(FBlock("handler_named", data=h.name))
                self.compile_body(h.body)
                u.fblocks.pop()
                u.emit(op.POP_BLOCK)
                u.emit(op.POP_BLOCK)
                u.emit(op.POP_EXCEPT)
                self.clear_handler_name(h.name)
                u.emit(op.JUMP, end)
                # exception inside a named handler: clear the name, re-raise to cleanup
                u.label(named_cleanup)           # [prev, exc2]
                self.clear_handler_name(h.name)
                u.emit(op.RERAISE)
            else:
                u.emit(op.POP_TOP)               # [prev]
                u.fblocks.append(FBlock("handler"))
                self.compile_body(h.body)
                u.fblocks.pop()
                u.emit(op.POP_BLOCK)
                u.emit(op.POP_EXCEPT)
                u.emit(op.JUMP, end)
            u.label(nxt)
        u.emit(op.RERAISE)                       # no clause matched: [prev, exc]
        u.label(cleanup)
        u.emit(op.POP_EXCEPT_RERAISE)
        u.label(end)

    def stmt_With(self, s):
        self.with_items(s, 0)

    def with_items(self, s, i):
        u = self.unit
        item = s.items[i]
        self.expr(item.context_expr)
        u.emit(op.BEFORE_WITH)                   # [exit, value]
        handler, after = Label(), Label()
        if item.optional_vars is not None:
            self.store_target(item.optional_vars)
        else:
            u.emit(op.POP_TOP)
        u.emit(op.SETUP_FINALLY, handler)
        u.fblocks.append(FBlock("with"))
        if i + 1 < len(s.items):
            self.with_items(s, i + 1)
        else:
            self.compile_body(s.body)
        u.fblocks.pop()
        u.emit(op.POP_BLOCK)
        u.emit(op.WITH_EXIT_NORMAL)
        u.emit(op.JUMP, after)
        u.label(handler)                         # [exit, exc]
        cleanup, suppress = Label(), Label()
        u.emit(op.PUSH_EXC_INFO)                 # [exit, prev, exc]
        u.emit(op.SETUP_CLEANUP, cleanup)
        u.emit(op.WITH_EXCEPT_START)             # [exit, prev, exc, res]
        u.emit(op.POP_JUMP_IF_TRUE, suppress)
        u.emit(op.RERAISE)
        u.label(suppress)
        u.emit(op.POP_TOP)                       # exc
        u.emit(op.POP_BLOCK)
        u.emit(op.POP_EXCEPT)                    # prev
        u.emit(op.POP_TOP)                       # exit
        u.emit(op.JUMP, after)
        u.label(cleanup)
        u.emit(op.POP_EXCEPT_RERAISE)
        u.label(after)

    def stmt_Assert(self, s):
        u = self.unit
        end = Label()
        self.jump_if(s.test, True, end)
        u.emit(op.LOAD_ASSERTION_ERROR)
        if s.msg is not None:
            self.expr(s.msg)
            u.emit(op.CALL_FUNCTION, 1)
        u.emit(op.RAISE_VARARGS, 1)
        u.label(end)

    def stmt_Import(self, s):
        u = self.unit
        for a in s.names:
            u.emit(op.LOAD_CONST, u.const(0))
            if a.asname:
                u.emit(op.LOAD_CONST, u.const(()))
                u.emit(op.IMPORT_NAME, u.name_idx(a.name))
                self.store_name(a.asname)
            else:
                u.emit(op.LOAD_CONST, u.const(None))
                u.emit(op.IMPORT_NAME, u.name_idx(a.name))
                self.store_name(a.name.split(".")[0])

    def stmt_ImportFrom(self, s):
        u = self.unit
        if self.consts is not None and is_const_import(s):
            return                  # const() is the compiler's: nothing to import at run time
        u.emit(op.LOAD_CONST, u.const(s.level))
        u.emit(op.LOAD_CONST, u.const(tuple(a.name for a in s.names)))
        u.emit(op.IMPORT_NAME, u.name_idx(s.module or ""))
        for a in s.names:
            u.emit(op.IMPORT_FROM, u.name_idx(a.name))
            self.store_name(a.asname or a.name)
        u.emit(op.POP_TOP)

    # ---------------------------------------------------------------- definitions
    def stmt_FunctionDef(self, s):
        u = self.unit
        for d in s.decorator_list:
            self.expr(d)
        self.make_function(s, s.name, s.args, s.body, is_lambda=False)
        for _ in s.decorator_list:
            u.emit(op.CALL_FUNCTION, 1)
        self.store_name(s.name)

    def qualname_for(self, name):
        u = self.unit
        if u.kind == "module":
            return name
        if u.kind == "class":
            return f"{u.qualname}.{name}"
        return f"{u.qualname}.<locals>.{name}"

    def make_function(self, node, name, args, body, is_lambda):
        u = self.unit
        flags = 0
        if args.defaults:
            for d in args.defaults:
                self.expr(d)
            u.emit(op.BUILD_TUPLE, len(args.defaults))
            flags |= op.MF_DEFAULTS
        kwd = [(a.arg, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
        if kwd:
            for k, d in kwd:
                u.emit(op.LOAD_CONST, u.const(k))
                self.expr(d)
            u.emit(op.BUILD_MAP, len(kwd))
            flags |= op.MF_KWDEFAULTS
        table = u.take_child("lambda" if is_lambda else name, node.lineno)
        qual = self.qualname_for(name)
        child = CodeUnit(self, table, "function", name, qual, node.lineno)
        params = [a.arg for a in args.posonlyargs + args.args]
        child.argcount = len(params)
        child.posonly = len(args.posonlyargs)
        child.kwonly = len(args.kwonlyargs)
        params += [a.arg for a in args.kwonlyargs]
        if args.vararg:
            params.append(args.vararg.arg)
            child.flags |= 1
        if args.kwarg:
            params.append(args.kwarg.arg)
            child.flags |= 2
        child.varnames = list(params)
        code = self.compile_function_body(child, node, body, is_lambda)
        self.emit_closure_and_make(code, flags)

    def setup_cells(self, unit):
        for sname, sym in unit.symbols.items():
            sc = sym._Symbol__scope
            if sc == CELL:
                unit.cellvars.append(sname)
            elif sc == FREE:
                unit.freevars.append(sname)
        if unit.kind == "class":
            needs = any(c.get_type() == "function" and "__class__" in c.get_frees()
                        for c in unit.table.get_children())
            if needs and "__class__" not in unit.cellvars:
                unit.cellvars.append("__class__")
                unit.needs_class_cell = True

    def compile_function_body(self, child, node, body, is_lambda):
        self.setup_cells(child)
        if has_yield(node):
            child.flags |= 4
        saved = self.unit
        self.unit = child
        child.line = node.lineno
        if is_lambda:
            self.expr(body)
            child.emit(op.RETURN_VALUE)
        else:
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                child.const(body[0].value.value)   # the docstring is co_consts[0]
            else:
                child.const(None)
            self.compile_body(body)
            child.emit(op.LOAD_CONST, child.const(None))
            child.emit(op.RETURN_VALUE)
        self.unit = saved
        return self.assemble(child)

    def emit_closure_and_make(self, code, flags):
        u = self.unit
        if code.freevars:
            for fv in code.freevars:
                u.emit(op.LOAD_CLOSURE, self.closure_idx(fv))
            u.emit(op.BUILD_TUPLE, len(code.freevars))
            flags |= op.MF_CLOSURE
        u.emit(op.LOAD_CONST, u.const(code))
        u.emit(op.MAKE_FUNCTION, flags)

    def closure_idx(self, name):
        u = self.unit
        if name in u.cellvars:
            return u.cellvars.index(name)
        if name in u.freevars:
            return len(u.cellvars) + u.freevars.index(name)
        raise CompileError(f"{self.path}:{u.line}:1: internal: no cell for {name}")

    def stmt_ClassDef(self, s):
        u = self.unit
        for d in s.decorator_list:
            self.expr(d)
        table = u.take_child(s.name, s.lineno)
        qual = self.qualname_for(s.name)
        child = CodeUnit(self, table, "class", s.name, qual, s.lineno)
        child.flags |= 8
        self.setup_cells(child)
        saved = self.unit
        self.unit = child
        child.line = s.lineno
        child.const(None)
        child.emit(op.LOAD_GLOBAL, child.name_idx("__name__"))
        child.emit(op.STORE_NAME, child.name_idx("__module__"))
        child.emit(op.LOAD_CONST, child.const(qual))
        child.emit(op.STORE_NAME, child.name_idx("__qualname__"))
        body = s.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            child.emit(op.LOAD_CONST, child.const(body[0].value.value))
            child.emit(op.STORE_NAME, child.name_idx("__doc__"))
        self.compile_body(body)
        if "__class__" in child.cellvars:
            child.emit(op.LOAD_CLOSURE, child.cellvars.index("__class__"))
        else:
            child.emit(op.LOAD_CONST, child.const(None))
        child.emit(op.RETURN_VALUE)
        self.unit = saved
        code = self.assemble(child)
        self.emit_closure_and_make(code, 0)
        u.emit(op.LOAD_CONST, u.const(s.name))
        for b in s.bases:
            self.expr(b)
        u.emit(op.BUILD_CLASS, len(s.bases))
        for _ in s.decorator_list:
            u.emit(op.CALL_FUNCTION, 1)
        self.store_name(s.name)

    # ---------------------------------------------------------------- expressions
    def expr(self, e):
        saved_line = self.unit.line
        self.set_line(e)
        meth = getattr(self, "expr_" + type(e).__name__, None)
        if meth is None:
            raise self.error(e, type(e).__name__)
        meth(e)
        self.unit.line = saved_line

    def expr_Constant(self, e):
        self.unit.emit(op.LOAD_CONST, self.unit.const(e.value))

    def expr_Name(self, e):
        self.load_name(e.id)

    def expr_NamedExpr(self, e):
        self.expr(e.value)
        self.unit.emit(op.DUP_TOP)
        self.store_target(e.target)

    def expr_BinOp(self, e):
        self.expr(e.left)
        self.expr(e.right)
        self.set_line(e)
        self.unit.emit(op.BINARY_OP, BINOPS[type(e.op)])

    def expr_UnaryOp(self, e):
        if isinstance(e.op, ast.USub) and isinstance(e.operand, ast.Constant) \
                and type(e.operand.value) in (int, float):
            self.unit.emit(op.LOAD_CONST, self.unit.const(-e.operand.value))
            return
        self.expr(e.operand)
        self.unit.emit(UNARY[type(e.op)])

    def expr_BoolOp(self, e):
        u = self.unit
        end = Label()
        jump = op.JUMP_IF_FALSE_OR_POP if isinstance(e.op, ast.And) else op.JUMP_IF_TRUE_OR_POP
        for v in e.values[:-1]:
            self.expr(v)
            u.emit(jump, end)
        self.expr(e.values[-1])
        u.label(end)

    def expr_Compare(self, e):
        u = self.unit
        self.expr(e.left)
        if len(e.ops) == 1:
            self.expr(e.comparators[0])
            self.set_line(e)
            u.emit(op.COMPARE_OP, CMPOPS[type(e.ops[0])])
            return
        cleanup, end = Label(), Label()
        for i, (o, c) in enumerate(zip(e.ops, e.comparators)):
            self.expr(c)
            if i < len(e.ops) - 1:
                u.emit(op.DUP_TOP)
                u.emit(op.ROT_THREE)
                u.emit(op.COMPARE_OP, CMPOPS[type(o)])
                u.emit(op.JUMP_IF_FALSE_OR_POP, cleanup)
            else:
                u.emit(op.COMPARE_OP, CMPOPS[type(o)])
        u.emit(op.JUMP, end)
        u.label(cleanup)
        u.emit(op.ROT_TWO)
        u.emit(op.POP_TOP)
        u.label(end)

    def expr_IfExp(self, e):
        u = self.unit
        orelse, end = Label(), Label()
        self.jump_if(e.test, False, orelse)
        self.expr(e.body)
        u.emit(op.JUMP, end)
        u.label(orelse)
        self.expr(e.orelse)
        u.label(end)

    def expr_Attribute(self, e):
        self.expr(e.value)
        self.set_line(e)
        self.unit.emit(op.LOAD_ATTR, self.unit.name_idx(e.attr))

    def subscript_index(self, s):
        if isinstance(s, ast.Slice):
            self.expr_Slice(s)
        else:
            self.expr(s)

    def slice_bounds(self, s):
        """x[a:b]: pushes a and b (None when left out) for BINARY_SLICE/STORE_SLICE, which need no slice
        object; False (nothing pushed) for an index or a slice with a step."""
        if not isinstance(s, ast.Slice) or s.step is not None:
            return False
        for part in (s.lower, s.upper):
            if part is None:
                self.unit.emit(op.LOAD_CONST, self.unit.const(None))
            else:
                self.expr(part)
        return True

    def expr_Subscript(self, e):
        self.expr(e.value)
        if self.slice_bounds(e.slice):
            self.set_line(e)
            self.unit.emit(op.BINARY_SLICE)
            return
        self.subscript_index(e.slice)
        self.set_line(e)
        self.unit.emit(op.BINARY_SUBSCR)

    def expr_Slice(self, e):
        u = self.unit
        for part in (e.lower, e.upper):
            if part is None:
                u.emit(op.LOAD_CONST, u.const(None))
            else:
                self.expr(part)
        if e.step is not None:
            self.expr(e.step)
            u.emit(op.BUILD_SLICE, 3)
        else:
            u.emit(op.BUILD_SLICE, 2)

    def const_tuple(self, elts):
        vals = []
        for x in elts:
            if isinstance(x, ast.Constant) and not isinstance(x.value, (list, dict, set)):
                vals.append(x.value)
            else:
                return None
        return tuple(vals)

    def starred_sequence(self, elts, build, extend, to_tuple):
        u = self.unit
        if not any(isinstance(x, ast.Starred) for x in elts):
            for x in elts:
                self.expr(x)
            u.emit(build, len(elts))
            return
        u.emit(build if build != op.BUILD_TUPLE else op.BUILD_LIST, 0)
        pending = 0
        for x in elts:
            if isinstance(x, ast.Starred):
                if pending:
                    u.emit(op.BUILD_LIST if build != op.BUILD_SET else op.BUILD_SET, pending)
                    u.emit(extend)
                    pending = 0
                self.expr(x.value)
                u.emit(extend)
            else:
                self.expr(x)
                pending += 1
        if pending:
            u.emit(op.BUILD_LIST if build != op.BUILD_SET else op.BUILD_SET, pending)
            u.emit(extend)
        if to_tuple:
            u.emit(op.LIST_TO_TUPLE)

    def expr_Tuple(self, e):
        c = self.const_tuple(e.elts)
        if c is not None:
            self.unit.emit(op.LOAD_CONST, self.unit.const(c))
            return
        self.starred_sequence(e.elts, op.BUILD_TUPLE, op.LIST_EXTEND, True)

    def expr_List(self, e):
        self.starred_sequence(e.elts, op.BUILD_LIST, op.LIST_EXTEND, False)

    def expr_Set(self, e):
        self.starred_sequence(e.elts, op.BUILD_SET, op.SET_UPDATE, False)

    def expr_Dict(self, e):
        u = self.unit
        if not any(k is None for k in e.keys):
            for k, v in zip(e.keys, e.values):
                self.expr(k)
                self.expr(v)
            u.emit(op.BUILD_MAP, len(e.keys))
            return
        u.emit(op.BUILD_MAP, 0)
        pending = 0
        for k, v in zip(e.keys, e.values):
            if k is None:
                if pending:
                    u.emit(op.BUILD_MAP, pending)
                    u.emit(op.DICT_UPDATE)
                    pending = 0
                self.expr(v)
                u.emit(op.DICT_UPDATE)
            else:
                self.expr(k)
                self.expr(v)
                pending += 1
        if pending:
            u.emit(op.BUILD_MAP, pending)
            u.emit(op.DICT_UPDATE)

    def expr_JoinedStr(self, e):
        u = self.unit
        if not e.values:
            u.emit(op.LOAD_CONST, u.const(""))
            return
        for v in e.values:
            if isinstance(v, ast.Constant):
                u.emit(op.LOAD_CONST, u.const(v.value))
            else:
                self.expr(v)
        if len(e.values) > 1:
            u.emit(op.BUILD_STRING, len(e.values))
        elif isinstance(e.values[0], ast.Constant):
            pass

    def expr_FormattedValue(self, e):
        u = self.unit
        self.expr(e.value)
        flags = 0
        if e.conversion == ord("s"):
            flags = op.FV_STR
        elif e.conversion == ord("r"):
            flags = op.FV_REPR
        elif e.conversion == ord("a"):
            flags = 3
        if e.format_spec is not None:
            self.expr(e.format_spec)
            flags |= op.FV_SPEC
        u.emit(op.FORMAT_VALUE, flags)

    def expr_Lambda(self, e):
        self.make_function(e, "<lambda>", e.args, e.body, is_lambda=True)

    def expr_Yield(self, e):
        u = self.unit
        if u.kind != "function":
            raise self.error(e, "'yield' outside function")
        if e.value is None:
            u.emit(op.LOAD_CONST, u.const(None))
        else:
            self.expr(e.value)
        u.emit(op.YIELD_VALUE)

    def expr_YieldFrom(self, e):
        u = self.unit
        self.expr(e.value)
        u.emit(op.GET_YIELD_FROM_ITER)
        u.emit(op.LOAD_CONST, u.const(None))
        u.emit(op.YIELD_FROM)

    def expr_Await(self, e):
        raise self.error(e, "await")

    def expr_Starred(self, e):
        raise self.error(e, "starred expression here")

    def expr_Call(self, e):
        u = self.unit
        f = e.func
        if self.consts is not None and _is_const_call(e) and self.scope_of("const") == "global":
            self.expr(e.args[0])    # (module_consts has checked every const() call's form)
            return
        # zero-argument super(): super(__class__, <first argument>)
        if isinstance(f, ast.Name) and f.id == "super" and not e.args and not e.keywords \
                and u.kind == "function" and "__class__" in u.freevars:
            self.load_name("super")
            u.emit(op.LOAD_DEREF, u.deref_idx("__class__"))
            if not u.varnames or u.argcount == 0 and not (u.flags & 1):
                raise self.error(e, "super() without arguments outside a method")
            first = u.varnames[0]
            if first in u.cellvars:
                u.emit(op.LOAD_DEREF, u.deref_idx(first))
            else:
                u.emit(op.LOAD_FAST, 0)
            u.emit(op.CALL_FUNCTION, 2)
            return
        has_star = any(isinstance(a, ast.Starred) for a in e.args) or any(k.arg is None for k in e.keywords)
        if has_star and not e.keywords and isinstance(e.args[-1], ast.Starred) \
                and not any(isinstance(a, ast.Starred) for a in e.args[:-1]):
            # f(a, b, *rest), the common forwarding call: the VM gathers the arguments without building
            # the list and tuple CALL_FUNCTION_EX takes
            self.expr(f)
            for a in e.args[:-1]:
                self.expr(a)
            self.expr(e.args[-1].value)
            self.set_line(e)
            u.emit(op.CALL_FUNCTION_STAR, len(e.args) - 1)
            return
        if has_star:
            self.expr(f)
            self.call_ex(e)
            return
        if isinstance(f, ast.Attribute):
            self.expr(f.value)
            self.set_line(f)
            u.emit(op.LOAD_METHOD, u.name_idx(f.attr))
            for a in e.args:
                self.expr(a)
            for k in e.keywords:
                self.expr(k.value)
            self.set_line(e)
            if e.keywords:
                u.emit(op.LOAD_CONST, u.const(tuple(k.arg for k in e.keywords)))
                u.emit(op.CALL_METHOD_KW, len(e.args) + len(e.keywords))
            else:
                u.emit(op.CALL_METHOD, len(e.args))
            return
        self.expr(f)
        for a in e.args:
            self.expr(a)
        for k in e.keywords:
            self.expr(k.value)
        self.set_line(e)
        if e.keywords:
            u.emit(op.LOAD_CONST, u.const(tuple(k.arg for k in e.keywords)))
            u.emit(op.CALL_FUNCTION_KW, len(e.args) + len(e.keywords))
        else:
            u.emit(op.CALL_FUNCTION, len(e.args))

    def call_ex(self, e):
        u = self.unit
        self.starred_sequence(e.args, op.BUILD_TUPLE, op.LIST_EXTEND, True)
        flags = 0
        if e.keywords:
            flags = 1
            u.emit(op.BUILD_MAP, 0)
            pending = 0
            for k in e.keywords:
                if k.arg is None:
                    if pending:
                        u.emit(op.BUILD_MAP, pending)
                        u.emit(op.DICT_MERGE)
                        pending = 0
                    self.expr(k.value)
                    u.emit(op.DICT_MERGE)
                else:
                    u.emit(op.LOAD_CONST, u.const(k.arg))
                    self.expr(k.value)
                    pending += 1
            if pending:
                u.emit(op.BUILD_MAP, pending)
                u.emit(op.DICT_MERGE)
        self.set_line(e)
        u.emit(op.CALL_FUNCTION_EX, flags)

    # comprehensions
    def comprehension(self, e, name, kind):
        u = self.unit
        table = u.take_child(name, e.lineno, self.scopes_in(e.generators[0].iter, name, e.lineno))
        qual = self.qualname_for(name)
        child = CodeUnit(self, table, "function", name, qual, e.lineno)
        child.argcount = 1
        child.varnames = [".0"]
        self.setup_cells(child)
        if kind == "genexpr":
            child.flags |= 4
        saved = self.unit
        self.unit = child
        child.line = e.lineno
        child.const(None)
        if kind == "list":
            child.emit(op.BUILD_LIST, 0)
        elif kind == "set":
            child.emit(op.BUILD_SET, 0)
        elif kind == "dict":
            child.emit(op.BUILD_MAP, 0)
        self.comp_loop(e, kind, 0)
        if kind == "genexpr":
            child.emit(op.LOAD_CONST, child.const(None))
        child.emit(op.RETURN_VALUE)
        self.unit = saved
        code = self.assemble(child)
        self.emit_closure_and_make(code, 0)
        self.expr(e.generators[0].iter)
        u.emit(op.GET_ITER)
        u.emit(op.CALL_FUNCTION, 1)

    def scopes_in(self, expr, name, lineno):
        """How many scopes named `name` on `lineno` the expression opens directly (they precede ours)."""
        count = 0
        stack = [expr]
        while stack:
            n = stack.pop()
            if isinstance(n, SCOPE_NODES):
                nm = COMP_NAMES.get(type(n)) or ("lambda" if isinstance(n, ast.Lambda) else getattr(n, "name", ""))
                if nm == name and n.lineno == lineno:
                    count += 1
                if isinstance(n, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
                    stack.append(n.generators[0].iter)
                continue
            stack.extend(ast.iter_child_nodes(n))
        return count

    def comp_loop(self, e, kind, depth):
        u = self.unit
        gen = e.generators[depth]
        top, end = Label(), Label()
        if depth == 0:
            u.emit(op.LOAD_FAST, 0)
        else:
            self.expr(gen.iter)
            u.emit(op.GET_ITER)
        u.label(top)
        u.emit(op.FOR_ITER, end)
        self.store_target(gen.target)
        for cond in gen.ifs:
            self.jump_if(cond, False, top)
        if depth + 1 < len(e.generators):
            self.comp_loop(e, kind, depth + 1)
        else:
            nloops = len(e.generators)
            if kind == "genexpr":
                self.expr(e.elt)
                u.emit(op.YIELD_VALUE)
                u.emit(op.POP_TOP)
            elif kind == "dict":
                self.expr(e.key)
                self.expr(e.value)
                u.emit(op.MAP_ADD, nloops + 1)
            else:
                self.expr(e.elt)
                u.emit(op.LIST_APPEND if kind == "list" else op.SET_ADD, nloops + 1)
        u.emit(op.JUMP, top)
        u.label(end)

    def expr_ListComp(self, e):
        self.comprehension(e, "listcomp", "list")

    def expr_SetComp(self, e):
        self.comprehension(e, "setcomp", "set")

    def expr_DictComp(self, e):
        self.comprehension(e, "dictcomp", "dict")

    def expr_GeneratorExp(self, e):
        self.comprehension(e, "genexpr", "genexpr")

    # ---------------------------------------------------------------- assembly
    def assemble(self, u):
        # resolve labels
        pos = 0
        for ins in u.instrs:
            if isinstance(ins, Label):
                ins.pos = pos
            else:
                pos += op.INSTRUCTION_SIZE
        code = bytearray()
        lines = []
        for ins in u.instrs:
            if isinstance(ins, Label):
                continue
            opc, arg, line = ins
            if isinstance(arg, Label):
                arg = arg.pos
            lines.append((len(code), line))
            if opc < op.HAVE_ARG:
                arg = 0
            elif not 0 <= arg <= 0xFFFF:
                raise CompileError(f"{self.path}:{line}:1: unsupported: code object too large")
            code += bytes((opc, arg & 0xFF, arg >> 8))
        fuse_pairs(code)
        linetable = encode_lines(lines, u.firstline)
        stacksize = stack_depth(u.instrs)
        nlocals = len(u.varnames)
        cell2arg = None
        argnames = u.varnames[:u.argcount + u.kwonly + bool(u.flags & 1) + bool(u.flags & 2)]
        if any(c in argnames for c in u.cellvars):
            cell2arg = bytes(argnames.index(c) if c in argnames else 255 for c in u.cellvars)
        flags = u.flags
        if u.kind == "module":
            flags |= 16
        return CodeObject(
            name=u.name, qualname=u.qualname, filename=self.path, code=bytes(code),
            consts=tuple(u.consts), names=tuple(u.names), varnames=tuple(u.varnames),
            cellvars=tuple(u.cellvars), freevars=tuple(u.freevars), linetable=linetable,
            cell2arg=cell2arg, argcount=u.argcount, posonly=u.posonly, kwonly=u.kwonly,
            nlocals=nlocals, stacksize=stacksize, flags=flags, firstline=u.firstline)


def fuse_pairs(code):
    """Fuse instructions in place, right to left: an instruction whose successor's (possibly already
    fused) opcode pairs with it in op.FUSED takes the fused opcode, so a run such as LOAD_CONST COMPARE_OP
    POP_JUMP_IF_FALSE becomes one dispatch. Every instruction keeps its argument, and the
    second of a pair its own opcode: a jump to it runs from there."""
    size = op.INSTRUCTION_SIZE
    for at in range(len(code) - 2 * size, -1, -size):
        fused = op.FUSED.get((code[at], code[at + size]))
        if fused is not None:
            code[at] = fused


def encode_lines(lines, firstline):
    """(address delta, line delta) pairs as unsigned/zigzag varints, one per line change."""
    out = bytearray()
    last_addr, last_line = 0, firstline
    for addr, line in lines:
        if line == last_line:
            continue
        write_varint(out, addr - last_addr)
        d = line - last_line
        write_varint(out, (d << 1) ^ (d >> 63) if d < 0 else d << 1)
        last_addr, last_line = addr, line
    return bytes(out)


def write_varint(out, n):
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def stack_effect(opc, arg, jump):
    """Net stack effect of an instruction (on the jump edge when jump is True)."""
    o = op
    if opc == o.RAISE_VARARGS:
        return -arg
    fixed = _FIXED
    if fixed is None:
        fixed = _fixed_effects()
    if opc in fixed:
        return fixed[opc]
    return _variable_effect(opc, arg, jump)


_FIXED = None


def _fixed_effects():
    global _FIXED
    o = op
    _FIXED = {
        o.NOP: 0, o.POP_TOP: -1, o.ROT_TWO: 0, o.ROT_THREE: 0, o.ROT_FOUR: 0, o.DUP_TOP: 1,
        o.DUP_TOP_TWO: 2, o.UNARY_NEG: 0, o.UNARY_POS: 0, o.UNARY_NOT: 0, o.UNARY_INVERT: 0,
        o.BINARY_SUBSCR: -1, o.STORE_SUBSCR: -3, o.DELETE_SUBSCR: -2, o.GET_ITER: 0,
        o.BINARY_SLICE: -2, o.STORE_SLICE: -4,
        o.RETURN_VALUE: -1, o.YIELD_VALUE: 0, o.GET_YIELD_FROM_ITER: 0, o.YIELD_FROM: -1,
        o.POP_BLOCK: 0, o.PUSH_EXC_INFO: 1, o.POP_EXCEPT: -1, o.POP_EXCEPT_RERAISE: -2,
        o.RERAISE: -1, o.CHECK_EXC_MATCH: 0, o.BEFORE_WITH: 1, o.WITH_EXIT_NORMAL: -1,
        o.WITH_EXCEPT_START: 1, o.LIST_TO_TUPLE: 0, o.LOAD_NULL: 1, o.LOAD_ASSERTION_ERROR: 1,
        o.POP_FOR_ITER: -1,
        o.LOAD_CONST: 1, o.LOAD_FAST: 1, o.STORE_FAST: -1, o.DELETE_FAST: 0, o.LOAD_DEREF: 1,
        o.STORE_DEREF: -1, o.DELETE_DEREF: 0, o.LOAD_CLOSURE: 1, o.LOAD_GLOBAL: 1,
        o.STORE_GLOBAL: -1, o.DELETE_GLOBAL: 0, o.LOAD_NAME: 1, o.STORE_NAME: -1,
        o.DELETE_NAME: 0, o.LOAD_CLASSDEREF: 1, o.LOAD_ATTR: 0, o.STORE_ATTR: -2,
        o.DELETE_ATTR: -1, o.LOAD_METHOD: 1, o.BINARY_OP: -1, o.SUBSCR_INPLACE: -3, o.COMPARE_OP: -1,
        o.LIST_APPEND: -1, o.SET_ADD: -1, o.MAP_ADD: -2, o.LIST_EXTEND: -1, o.SET_UPDATE: -1,
        o.DICT_UPDATE: -1, o.DICT_MERGE: -1, o.JUMP: 0, o.POP_JUMP_IF_FALSE: -1,
        o.POP_JUMP_IF_TRUE: -1, o.IMPORT_NAME: -1, o.IMPORT_FROM: 1,
    }
    return _FIXED


def _variable_effect(opc, arg, jump):
    o = op
    if opc == o.CALL_METHOD:
        return -(arg + 1)
    if opc == o.CALL_METHOD_KW:
        return -(arg + 2)
    if opc == o.CALL_FUNCTION:
        return -arg
    if opc == o.CALL_FUNCTION_KW:
        return -(arg + 1)
    if opc == o.CALL_FUNCTION_EX:
        return -(1 + (arg & 1))
    if opc == o.CALL_FUNCTION_STAR:
        return -(arg + 1)
    if opc == o.MAKE_FUNCTION:
        return -bin(arg).count("1")
    if opc == o.BUILD_CLASS:
        return -(arg + 1)
    if opc in (o.BUILD_TUPLE, o.BUILD_LIST, o.BUILD_SET, o.BUILD_SLICE, o.BUILD_STRING):
        return 1 - arg
    if opc == o.BUILD_MAP:
        return 1 - 2 * arg
    if opc == o.FORMAT_VALUE:
        return -1 if arg & 4 else 0
    if opc == o.UNPACK_SEQUENCE:
        return arg - 1
    if opc == o.UNPACK_EX:
        return (arg & 0xFF) + (arg >> 8)
    if opc in (o.JUMP_IF_FALSE_OR_POP, o.JUMP_IF_TRUE_OR_POP):
        return 0 if jump else -1
    if opc == o.FOR_ITER:
        return -1 if jump else 1
    if opc == o.SETUP_FINALLY:
        return 1 if jump else 0
    if opc == o.SETUP_CLEANUP:
        return 0 if jump else 0
    raise ValueError(f"no stack effect for opcode {opc}")


NO_FALLTHROUGH = {op.RETURN_VALUE, op.RERAISE, op.POP_EXCEPT_RERAISE, op.RAISE_VARARGS, op.JUMP}
JUMPS = {op.JUMP, op.POP_JUMP_IF_FALSE, op.POP_JUMP_IF_TRUE, op.JUMP_IF_FALSE_OR_POP,
         op.JUMP_IF_TRUE_OR_POP, op.FOR_ITER, op.SETUP_FINALLY, op.SETUP_CLEANUP}


def stack_depth(instrs):
    """Maximum value-stack depth by a walk over the control-flow graph."""
    items = [i for i in instrs]
    index_of_label = {}
    seq = []
    for ins in items:
        if isinstance(ins, Label):
            index_of_label[id(ins)] = len(seq)
        else:
            seq.append(ins)
    depth_at = [None] * (len(seq) + 1)
    work = [(0, 0)]
    maxd = 0
    while work:
        i, d = work.pop()
        while i < len(seq):
            if depth_at[i] is not None and depth_at[i] >= d:
                break
            depth_at[i] = d
            if d > 5000:
                raise CompileError("internal: unbalanced stack")
            opc, arg, _ = seq[i]
            if opc in JUMPS:
                target = index_of_label[id(arg)]
                jd = d + stack_effect(opc, 0 if isinstance(arg, Label) else arg, True)
                maxd = max(maxd, jd)
                work.append((target, jd))
            if opc == op.RAISE_VARARGS:
                break
            if opc in NO_FALLTHROUGH:
                break
            d += stack_effect(opc, arg, False)
            maxd = max(maxd, d)
            i += 1
    return maxd + 2


# --- const(): MicroPython's compile-time constants --------------------------------------------------
# A module that does `from micropython import const` may name integers `NAME = const(EXPR)` at its top level,
# EXPR built from integer literals and earlier const names. Every read of NAME in the module where it is the
# global (no local or class attribute of that name hides it) compiles to the value itself (LOAD_CONST, which
# fuses with the operation after it), where a plain global costs a dictionary lookup on each use; NAME is
# still stored in the module, so other modules read it as an attribute. The price is MicroPython's: a const
# name may not be assigned again, which is checked here.
_CONST_OPS = {ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
              ast.FloorDiv: lambda a, b: a // b, ast.Mod: lambda a, b: a % b, ast.LShift: lambda a, b: a << b,
              ast.RShift: lambda a, b: a >> b, ast.BitAnd: lambda a, b: a & b,
              ast.BitOr: lambda a, b: a | b, ast.BitXor: lambda a, b: a ^ b}


def is_const_import(node):
    return isinstance(node, ast.ImportFrom) and node.module == "micropython" and node.level == 0 and \
        [(a.name, a.asname) for a in node.names] == [("const", None)]


def module_consts(tree, path):
    """{name: value} of the module's const() definitions; None when it does not import const."""
    if not any(is_const_import(n) for n in tree.body):
        return None

    def fail(node, what):
        return CompileError(f"{path}:{node.lineno}:{node.col_offset + 1}: {what}")

    def value(e):
        if isinstance(e, ast.Constant) and type(e.value) is int:
            return e.value
        if isinstance(e, ast.Name) and e.id in consts:
            return consts[e.id]
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, (ast.USub, ast.Invert)):
            v = value(e.operand)
            return -v if isinstance(e.op, ast.USub) else ~v
        if isinstance(e, ast.BinOp) and type(e.op) in _CONST_OPS:
            a, b = value(e.left), value(e.right)
            if isinstance(e.op, (ast.FloorDiv, ast.Mod)) and b == 0 or \
                    isinstance(e.op, (ast.LShift, ast.RShift)) and not 0 <= b < 64:
                raise fail(e, "const() value out of range")
            return _CONST_OPS[type(e.op)](a, b)
        raise fail(e, "const() takes an integer made of literals and earlier const names")

    for node in ast.walk(tree):
        if _is_const_call(node) and (len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred)):
            raise fail(node, "const() takes one argument")
    consts = {}
    definitions = set()             # the target nodes of the definitions
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and _is_const_call(stmt.value):
            if len(stmt.targets) != 1 or not isinstance(stmt.targets[0], ast.Name):
                raise fail(stmt, "const() is assigned to one name")
            name = stmt.targets[0].id
            if name in consts:
                raise fail(stmt, f"const name '{name}' is assigned again")
            consts[name] = value(stmt.value.args[0])
            definitions.add(id(stmt.targets[0]))
    # A const name is bound once: no other binding in the module's scope, and no `global` declaration of it.
    for node, name in _module_bindings(tree):
        if name in consts and id(node) not in definitions:
            raise fail(node, f"const name '{name}' is assigned again")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global) and any(n in consts for n in node.names):
            raise fail(node, f"const name '{next(n for n in node.names if n in consts)}' is declared global")
    return consts


def _is_const_call(node):
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "const"


def _module_bindings(node):
    """(node, name) of every binding the module's own scope makes: names stored or deleted, functions, classes
    and imports, outside the bodies of functions, classes, lambdas and comprehensions."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.ClassDef)):
            yield child, child.name
            continue
        if isinstance(child, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        if isinstance(child, ast.Name) and not isinstance(child.ctx, ast.Load):
            yield child, child.id
        elif isinstance(child, (ast.Import, ast.ImportFrom)):
            for alias in child.names:
                yield child, (alias.asname or alias.name).split(".")[0]
        yield from _module_bindings(child)


def compile_source(source, path, module_name="__main__"):
    return Compiler(path, source, module_name).compile_module()
