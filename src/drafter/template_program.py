"""The speech template run without importing Jinja, when it is simple enough to do so exactly.

Why: importing Jinja2 and compiling speech.j2 were ~40 ms of a cold `drafter render` (a quarter of
it, measured), while the template only loops over lists and fills in text.

How, and why it stays Jinja: the template is still *parsed by Jinja*, with drafter's environment
(the same lexer settings: trim_blocks, lstrip_blocks, keep_trailing_newline), when drafter first
meets it. If every node of the parse tree is one of a small set whose meaning is plain (text,
output, for, if, set, names, attributes of dicts, items of lists, constants, ==, !=, not, and, or,
~, the `length` filter, x if c else y), the tree is kept, as nested tuples, in drafter's cache
(drafter.cache: keyed by the template's bytes and the Jinja version), and later runs interpret it
here. A template using anything else (calls, other filters, macros, includes, inheritance…) is
recorded as "needs Jinja" and always rendered by Jinja.

The interpreter gives up (`Fallback`) whenever a value is not what the plain meaning assumes: an
undefined name, a missing key, an attribute that a dict also has as a method, an index out of
range, a value of an unexpected type, a name read in a loop before this iteration set it. The
caller then renders with Jinja, which gives its own result or its own error (StrictUndefined, the
sandbox). So the fast path only ever answers where its answer is Jinja's; tests compare the two
on every draft shape and on templates written to probe each rule."""

from __future__ import annotations

from typing import Any

# Program format: statements and expressions as tuples, (op, ...). Bump with any change.
FORMAT = 1
_LOOP_ATTRS = ("index0", "index", "first", "last", "length", "revindex", "revindex0")
_VALUE_TYPES = (str, int)  # what may be written to the output (bool is an int: "True" either way)


class Fallback(Exception):
    """This render is not plainly computable here: let Jinja render it."""


class Unsupported(Exception):
    """The template uses something this module does not interpret."""


# ---------------------------------------------------------------- from Jinja's parse tree

def compile_tree(tree: Any) -> tuple[Any, ...] | None:
    """A Jinja `nodes.Template` → the program (a statement list), or None if it needs Jinja."""
    try:
        return _stmts(tree.body)
    except Unsupported:
        return None


def _stmts(nodes_: list[Any]) -> tuple[Any, ...]:
    return tuple(_stmt(n) for n in nodes_)


def _stmt(node: Any) -> tuple[Any, ...]:
    from jinja2 import nodes

    kind = type(node)
    if kind is nodes.Output:
        out: list[Any] = []
        for child in node.nodes:
            if type(child) is nodes.TemplateData:
                out.append(("data", child.data))
            else:
                out.append(("out", _expr(child)))
        return ("output", tuple(out))
    if kind is nodes.For:
        if node.test is not None or node.recursive or type(node.target) is not nodes.Name:
            raise Unsupported("for")
        assigned = _assigned(node.body)
        # A set naming the loop variable or `loop`, or a set in the else block (which runs in the
        # enclosing scope in Jinja's own way): not modelled.
        if node.target.name in assigned or "loop" in assigned or node.target.name == "loop" or _assigned(node.else_):
            raise Unsupported("for scope")
        return ("for", node.target.name, _expr(node.iter), _stmts(node.body), _stmts(node.else_), frozenset(assigned))
    if kind is nodes.If:
        else_ = _stmts(node.else_)
        for elif_ in reversed(node.elif_):  # elif chains as nested ifs, as Jinja evaluates them
            else_ = (("if", _expr(elif_.test), _stmts(elif_.body), else_),)
        return ("if", _expr(node.test), _stmts(node.body), else_)
    if kind is nodes.Assign:
        if type(node.target) is not nodes.Name:
            raise Unsupported("set")
        return ("set", node.target.name, _expr(node.node))
    raise Unsupported(kind.__name__)


def _assigned(body: list[Any]) -> set[str]:
    """Names a loop body sets (in its own scope: `if` shares it, a nested `for` has its own)."""
    from jinja2 import nodes

    names: set[str] = set()
    for node in body:
        if type(node) is nodes.Assign:
            names.add(node.target.name)
        elif type(node) is nodes.If:
            names |= _assigned(node.body) | _assigned(node.else_)
            for elif_ in node.elif_:
                names |= _assigned(elif_.body)
    return names


def _expr(node: Any) -> tuple[Any, ...]:
    from jinja2 import nodes

    kind = type(node)
    if kind is nodes.Name and node.ctx == "load":
        return ("name", node.name)
    if kind is nodes.Const:
        if not isinstance(node.value, (str, int, type(None))):
            raise Unsupported("const")
        return ("const", node.value)
    if kind is nodes.Getattr and node.ctx == "load":
        return ("attr", _expr(node.node), node.attr)
    if kind is nodes.Getitem and node.ctx == "load":
        return ("item", _expr(node.node), _expr(node.arg))
    if kind is nodes.Filter and node.name == "length" and node.node is not None:
        if node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
            raise Unsupported("filter")
        return ("len", _expr(node.node))
    if kind is nodes.Compare and len(node.ops) == 1 and node.ops[0].op in ("eq", "ne"):
        return (node.ops[0].op, _expr(node.expr), _expr(node.ops[0].expr))
    if kind is nodes.Concat:
        return ("concat", tuple(_expr(n) for n in node.nodes))
    if kind is nodes.CondExpr and node.expr2 is not None:
        return ("cond", _expr(node.test), _expr(node.expr1), _expr(node.expr2))
    if kind is nodes.Not:
        return ("not", _expr(node.node))
    if kind in (nodes.And, nodes.Or):
        return (kind.__name__.lower(), _expr(node.left), _expr(node.right))
    raise Unsupported(kind.__name__)


# ---------------------------------------------------------------- running a program

class _Loop:
    """What a template may read of Jinja's `loop`."""

    __slots__ = ("index0", "length")

    def __init__(self, index0: int, length: int) -> None:
        self.index0, self.length = index0, length

    def get(self, name: str) -> Any:
        i, n = self.index0, self.length
        values = {"index0": i, "index": i + 1, "first": i == 0, "last": i == n - 1, "length": n,
                  "revindex": n - i, "revindex0": n - i - 1}
        if name not in values:
            raise Fallback(f"loop.{name}")
        return values[name]


class _Frame:
    """A scope: the template's, or one iteration of a loop body's."""

    __slots__ = ("values", "assigned", "parent")

    def __init__(self, values: dict[str, Any], assigned: frozenset[str], parent: _Frame | None) -> None:
        self.values, self.assigned, self.parent = values, assigned, parent


def run(program: tuple[Any, ...], data: dict[str, Any]) -> str:
    """The template's output for `data` (the render's variables), or Fallback."""
    out: list[str] = []
    _exec(program, _Frame({}, frozenset(), None), data, out)
    return "".join(out)


def _exec(stmts: tuple[Any, ...], frame: _Frame, data: dict[str, Any], out: list[str]) -> None:
    for stmt in stmts:
        op = stmt[0]
        if op == "output":
            for kind, value in stmt[1]:
                if kind == "data":
                    out.append(value)
                else:
                    v = _eval(value, frame, data)
                    if type(v) not in _VALUE_TYPES and type(v) is not bool:
                        raise Fallback("output type")
                    out.append(str(v))
        elif op == "for":
            _, target, iter_expr, body, else_, assigned = stmt
            items = _eval(iter_expr, frame, data)
            if type(items) not in (list, tuple):
                raise Fallback("iterable type")
            n = len(items)
            for i, item in enumerate(items):
                _exec(body, _Frame({target: item, "loop": _Loop(i, n)}, assigned, frame), data, out)
            if not items:
                _exec(else_, frame, data, out)
        elif op == "if":
            _exec(stmt[2] if _truth(_eval(stmt[1], frame, data)) else stmt[3], frame, data, out)
        elif op == "set":
            if frame.parent is None:
                raise Fallback("top-level set")  # exported to the context in Jinja: not modelled
            frame.values[stmt[1]] = _eval(stmt[2], frame, data)
        else:
            raise Fallback(op)


def _truth(value: Any) -> bool:
    if type(value) not in (str, int, bool, list, tuple, dict, type(None)):
        raise Fallback("truth of a value")
    return bool(value)


def _lookup(name: str, frame: _Frame | None, data: dict[str, Any]) -> Any:
    while frame is not None:
        if name in frame.values:
            return frame.values[name]
        if name in frame.assigned:  # set later in this iteration, or in an earlier one: Jinja's rules
            raise Fallback(f"{name} read before set")
        frame = frame.parent
    if name not in data:
        raise Fallback(f"undefined {name}")
    return data[name]


def _eval(expr: tuple[Any, ...], frame: _Frame, data: dict[str, Any]) -> Any:
    op = expr[0]
    if op == "name":
        return _lookup(expr[1], frame, data)
    if op == "const":
        return expr[1]
    if op == "attr":
        obj, name = _eval(expr[1], frame, data), expr[2]
        if type(obj) is _Loop:
            return obj.get(name)
        if type(obj) is dict and not hasattr(dict, name) and name in obj:
            return obj[name]
        raise Fallback(f"attribute {name}")
    if op == "item":
        obj, key = _eval(expr[1], frame, data), _eval(expr[2], frame, data)
        if type(obj) in (list, tuple) and type(key) is int and -len(obj) <= key < len(obj):
            return obj[key]
        if type(obj) is dict and type(key) is str and key in obj:
            return obj[key]
        raise Fallback("item")
    if op == "len":
        value = _eval(expr[1], frame, data)
        if type(value) not in (str, list, tuple, dict):
            raise Fallback("length")
        return len(value)
    if op in ("eq", "ne"):
        a, b = _eval(expr[1], frame, data), _eval(expr[2], frame, data)
        if type(a) not in (str, int, type(None)) or type(b) not in (str, int, type(None)):
            raise Fallback("comparison")
        return (a == b) if op == "eq" else (a != b)
    if op == "concat":
        parts = [_eval(e, frame, data) for e in expr[1]]
        if any(type(p) not in _VALUE_TYPES for p in parts):
            raise Fallback("concat type")
        return "".join(str(p) for p in parts)
    if op == "cond":
        return _eval(expr[2] if _truth(_eval(expr[1], frame, data)) else expr[3], frame, data)
    if op == "not":
        return not _truth(_eval(expr[1], frame, data))
    if op == "and":
        left = _eval(expr[1], frame, data)
        return _eval(expr[2], frame, data) if _truth(left) else left
    if op == "or":
        left = _eval(expr[1], frame, data)
        return left if _truth(left) else _eval(expr[2], frame, data)
    raise Fallback(op)
