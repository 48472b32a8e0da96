"""Resource limits for the Jinja sandbox: phrase texts and templates may come from other units'
files, and Jinja's sandbox stops code from reaching Python, not from running for ever or filling
the memory (`{% for i in range(1000000000) %}`, `{{ "好" * 100000000 }}`). Each render gets a
budget of loop steps and calls and a cap on its output; one operation may not build a huge value.
Going over any of them is a SecurityError (a TemplateError), which drafter reports with the
phrase or template it came from, at once."""

from __future__ import annotations

import functools
import operator
import re
from typing import Any, Callable, Iterable, Iterator

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

# A speech template renders ~100 paragraphs in ~200 loop steps, its output is ~30,000 characters
# of markup, and no phrase is longer than a few hundred characters: the limits are far above.
MAX_STEPS = 100_000  # loop iterations and calls in one render
MAX_OUTPUT = 1_000_000  # characters one render may produce
MAX_VALUE = 100_000  # length of one value an operation may build (a repeated string, a range, a width)
_BIG_FIELD = re.compile(r"\d{6,}")  # a width/precision in a format string ("%1000000s", "{:>9999999}")


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what}超过上限（模板不能用于大量计算：循环最多 {MAX_STEPS} 次，结果最多 {MAX_OUTPUT} 字）")


class _LimitedCodeGenerator(CodeGenerator):
    """Compiles every `{% for %}` to iterate through the environment's step budget."""

    def visit_For(self, node: nodes.For, frame: Any) -> None:  # noqa: N802 - Jinja's visitor name
        if not node.recursive:
            node.iter = nodes.Call(nodes.EnvironmentAttribute("budget_iter"), [node.iter], [], None, None,
                                   lineno=node.lineno)
        super().visit_For(node, frame)


class _LimitedTemplate(Template):
    """A template whose render starts a fresh budget and stops at MAX_OUTPUT characters."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        env = self.environment
        env.steps_left = MAX_STEPS  # type: ignore[attr-defined]
        ctx = self.new_context(dict(*args, **kwargs))
        parts: list[str] = []
        size = 0
        try:
            for chunk in self.root_render_func(ctx):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise _too_big("模板输出的文字")
                parts.append(chunk)
        except RecursionError:  # a macro calling itself
            raise SecurityError("模板中的宏调用嵌套太深（宏调用了自己？）") from None
        except Exception:
            env.handle_exception()
        return env.concat(parts)  # type: ignore[attr-defined]


class LimitedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox with a step budget, size-checked operators, calls and filters."""

    code_generator_class = _LimitedCodeGenerator
    template_class = _LimitedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.steps_left = MAX_STEPS
        self.globals["range"] = self._range
        self.filters = {name: _checked(fn) for name, fn in self.filters.items()}

    def _spend(self, n: int = 1) -> None:
        self.steps_left -= n
        if self.steps_left < 0:
            raise _too_big("模板中的循环或调用次数")

    def budget_iter(self, iterable: Iterable[Any]) -> Iterator[Any]:
        """Iterate, spending one step per item."""
        for item in iterable:
            self._spend()
            yield item

    def _range(self, *args: int) -> range:
        rng = range(*args)
        if len(rng) > MAX_VALUE:
            raise _too_big("range() 的长度")
        return rng

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805,B902 - as Jinja's
        __self._spend()
        _check_args(args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_VALUE:
                    raise _too_big("重复得到的文字或列表")
        elif operator_ == "**":
            if isinstance(right, (int, float)) and abs(right) > 100:
                raise _too_big("乘方的指数")
        elif operator_ == "%":
            if isinstance(left, str) and _BIG_FIELD.search(left):
                raise _too_big("格式中的宽度")
        elif operator_ == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, type(left)) and len(left) + len(right) > MAX_OUTPUT:
                raise _too_big("拼接得到的文字")
        return {"*": operator.mul, "**": operator.pow, "%": operator.mod, "+": operator.add}[operator_](left, right)

    def wrap_str_format(self, value: Any) -> Any:
        """`"{:>1000000000}".format(1)` would build a gigabyte before any check: refuse the format."""
        owner = getattr(value, "__self__", None)
        if isinstance(owner, str) and getattr(value, "__name__", "") in ("format", "format_map") and _BIG_FIELD.search(owner):
            raise _too_big("格式中的宽度")
        return super().wrap_str_format(value)


def _check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A call or filter asked for a huge width or count (`center(1000000000)`, `indent(…)`)."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_VALUE:
            raise _too_big(f"参数 {value}")


def _checked(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose arguments are size-checked (its pass_context/… marks are kept by wraps)."""

    skip = 2 if getattr(fn, "jinja_pass_arg", None) else 1  # the context/environment, then the value

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _check_args(args[skip:], kwargs)
        return fn(*args, **kwargs)

    return wrapper
