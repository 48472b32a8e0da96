"""Composition: params → the speech as a document model.

resolve the request once (compose.resolve: org, theme, role, date) → plan the outline (compose.plan) → fill phrases with the
draft's variables (compose.context) → tidy the text (compose.tidy) → the speech template → Document."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any, NamedTuple

from drafter.compose.context import make_context
from drafter.compose.plan import Chooser, make_plan, split_ref
from drafter.compose.resolve import Request, resolve
from drafter.compose.structure import load_structures
from drafter.dates import DateFacts
from drafter.compose.tidy import drop_echo, enumerations, say_once, strip_salutation
from drafter.domain import load_roles, resolve_theme
from drafter.numerals import to_chinese
from drafter.errors import InputError
from drafter.document.markup import parse_markup
from drafter.document.model import LINE_BREAK, Document
from drafter.params import Outline, Params, is_phrase_id
from drafter.phrasebank import Phrase, Phrasebank
from drafter.textutil import count_chars
from drafter.yamlio import Located, did_you_mean

# Slots whose phrase continues the paragraph before it instead of starting one: the unit's own task
# and the turn (“……。下面，我讲四点意见。”) complete the opening's paragraph, the dedication the
# closing's call; so the opening and the closing are each one paragraph composed for this unit.
_RUN_ON = frozenset({"opening.task", "opening.turn", "closing.dedication"})


class Built(NamedTuple):
    """A composed draft: the model, the params that made it, and its length."""

    document: Document
    params: Params
    chars: int
    previews: dict[str, str]
    replanned: bool
    notes: list[str]
    closing_paragraphs: int  # how many of the last paragraphs are the closing


class _Drafting(NamedTuple):
    """One draft's choices and its phrases, rendered once (planning, the body and the previews)."""

    choose: Chooser
    structure: Any
    sections: Any
    renderer: Any
    phrase_parts: Any
    measure: Any
    names: tuple[str, ...]


def _drafting(request: Request, loc: Located | None) -> _Drafting:
    from drafter.templating import PhraseRenderer

    params, org, theme, role, facts, bank = (request.params, request.org, request.theme, request.role.key,
                                             request.facts, request.bank)
    structure = load_structures()[role]
    choose = Chooser(bank, org.key, role, theme.parts, facts.era.id, params.seed)
    sections = structure.sections_for(theme.parts, params.minutes)
    count = len(params.outline.sections) if params.outline is not None else len(sections)
    renderer = PhraseRenderer(make_context(params, org, theme, facts, count), None)
    per_theme = _per_theme(renderer, theme)
    parts: dict[str, tuple[str | None, list[str]]] = {}
    names = (theme.activity, theme.short, *(resolve_theme(t).activity for t in theme.parts))

    def phrase_parts(ref: str) -> tuple[str | None, list[str]]:
        # Planning measures, the body uses and the previews show the same phrases: render each once.
        if ref not in parts:
            parts[ref] = _phrase_parts(ref, bank, renderer, loc, names, per_theme)
        return parts[ref]

    lengths: dict[str, int] = {}

    def measure(ref: str) -> int:
        # Planning measures the whole draft after every step: 157,000 calls for 200 drafts, each
        # joining and counting the phrase again, were 3/4 of a batch's CPU. Each ref is counted once.
        if ref not in lengths:
            title, paras = phrase_parts(ref)
            lengths[ref] = count_chars((title or "") + "".join(paras))
        return lengths[ref]

    return _Drafting(choose, structure, sections, renderer, phrase_parts, measure, names)


def _plan(request: Request, d: _Drafting, known: frozenset[str] = frozenset()) -> tuple[Outline, list[str]]:
    params = request.params
    return make_plan(choose=d.choose, structure=d.structure, sections=d.sections, minutes=params.minutes,
                     target_chars=params.minutes * params.rate, measure=d.measure, event=request.facts.event_listed,
                     known=known)


def _said_before(request: Request) -> frozenset[str]:
    """The phrases of the speech this role follows at the meeting (roles.yaml `follows`: the
    deputy speaks after the secretary), planned for the same unit, date, theme, length and seed:
    the deputy's points do not say again what the secretary's draft says."""
    follows = request.role.follows
    if not follows:
        return frozenset()
    lead = request._replace(role=load_roles()[follows], params=replace(request.params, role=follows, outline=None))
    outline, _ = _plan(lead, _drafting(lead, None))
    return frozenset(split_ref(ref)[0] for ref in _refs(outline))


def compose(request: Request, *, loc: Located | None = None) -> Built:
    """A resolved request → Document. Plans the outline when params has none; `loc` (the params
    file) locates an unknown phrase id in the outline."""
    from drafter.templating import render_speech

    params, facts, bank = request.params, request.facts, request.bank
    d = _drafting(request, loc)
    choose, structure, renderer, phrase_parts, names = d.choose, d.structure, d.renderer, d.phrase_parts, d.names
    notes: list[str] = []
    replanned = params.outline is None
    if params.outline is None:
        outline, notes = _plan(request, d, _said_before(request))
        params = replace(params, outline=outline)
    assert params.outline is not None
    inner = enumerations([x for s in params.outline.sections for p in s.points if p.ref for x in phrase_parts(p.ref)[1]])
    numbering = choose.numbering(structure, avoid=inner)
    data = _speech_data(params, phrase_parts, bank, renderer.context, numbering, names, _spirit_short(facts))
    document = parse_markup(render_speech(None, data))
    previews = {ref: _preview(ref, bank, phrase_parts) for ref in _refs(params.outline)}
    chars = count_chars(document.spoken_text())
    return Built(document, params, chars, previews, replanned, notes, len(data["closing"]))


def _speech_data(params: Params, phrase_parts: Any, bank: Phrasebank, ctx: dict[str, str], numbering: str,
                 names: tuple[str, ...], spirit_short: str) -> dict[str, Any]:
    """What the speech template needs: the outline's phrases, rendered and tidied."""
    assert params.outline is not None

    def text_of(item: str) -> list[str]:
        return phrase_parts(item)[1] if is_phrase_id(item) else _paragraphs(item)

    sections: list[dict[str, Any]] = []
    for sec in params.outline.sections:
        heading = _one_line(text_of(sec.heading)[0]) if sec.heading and text_of(sec.heading) else ""
        intro = drop_echo(heading, text_of(sec.intro), names) if sec.intro else []
        points: list[dict[str, Any]] = []
        for p in sec.points:
            title, paras = phrase_parts(p.ref) if p.ref else ((_one_line(p.title) if p.title else None), _paragraphs(p.text or ""))
            points.append({"title": title, "paragraphs": paras})
        if len(points) == 1 and points[0]["title"] is None:
            points[0]["paragraphs"] = drop_echo(heading, points[0]["paragraphs"], names)
        sections.append({"heading": heading, "intro": intro, "points": points})
    audience = " ".join(params.audience.split()).rstrip("：:")
    opening = _joined(params.outline.opening, text_of, bank)
    if opening:
        opening[0] = strip_salutation(opening[0], audience)
    closing = _joined(params.outline.closing, text_of, bank)
    # The spirit in full where the speech first names it, “党的N大精神” after that: in reading order.
    blocks = say_once([opening] + [b for s in sections for b in (s["intro"], *(p["paragraphs"] for p in s["points"]))]
                      + [closing], ctx["spirit"], spirit_short)
    opening, closing = blocks[0], blocks[-1]
    rest = iter(blocks[1:-1])
    for s in sections:
        s["intro"] = next(rest)
        for p in s["points"]:
            p["paragraphs"] = next(rest)
    return {
        "title": _title(ctx["meeting"], ctx["unit"] if params.meeting is None else None),
        "speaker_line": f"{ctx['speaker_title']}　{ctx['speaker']}",
        "date_line": f"（{ctx['date_text']}）",
        "audience": audience,
        "opening": opening,
        "sections": sections,
        "closing": closing,
        "numbering": numbering,
        "ordinals": _ORDINALS,  # for run-in points: 第一， / 一是
    }


def _spirit_short(facts: DateFacts) -> str:
    """The congress alone (党的十九大精神): how the speech names the spirit after saying it in full."""
    return f"党的{facts.last_congress}精神"


_ORDINALS = tuple(to_chinese(n) for n in range(1, 100))  # made once: 99 conversions a draft were ~0.2 ms of a batch draft


def _joined(items: tuple[str, ...], text_of: Any, bank: Phrasebank) -> list[str]:
    """Paragraphs of the opening or closing: a run-on phrase continues the paragraph before it."""
    out: list[str] = []
    for item in items:
        paras = text_of(item)
        ph = bank.get(split_ref(item)[0]) if is_phrase_id(item) else None
        if out and paras and ph is not None and ph.slot in _RUN_ON:
            out[-1] += paras[0]
            paras = paras[1:]
        out.extend(paras)
    return out


def _per_theme(renderer: Any, theme: Any) -> dict[str, Any]:
    """For a draft on several themes: a renderer per theme, whose activity and back-references are
    that theme's alone. Empty for a draft on one theme."""
    from drafter.templating import PhraseRenderer

    if len(theme.parts) < 2:
        return {}
    out = {}
    for key in theme.parts:
        t = resolve_theme(key)
        context = {**renderer.context, "activity": t.activity, "theme_short": t.short, "this": t.this, "it": t.it}
        out[key] = PhraseRenderer(context, None)
    return out


def _phrase_parts(ref: str, bank: Phrasebank, renderer: Any, loc: Located | None, names: tuple[str, ...],
                  per_theme: dict[str, Any] | None = None) -> tuple[str | None, list[str]]:
    """A phrase at a depth, rendered: its title and its paragraphs, the title's echo removed. In a
    draft on several themes, a phrase tagged for one of them speaks of that one (`per_theme`): the
    four links of 创先争优 are “创先争优活动”的, not 学习型党组织建设's too."""
    found: _RefMemo | None = bank.refs.get(ref)
    if found is None:
        pid, depth = split_ref(ref)
        ph = bank.get(pid)
        if ph is None:
            raise _unknown_ref(ref, bank, loc)
        found = bank.refs[ref] = (ph, depth, _uses(ph), bank.path.name, {})
    ph, depth, used, bank_name, seen = found
    if per_theme:
        own = [t for t in ph.themes if t in per_theme]
        if len(own) == 1:
            renderer = per_theme[own[0]]
    if used is None:
        return _rendered(ph, depth, renderer, names, bank_name)
    # The same phrase with the same values of the variables it uses renders the same text: a batch
    # renders an org type's phrases for many units, and most phrases name no unit. Measured on 300
    # batch rows in one process, CPU a draft: 5.3–5.9 ms with this, 6.0–6.4 ms without. Kept per
    # ref on the bank, not in an lru_cache keyed by the phrase (which hashed all its fields on every
    # look-up, after parsing the ref again): composing 2.0 → 1.7 ms a draft (300 rows, 4 pairs).
    context = renderer.context
    key = (tuple([context.get(n) for n in used]), names)
    hit = seen.get(key)
    if hit is None:
        try:
            hit = _rendered_with(ph, depth, used, key[0], names, bank_name)
        except InputError:  # reported with the draft's whole context (its hint lists every variable)
            return _rendered(ph, depth, renderer, names, bank_name)
        if len(seen) >= _SEEN_PER_REF:  # a phrase naming the unit differs in every draft: bounded
            seen.clear()
        seen[key] = hit
    title, paras = hit
    return title, list(paras)


_SEEN_PER_REF = 256
# What Phrasebank.refs keeps for a ref: its phrase, depth, the names it uses, the bank's file name,
# and its renderings by (the values of those names, the activity names).
_RefMemo = tuple[Phrase, int, tuple[str, ...] | None, str,
                 dict[tuple[tuple[str | None, ...], tuple[str, ...]], tuple[str | None, tuple[str, ...]]]]


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_NAME = re.compile(r"[A-Za-z_]\w*")
# Template code that reads more than the names it spells (another template, a macro's caller).
_OPAQUE = frozenset({"include", "import", "extends", "from", "block", "macro", "call", "caller", "self", "super"})


@lru_cache(maxsize=4096)
def _uses(ph: Phrase) -> tuple[str, ...] | None:
    """Every name a phrase's template code spells, sorted: a superset of the variables it reads
    (keywords and filters too, which the context does not hold). None when it holds code that
    reads more than it spells."""
    found = {n for text in (ph.title or "", ph.text, ph.short or "", *ph.more) for tag in _TAG.findall(text)
             for n in _NAME.findall(tag)}
    return None if found & _OPAQUE else tuple(sorted(found))


def _rendered_with(ph: Phrase, depth: int, used: tuple[str, ...], values: tuple[str | None, ...], names: tuple[str, ...],
                   bank_name: str) -> tuple[str | None, tuple[str, ...]]:
    """A phrase rendered with only the variables it spells (`used`, their `values`)."""
    from drafter.templating import PhraseRenderer

    context = {n: v for n, v in zip(used, values) if v is not None}
    title, paras = _rendered(ph, depth, PhraseRenderer(context), names, bank_name)
    return title, tuple(paras)


def _rendered(ph: Phrase, depth: int, renderer: Any, names: tuple[str, ...], bank_name: str) -> tuple[str | None, list[str]]:
    body = [ph.short if depth < 0 and ph.short else ph.text, *ph.more[: max(0, depth)]]
    where = f"语料库 {bank_name} 中的条目 {ph.id}"
    title = _one_line(renderer.render(ph.title, f"{where} 的 title")) if ph.title else None
    paras = [renderer.render(x, where) for b in body for x in _paragraphs(b)]
    return title, drop_echo(title, paras, names) if title else paras


def _paragraphs(text: str) -> list[str]:
    """Text → its non-empty lines, split at every kind of line break (str.splitlines: also U+2028,
    U+0085…), so that no user text can start a markup line such as '@h1' or pose as the title's
    LINE_BREAK."""
    return [x for x in text.splitlines() if x.strip()]


def _one_line(text: str) -> str:
    """Text for a one-line block (a heading): every run of whitespace, line breaks included, → one space."""
    return " ".join(text.split())


TITLE_LINE = 20  # 2号 characters that fit one line of the 156 mm type area


def _title(meeting: str, unit: str | None) -> str:
    """'在……上的讲话'; a title too long for one line breaks after the unit's name (a line separator
    the renderers turn into a line break), so the lines split at a word boundary, never mid-word."""
    title = f"在{meeting}上的讲话"
    if len(title) <= TITLE_LINE or not unit or not meeting.startswith(unit):
        return title
    head = f"在{unit}"
    if len(head) < 4 or len(title) - len(head) > TITLE_LINE + 4:
        return title
    return f"{head}{LINE_BREAK}{title[len(head):]}"


def _refs(outline: Outline) -> list[str]:
    refs = [*outline.opening, *outline.closing]
    for sec in outline.sections:
        refs += [sec.heading] + ([sec.intro] if sec.intro else []) + [p.ref for p in sec.points if p.ref]
    return [r for r in refs if r and is_phrase_id(r)]


def _preview(ref: str, bank: Phrasebank, parts: Any) -> str:
    title, paras = parts(ref)
    text = title or (paras[0] if paras else "")
    return text[:24] + ("……" if len(text) > 24 else "")


def _unknown_ref(ref: str, bank: Phrasebank, loc: Located | None) -> InputError:
    guess = did_you_mean(ref, list(bank.by_id))
    hint = (f"您是不是想写“{guess}”？" if guess else "") + "可用 drafter phrases 查看所有编号；也可以直接写一段自己的文字。"
    if loc is not None:
        line = next((i + 1 for i, text in enumerate(loc.text.splitlines()) if ref in text and not text.lstrip().startswith("#")), None)
        excerpt = loc.text.splitlines()[line - 1].strip() if line else None
        return InputError(f"提纲中的短语编号“{ref}”在语料库中不存在。", path=loc.path, line=line, excerpt=excerpt, hint=hint)
    return InputError(f"提纲中的短语编号“{ref}”在语料库中不存在。", hint=hint)



__all__ = ["Built", "Request", "compose", "resolve"]
