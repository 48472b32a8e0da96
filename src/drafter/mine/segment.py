"""Stage 2, segment: title, speaker and date lines, salutation, opening, headings, points,
paragraphs and closing; each unit split into sentences."""

from __future__ import annotations

import re

from drafter.mine.model import Dropped, Line, Sentence, Speech, Unit

NUM = "一二三四五六七八九十"
HEADING1 = re.compile(rf"^[{NUM}]+、")
HEADING2 = re.compile(
    rf"^(?:第[{NUM}]+[，、]|[{NUM}]+[是要](?=[^{NUM}])|[（(][{NUM}]+[)）]|\d+[、.．](?!\d))"
)
SUBSECTION = re.compile(rf"^[（(][{NUM}]+[)）]")
SALUTATION = re.compile(r"^同志们[：:，,]?$|^同志们[：:]")
CLOSING_START = re.compile(r"^同志们[，,]")
TITLE_HINT = re.compile(r"讲话|会上|动员|发言")
DATE_LINE = re.compile(r"^[（(]?\s*(?:\d{4}|[二〇一二三四五六七八九零]{4})年.{1,6}日\s*[)）]?$")
SPEAKER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# A sentence ends at 。！？； and any closing quotes or brackets that follow.
_SENTENCE = re.compile(r"[^。！？；!?;]*(?:[。！？；!?;]+[”’）》]*|$)")
_POINT_SPLIT = re.compile(r"^(.{2,60}?[。！？；])(.*)$")


def split_sentences(text: str) -> list[str]:
    """Split on 。！？； keeping the delimiter and any closing quote with its sentence."""
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def segment_lines(lines: list[Line]) -> Speech:
    """Segment cleaned lines into a Speech; lines before the salutation form the header."""
    salutation = next((i for i, ln in enumerate(lines) if SALUTATION.match(ln.text)), None)
    if salutation is None:  # no 同志们： line: the body starts at the first heading or sentence
        start = next((i for i, ln in enumerate(lines)
                      if HEADING1.match(ln.text) or "。" in ln.text or len(ln.text) > 80), len(lines))
        header, body = lines[:start], lines[start:]
    else:
        header, body = lines[:salutation], lines[salutation:]
    speech = Speech(units=[])
    _read_header(header, speech)
    speech.units.extend(_body_units(body))
    for unit in speech.units:
        if unit.kind not in ("heading1", "salutation", "title", "speaker", "date"):
            unit.sentences = [Sentence(s) for s in split_sentences(unit.text)]
    return speech


def _read_header(header: list[Line], speech: Speech) -> None:
    for line in header:
        text = line.text
        if speech.date is None and DATE_LINE.match(text):
            speech.date = text.strip("（）() ")
            speech.units.append(Unit("date", text, line.no))
        elif speech.title is None and TITLE_HINT.search(text):
            speech.title = text
            speech.units.append(Unit("title", text, line.no))
        elif speech.speaker is None and SPEAKER_LINE.match(text):
            speech.speaker = text
            speech.units.append(Unit("speaker", text, line.no))
        else:
            speech.dropped.append(Dropped(line.no, text, "标题区的其他文字"))
    if speech.title is None and header:
        speech.title = header[0].text


def _body_units(body: list[Line]) -> list[Unit]:
    units: list[Unit] = []
    first_heading = next((i for i, ln in enumerate(body) if HEADING1.match(ln.text)), len(body))
    last_heading = max((i for i, ln in enumerate(body) if HEADING1.match(ln.text)), default=-1)
    closing = next((i for i, ln in enumerate(body) if i > last_heading and i > 0
                    and CLOSING_START.match(ln.text)), None)
    section: str | None = None
    heading1: str | None = None
    for i, line in enumerate(body):
        text = line.text
        if SALUTATION.match(text) and i == 0 and len(text) <= 4:
            units.append(Unit("salutation", text, line.no))
        elif i == 0 and CLOSING_START.match(text) and len(text) > 4:
            units.append(Unit("opening", text, line.no))  # a speech that opens with 同志们，……
        elif HEADING1.match(text):
            units.extend(_heading1(line))
            section = heading1 = units[-1].section
        elif SUBSECTION.match(text) and i >= first_heading:
            # （一）… opens a sub-section: what it is about refines the level-1 heading's topic.
            unit = _point(line, f"{heading1 or ''}｜{_split_title(SUBSECTION.sub('', text))[0]}")
            section = unit.section
            units.append(unit)
        elif i < first_heading:
            units.append(Unit("opening", text, line.no))
        elif closing is not None and i >= closing:
            units.append(Unit("closing", text, line.no))
        else:
            units.append(_point(line, section))
    return _merge_bare_points(units)


def _merge_bare_points(units: list[Unit]) -> list[Unit]:
    """A point heading on a line of its own ('第一，……。') heads the paragraph that follows it."""
    out: list[Unit] = []
    for unit in units:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "heading2" and unit.kind == "paragraph"
                and unit.title is None):
            out[-1] = Unit("paragraph", unit.text, unit.line, section=unit.section, title=prev.title)
            continue
        out.append(unit)
    return out


def _heading1(line: Line) -> list[Unit]:
    """'一、统一思想，提高认识……。当前，……': the heading, then its text if it runs on."""
    text = HEADING1.sub("", line.text, count=1)
    title, rest = _split_title(text)
    units = [Unit("heading1", title.rstrip("。"), line.no, section=title)]
    if rest:
        units.append(Unit("paragraph", rest, line.no, section=title))
    return units


def _point(line: Line, section: str | None) -> Unit:
    """A level-2 point ('第一，…。body') carries its own title; other lines are paragraphs."""
    match = HEADING2.match(line.text)
    if not match:
        return Unit("paragraph", line.text, line.no, section=section)
    text = line.text[match.end():].strip()
    title, rest = _split_title(text)
    if not rest:
        return Unit("heading2", title.rstrip("。"), line.no, section=section, title=title.rstrip("。"))
    return Unit("paragraph", rest, line.no, section=section, title=title.rstrip("。；"))


def _split_title(text: str) -> tuple[str, str]:
    match = _POINT_SPLIT.match(text)
    if not match:
        return text.strip(), ""
    return match.group(1).strip(), match.group(2).strip()
