"""Jinja2: one sandboxed environment renders phrase texts and the speech template into markup."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.errors import InputError

SPEECH_TEMPLATE = "speech.j2"


_OPTIONS: dict[str, Any] = dict(autoescape=False, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=4)
def make_env(folder: str | None = None) -> Any:
    """The environment for text that may come from other units: sandboxed (phrases, a unit's own
    templates), StrictUndefined (a misspelt variable is an error, not an empty string), no
    autoescape (plain text)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    from drafter.data import templates_dir
    from drafter.sandbox import LimitedSandbox  # also bounds loops, output and value sizes

    loaders: list[Any] = [FileSystemLoader(folder)] if folder else []
    loaders.append(FileSystemLoader(str(templates_dir())))
    return LimitedSandbox(loader=ChoiceLoader(loaders), undefined=StrictUndefined, bytecode_cache=_bytecode_cache(), **_OPTIONS)


@lru_cache(maxsize=1)
def _shipped_env() -> Any:
    """A plain (unsandboxed) environment holding only the speech template drafter ships, compiled
    at build time, and only while the template in use is byte for byte that one: then it is
    drafter's own code, not a unit's, and needs no sandbox. None otherwise. Why, measured on
    200 batch drafts in one process: the template rendered in 0.86 ms a draft in the sandbox (its
    checks on every attribute and call), 0.31 ms here; and compiling speech.j2 at run time was a
    third of what a first run costs beyond a warm one."""
    import hashlib

    from jinja2 import Environment, ModuleLoader, StrictUndefined

    from drafter.data import templates_dir

    try:
        wanted = (COMPILED_DIR / f"{SPEECH_TEMPLATE}.sha256").read_text(encoding="ascii").strip()
        have = hashlib.sha256((templates_dir() / SPEECH_TEMPLATE).read_bytes()).hexdigest()
    except OSError:
        return None
    if have != wanted:
        return None
    return Environment(loader=ModuleLoader(str(COMPILED_DIR)), undefined=StrictUndefined, **_OPTIONS)


COMPILED_DIR = Path(__file__).resolve().parent / "_templates"


def compiled_speech() -> tuple[str, str]:
    """(module file name, Python source) of the packaged speech template as Jinja compiles it for
    its `ModuleLoader` in the plain environment that runs it: what the build step ships in
    `COMPILED_DIR`, beside the template's SHA-256."""
    from jinja2 import Environment, ModuleLoader

    from drafter.data import templates_dir

    source = (templates_dir() / SPEECH_TEMPLATE).read_text(encoding="utf-8")
    code = Environment(**_OPTIONS).compile(source, SPEECH_TEMPLATE, SPEECH_TEMPLATE, raw=True, defer_init=True)  # as compile_templates does
    return ModuleLoader.get_module_filename(SPEECH_TEMPLATE), str(code)


def _bytecode_cache() -> Any:
    """Jinja's own cache of compiled templates, in drafter's cache folder (None when it is off)."""
    from jinja2 import FileSystemBytecodeCache

    from drafter.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    try:
        (folder / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only cache folder only costs speed
    return FileSystemBytecodeCache(str(folder / "jinja"))


class PhraseRenderer:
    """Renders phrase texts with one draft's context, caching compiled templates. `env` None: the
    default environment, made (importing Jinja) only if a phrase needs more than `substitute`."""

    __slots__ = ("context", "env")

    def __init__(self, context: dict[str, str], env: Any = None) -> None:
        self.context = context
        self.env = env

    def render(self, text: str, where: str) -> str:
        """A phrase text with its variables filled in; errors name the phrase."""
        if "{" not in text:
            return text
        fast = substitute(text, self.context)
        if fast is not None:
            return fast
        from jinja2 import TemplateError
        from jinja2.exceptions import SecurityError

        if self.env is None:
            self.env = make_env()
        try:
            return _compile(self.env, text).render(self.context)
        except SecurityError as exc:
            raise InputError(f"{where} 含有不安全的模板代码：{exc}", hint="语料和模板只能使用 {{ 变量 }}，不能调用函数或访问内部属性。") from exc
        except TemplateError as exc:
            known = "、".join(sorted(self.context))
            raise InputError(f"{where} 的模板写法有误：{exc}", hint=f"可用的变量：{known}。") from exc


_SIMPLE_VAR = re.compile(r"\{\{ *([A-Za-z_]\w*) *\}\}")
# One level of {% if COND %}…{% else %}…{% endif %}, as phrases use it to follow the date or theme.
_IF = re.compile(r"\{% *if +([^%]+?) *%\}(.*?)(?:\{% *else *%\}(.*?))?\{% *endif *%\}", re.S)
_COND = (
    (re.compile(r"([A-Za-z_]\w*)"), lambda m, c: bool(c[m[1]]) if m[1] in c else None),
    (re.compile(r"(['\"])([^'\"]*)\1 +in +([A-Za-z_]\w*)"), lambda m, c: m[2] in c[m[3]] if m[3] in c else None),
    (re.compile(r"([A-Za-z_]\w*) *== *(['\"])([^'\"]*)\2"), lambda m, c: c[m[1]] == m[3] if m[1] in c else None),
)


def _condition(cond: str, context: dict[str, str]) -> bool | None:
    """The value of a simple condition (`name`, `"x" in name`, `name == "x"`), or None."""
    for pattern, judge in _COND:
        m = pattern.fullmatch(cond.strip())
        if m:
            return judge(m, context)
    return None


def _branches(text: str, context: dict[str, str]) -> str | None:
    """`text` with its simple if-blocks resolved; None if it has any other tag."""
    undecided = False

    def pick(m: re.Match[str]) -> str:
        nonlocal undecided
        value = _condition(m[1], context)
        undecided = undecided or value is None
        return m[2] if value else (m[3] or "")

    out = _IF.sub(pick, text)
    return None if undecided or "{%" in out else out


def substitute(text: str, context: dict[str, str]) -> str | None:
    """A phrase whose only template code is `{{ name }}` of known names and simple if-blocks,
    filled in directly; None for anything else (filters, loops, unknown names), which Jinja then
    renders or reports. Why, measured (240 drafts of 6 org types composed in one process, CPU time a
    draft, two runs each): 10.4–11.6 ms with this path, 12.1–12.4 ms with the if-blocks left to
    Jinja, 15.8–16.7 ms with every phrase rendered by Jinja — a third of composing, and so of a
    batch. Anything this path is not sure of goes to Jinja, and tests/test_substitute.py checks
    both give the same text."""
    if "{#" in text or "\r" in text:
        return None
    if "{%" in text:
        if "\n" in text or "-%}" in text or "{%-" in text:
            return None  # line and whitespace control: leave them to Jinja
        resolved = _branches(text, context)
        if resolved is None:
            return None
        text = resolved
    parts = _SIMPLE_VAR.split(text)
    if any("{{" in p for p in parts[::2]) or any(n not in context for n in parts[1::2]):
        return None
    parts[1::2] = [str(context[n]) for n in parts[1::2]]
    return "".join(parts)


_CACHE: dict[str, Any] = {}


def _compile(env: Any, text: str) -> Any:
    tpl = _CACHE.get(text)
    if tpl is None:
        tpl = _CACHE[text] = env.from_string(text)
    return tpl


def render_speech(env: Any, data: dict[str, Any], template_name: str = SPEECH_TEMPLATE) -> str:
    """The speech template filled with the planned, rendered content: markup lines '@kind text'.
    `env` None: the shipped, precompiled template when it is the one in use, else drafter's sandbox
    (whose compiled templates Jinja's own bytecode cache keeps in drafter's cache folder)."""
    if env is None:
        env = _shipped_env() or make_env()
    from jinja2 import TemplateError
    from jinja2.exceptions import SecurityError

    try:
        tpl = env.get_template(template_name)
        return str(tpl.render(**data))
    except SecurityError as exc:
        raise InputError(f"讲话模板 {template_name} 含有不安全的模板代码：{exc}", path=Path(template_name),
                         hint="模板只能使用 {{ 变量 }}、for 循环和 if 判断，不能调用函数或访问内部属性。") from exc
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        raise InputError(f"讲话模板 {template_name} 有误：{exc}", path=Path(getattr(exc, "filename", None) or template_name), line=lineno) from exc
