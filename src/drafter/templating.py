"""Jinja2: one sandboxed environment renders phrase texts and the speech template into markup."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.dates import DateFacts, cn_date, spirit_for
from drafter.domain import ROLES, OrgType, Theme
from drafter.errors import InputError
from drafter.params import Params

SPEECH_TEMPLATE = "speech.j2"


def placeholder(label: str) -> str:
    """The visible mark for a fact the user has to supply."""
    return f"【待填:{label}】"


@lru_cache(maxsize=4)
def make_env(folder: str | None = None) -> Any:
    """The one Jinja environment: sandboxed (templates and phrases may come from other units),
    StrictUndefined (a misspelt variable is an error, not an empty string), no autoescape (plain text)."""
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

    from drafter.data import templates_dir
    from drafter.sandbox import LimitedSandbox  # also bounds loops, output and value sizes

    loaders = [FileSystemLoader(folder)] if folder else []
    loaders.append(FileSystemLoader(str(templates_dir())))
    env = LimitedSandbox(
        loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=False,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
    )
    return env


def one_line(text: str) -> str:
    """A params value fit for one line of markup: no line breaks."""
    return " ".join(str(text).split())


def make_context(params: Params, org: OrgType, theme: Theme, facts: DateFacts) -> dict[str, str]:
    """The variables phrase texts may use. Values are plain text and are never rendered again, so a
    unit name like '{{ 7*7 }}' stays literally that."""
    unit = one_line(params.unit) if params.unit else placeholder(org.unit_label)
    meeting = one_line(params.meeting) if params.meeting else f"{unit}{theme.title}"
    role_title = ROLES[params.role]
    speaker_title = one_line(params.speaker_title) if params.speaker_title else f"党委{role_title}"
    return {
        "unit": unit,
        "own": org.self,
        "scope": org.scope,
        "people": org.people,
        "members": org.members,
        "cadres": org.cadres,
        "work": org.work,
        "superior": one_line(params.superior) if params.superior else org.superior,
        "activity": theme.activity,
        "theme_short": theme.short,
        "meeting": meeting,
        "speaker": one_line(params.speaker) if params.speaker else placeholder("讲话人姓名"),
        "speaker_title": speaker_title,
        "secretary": one_line(params.secretary) if params.secretary else placeholder("书记姓氏") + "书记",
        "year": f"{facts.date.year}",
        "anniversary": f"{facts.anniversary}",
        "next_congress": facts.next_congress,
        "last_congress": facts.last_congress,
        "guiding": facts.era.guiding,
        "spirit": spirit_for(facts),
        "slogan": one_line(params.slogan) if params.slogan else "",
        "priorities": "、".join(one_line(p) for p in params.priorities),
        "date_text": cn_date(facts.date) if params.date_style == "chinese" else f"{facts.date.year}年{facts.date.month}月{facts.date.day}日",
    }


@dataclass
class PhraseRenderer:
    """Renders phrase texts with one draft's context, caching compiled templates. `env` None: the
    default environment, made (importing Jinja) only if a phrase needs more than `substitute`."""

    context: dict[str, str]
    env: Any = None

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


def substitute(text: str, context: dict[str, str]) -> str | None:
    """A phrase whose only template code is `{{ name }}` of known names, filled in directly; None
    for anything else (tags, filters, unknown names), which Jinja then renders or reports.
    Why: most phrases are like this, and a Jinja render per phrase was a third of a batch's time."""
    if "{%" in text or "{#" in text or "\r" in text:
        return None
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
    `env` None: drafter's default environment; then, while Jinja is not imported, a template simple
    enough is run from its cached parse (drafter.template_program), with Jinja's exact result. Once
    Jinja is loaded anyway (a phrase needed it; `batch` loads it before its workers start), its
    compiled template is the faster of the two (0.32 against 0.39 ms a draft in a warm process)."""
    if env is None:
        from drafter.template_program import Fallback, run

        program = speech_program(template_name)  # also when Jinja is loaded: the next run needs it
        if program is not None and "jinja2" not in sys.modules:
            try:
                return run(program, data)
            except Fallback:
                pass
    if env is None:
        env = make_env()
    from jinja2 import TemplateError

    try:
        tpl = env.get_template(template_name)
        return str(tpl.render(**data))
    except TemplateError as exc:
        lineno = getattr(exc, "lineno", None)
        raise InputError(f"讲话模板 {template_name} 有误：{exc}", path=Path(getattr(exc, "filename", None) or template_name), line=lineno) from exc


def speech_program(template_name: str = SPEECH_TEMPLATE) -> tuple[Any, ...] | None:
    """The cached program of the packaged template `template_name` (as make_env()'s loader finds
    it), or None when it needs Jinja, cannot be read, or does not parse (Jinja then reports it)."""
    from drafter.cache import cached
    from drafter.data import templates_dir
    from drafter.template_program import FORMAT, compile_tree

    path = templates_dir() / template_name
    try:
        raw = path.read_bytes()
    except (OSError, ValueError):
        return None

    def build() -> tuple[int, tuple[Any, ...] | None]:
        env = make_env()
        source, filename, _ = env.loader.get_source(env, template_name)
        # The program must be made from these very bytes (the file could change in between).
        if source.replace("\r\n", "\n").replace("\r", "\n") != raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"):
            return (FORMAT, None)
        return (FORMAT, compile_tree(env.parse(source, template_name, filename)))

    key = (template_name, raw)
    if key in _PROGRAMS:  # a batch renders hundreds of drafts: read the cache file once
        return _PROGRAMS[key]
    try:
        version, program = cached("speech", raw, build)
    except Exception:  # noqa: BLE001 - unreadable or broken template: Jinja gives the message
        return None
    _PROGRAMS.clear()  # one template in use at a time: keep only the latest
    _PROGRAMS[key] = program = program if version == FORMAT else None
    return program


_PROGRAMS: dict[tuple[str, bytes], tuple[Any, ...] | None] = {}
