"""Three-way merge of a draft the user edited in Word with drafter's new render.

The three versions, paragraph by paragraph:

- base: the paragraphs drafter wrote last (kept beside params.yaml, see draft.py);
- ours: the user's .docx as it is now (edited in Word, WPS or LibreOffice);
- theirs: drafter's new render after params.yaml changed.

The user's file is the one that is changed, in place, so everything the user did (run formatting,
tables, comments, page setup) stays. Paragraphs only the user changed are left alone; paragraphs
only drafter changed become Word tracked changes (w:ins / w:del by author "drafter"), so that
rejecting every revision gives back exactly the user's text; a paragraph both changed keeps the
user's text and gets a Word comment holding drafter's new text.

The alignment of the three sequences is merge3's (the diff3 algorithm, on paragraph texts); inside
a changed paragraph the text difference is diff-match-patch's, cleaned up to whole words."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import io
import itertools
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from drafter.document.model import LINE_BREAK

AUTHOR = "drafter"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# Run children the fine (in-paragraph) diff can rebuild exactly; anything else (fields, drawings,
# footnote references…) makes the paragraph change as a whole: old runs deleted, new text inserted.
_SIMPLE_RUN = {_w("rPr"), _w("t"), _w("br"), _w("tab"), _w("lastRenderedPageBreak")}
_SIMPLE_PARA = {_w("pPr"), _w("r"), _w("proofErr")}

Block = tuple[str, str]  # (kind, text) as drafter's document model has them


@dataclass
class MergeResult:
    """The merged .docx and what happened to its paragraphs."""

    data: bytes
    kept: int = 0  # paragraphs the user changed, kept as the user left them
    updated: int = 0  # paragraphs drafter changed, written as tracked changes (or directly with accept)
    conflicts: int = 0  # paragraphs both changed: the user's text, with drafter's in a comment
    accepted: bool = False

    def summary(self) -> str:
        """The one line `render` prints."""
        how = "直接修改" if self.accepted else "修订标记"
        return f"合并：保留您的修改 {self.kept} 段，更新 {self.updated} 段（{how}），冲突 {self.conflicts} 段（已加批注）"


def key(text: str) -> str:
    """The text a paragraph is compared by: drafter's in-paragraph line break is Word's line break."""
    return text.replace(LINE_BREAK, "\n")


# ---------------------------------------------------------------- reading the user's paragraphs

def _in_deletion(el: Any, stop: Any) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in (_w("del"), _w("moveFrom")):
            return True
        parent = parent.getparent()
    return False


def para_text(p: Any) -> str:
    """A paragraph's text as it reads with every pending revision accepted (w:del left out)."""
    out = []
    for el in p.iter(_w("t"), _w("br"), _w("tab"), _w("cr"), _w("noBreakHyphen")):
        if _in_deletion(el, p):
            continue
        if el.tag == _w("t"):
            out.append(el.text or "")
        elif el.tag == _w("tab"):
            if el.getparent().tag == _w("r"):  # not a tab stop definition in w:pPr/w:tabs
                out.append("\t")
        elif el.tag == _w("noBreakHyphen"):
            out.append("-")
        elif el.get(_w("type")) in (None, "textWrapping"):  # page/column breaks are not text
            out.append("\n")
    return "".join(out)


# Run properties a user sets for emphasis. Fonts, sizes, languages and rsids are left out: Word,
# WPS and LibreOffice add those to every run when they save, without the user doing anything.
_EMPHASIS = ("b", "i", "u", "strike", "dstrike", "highlight", "color", "shd", "rStyle", "vertAlign", "em")


def _emphasis(rpr: Any) -> str:
    if rpr is None:
        return ""
    out = []
    for name in _EMPHASIS:
        el = rpr.find(_w(name))
        if el is None:
            continue
        val = el.get(_w("val")) or el.get(_w("fill")) or "on"
        if val in ("0", "false", "none", "auto", "off"):
            continue
        out.append(f"{name}={val}")
    return ",".join(out)


def para_key(p: Any) -> str:
    """What a user's paragraph is compared by: its text, plus where the user emphasised part of it
    (bold, highlight, colour…), so that a paragraph whose only change is a bold phrase counts as
    changed by the user and is never replaced behind their back."""
    marks, pos = [], 0
    for r in p.iter(_w("r")):
        if _in_deletion(r, p):
            continue
        run = para_text(r)
        emph = _emphasis(r.find(_w("rPr")))
        if emph and run:
            marks.append(f"{pos}+{len(run)}:{emph}")
        pos += len(run)
    return para_text(p) + ("\x00" + ";".join(marks) if marks else "")


def _mark_deleted(p: Any) -> bool:
    ppr = p.find(_w("pPr"))
    rpr = ppr.find(_w("rPr")) if ppr is not None else None
    return rpr is not None and rpr.find(_w("del")) is not None


def body_paragraphs(body: Any) -> list[Any]:
    """The body's paragraphs in order, less those a pending revision already deletes entirely."""
    return [p for p in body.iterchildren(_w("p")) if not (_mark_deleted(p) and para_text(p) == "")]


# ---------------------------------------------------------------- planning the merge

@dataclass
class _Plan:
    modify: dict[int, tuple[str, str]] = field(default_factory=dict)  # user index → (kind, new text)
    delete: set[int] = field(default_factory=set)
    insert_before: dict[int, list[Block]] = field(default_factory=dict)  # user index (len = at the end)
    conflicts: list[tuple[int, int, list[str]]] = field(default_factory=list)  # user range, drafter's text
    kept: int = 0
    updated: int = 0
    conflicted: int = 0


@dataclass
class _Hunk:
    side: str  # 'a' the user, 'b' drafter
    i1: int
    i2: int
    j1: int
    j2: int


def _hunks(side: str, base: Sequence[str], other: Sequence[str]) -> tuple[list[_Hunk], list[Any]]:
    ops = difflib.SequenceMatcher(None, list(base), list(other), autojunk=False).get_opcodes()
    hunks = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            # n paragraphs rewritten one for one: n separate changes, so that a neighbour's change
            # on the other side does not make them all one clash
            hunks += [_Hunk(side, i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        else:
            hunks.append(_Hunk(side, i1, i2, j1, j2))
    return hunks, ops


def _position(ops: list[tuple[str, int, int, int, int]], p: int, length: int) -> int:
    """Where base position `p` falls in the other sequence (before which of its items)."""
    for tag, i1, i2, j1, _j2 in ops:
        if i1 == p:
            return j1
        if i1 < p < i2:
            return j1 + (p - i1) if tag == "equal" else j1
    return length


def _mapped(ops: list[tuple[str, int, int, int, int]], i: int) -> int:
    """The other sequence's copy of base item `i`, which that side left unchanged."""
    for tag, i1, i2, j1, _j2 in ops:
        if tag == "equal" and i1 <= i < i2:
            return j1 + (i - i1)
    raise AssertionError(f"base paragraph {i} is not unchanged on this side")


def _overlap(h: _Hunk, g1: int, g2: int) -> bool:
    if h.i1 == h.i2 and g1 == g2:
        return h.i1 == g1
    if h.i1 == h.i2:
        return g1 < h.i1 < g2
    if g1 == g2:
        return h.i1 < g1 < h.i2
    return h.i1 < g2 and g1 < h.i2


def _groups(hunks: list[_Hunk]) -> list[list[_Hunk]]:
    """Hunks of both sides that touch the same base paragraphs, together."""
    out: list[list[_Hunk]] = []
    for h in sorted(hunks, key=lambda h: (h.i1, h.i2, h.side)):
        if out:
            g1 = min(x.i1 for x in out[-1])
            g2 = max(x.i2 for x in out[-1])
            if _overlap(h, g1, g2) or any(_overlap(h, x.i1, x.i2) for x in out[-1]):
                out[-1].append(h)
                continue
        out.append([h])
    return out


def plan_merge(base: Sequence[Block], ours: Sequence[str], theirs: Sequence[Block]) -> _Plan:
    """What to do to the user's paragraphs (`ours`, their texts) to bring in drafter's changes."""
    import merge3

    base_k = [key(t) for _, t in base]
    their_k = [key(t) for _, t in theirs]
    ours_k = list(ours)
    plan = _Plan()
    iz = ia = ib = 0
    for zmatch, zend, amatch, aend, bmatch, bend in merge3.Merge3(base_k, ours_k, their_k).find_sync_regions():
        if zmatch > iz or amatch > ia or bmatch > ib:
            _plan_gap(plan, base_k[iz:zmatch], ours_k[ia:amatch], list(theirs[ib:bmatch]), ia)
        iz, ia, ib = zend, aend, bend
    return plan


def _plan_gap(plan: _Plan, zr: list[str], ar: list[str], br: list[Block], offset: int) -> None:
    """One region between paragraphs all three versions share."""
    bk = [key(t) for _, t in br]
    if ar == bk:
        return  # both sides made the same change (or none)
    hunks_a, ops_a = _hunks("a", zr, ar)
    hunks_b, ops_b = _hunks("b", zr, bk)
    for group in _groups(hunks_a + hunks_b):
        g1 = min(h.i1 for h in group)
        g2 = max(h.i2 for h in group)
        sides = {h.side for h in group}
        if sides == {"a"}:
            plan.kept += sum(max(h.i2 - h.i1, h.j2 - h.j1) for h in group)
            continue
        if sides == {"b"}:
            for h in group:
                _plan_drafter_hunk(plan, h, ops_a, len(ar), br, offset)
            continue
        u1, u2 = _position(ops_a, g1, len(ar)), _position(ops_a, g2, len(ar))
        t1, t2 = _position(ops_b, g1, len(br)), _position(ops_b, g2, len(br))
        if ar[u1:u2] == bk[t1:t2]:
            continue  # the same change on both sides
        plan.conflicts.append((offset + u1, offset + u2, [key(t) for _, t in br[t1:t2]]))
        plan.conflicted += max(1, u2 - u1)


def _plan_drafter_hunk(plan: _Plan, h: _Hunk, ops_a: list[Any], n_ours: int, br: list[Block], offset: int) -> None:
    """A change only drafter made: the user's copies of those base paragraphs change as revisions."""
    users = [offset + _mapped(ops_a, i) for i in range(h.i1, h.i2)]
    new = br[h.j1 : h.j2]
    pairs = min(len(users), len(new))
    for u, block in zip(users[:pairs], new[:pairs]):
        plan.modify[u] = block
    for u in users[pairs:]:
        plan.delete.add(u)
    if len(new) > pairs:
        at = offset + _position(ops_a, h.i2, n_ours)
        plan.insert_before.setdefault(at, []).extend(new[pairs:])
    plan.updated += max(len(users), len(new))


# ---------------------------------------------------------------- writing revisions

class _Revisions:
    """Makes w:ins / w:del elements with fresh ids, author drafter and one date."""

    def __init__(self, start: int, when: str) -> None:
        self.ids = itertools.count(start)
        self.when = when

    def mark(self, tag: str) -> Any:
        from lxml import etree

        el = etree.Element(_w(tag))
        el.set(_w("id"), str(next(self.ids)))
        el.set(_w("author"), AUTHOR)
        el.set(_w("date"), self.when)
        return el


def _text_run(text: str, rpr: Any | None, deleted: bool = False) -> Any:
    """A w:r holding `text` (\\n → w:br, \\t → w:tab); as deleted text (w:delText) when `deleted`."""
    from lxml import etree

    r = etree.Element(_w("r"))
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    tag = _w("delText" if deleted else "t")
    buf = ""

    def flush() -> None:
        nonlocal buf
        if buf:
            t = etree.SubElement(r, tag)
            t.text = buf
            t.set(f"{{{XML_NS}}}space", "preserve")
            buf = ""

    for ch in text:
        if ch in "\n\t":
            flush()
            etree.SubElement(r, _w("br" if ch == "\n" else "tab"))
        else:
            buf += ch
    flush()
    return r


def _simple_chars(p: Any) -> list[tuple[int, Any, str]] | None:
    """(run number, run properties, character) for every character of a plain paragraph, or None
    when the paragraph holds anything the fine diff cannot rebuild exactly."""
    out: list[tuple[int, Any, str]] = []
    for n, child in enumerate(p):
        if child.tag not in _SIMPLE_PARA:
            return None
        if child.tag != _w("r"):
            continue
        rpr = child.find(_w("rPr"))
        for el in child:
            if el.tag not in _SIMPLE_RUN:
                return None
            if el.tag == _w("t"):
                out += [(n, rpr, ch) for ch in el.text or ""]
            elif el.tag == _w("tab"):
                out.append((n, rpr, "\t"))
            elif el.tag == _w("br"):
                if el.get(_w("type")) not in (None, "textWrapping"):
                    return None
                out.append((n, rpr, "\n"))
    return out


def _ppr_rpr(p: Any) -> Any:
    """The paragraph mark's run properties (w:pPr/w:rPr), made if missing, in schema order."""
    from lxml import etree

    ppr = p.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(_w("rPr"))
    if rpr is None:
        rpr = etree.Element(_w("rPr"))
        after = [c for c in ppr if c.tag in (_w("sectPr"), _w("pPrChange"))]
        if after:
            after[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    return rpr


def _delete_runs(p: Any, rev: _Revisions) -> Any | None:
    """Mark every run of `p` deleted; the first run's properties (for new text in the same look)."""
    first = None
    for r in list(p.iter(_w("r"))):
        if _in_deletion(r, p) or r.find(_w("commentReference")) is not None:
            continue
        if first is None:
            first = r.find(_w("rPr"))
        for t in r.iter(_w("t")):
            t.tag = _w("delText")
        for t in r.iter(_w("instrText")):
            t.tag = _w("delInstrText")
        d = rev.mark("del")
        r.addprevious(d)
        d.append(r)
    return first


def _modify(p: Any, new: str, rev: _Revisions) -> None:
    """Turn the user's paragraph `p` into `new` as tracked changes, keeping the formatting of every
    character that stays."""
    chars = _simple_chars(p)
    if chars is None:
        rpr = _delete_runs(p, rev)
        ins = rev.mark("ins")
        ins.append(_text_run(new, rpr))
        p.append(ins)
        return
    from diff_match_patch import diff_match_patch

    old = "".join(c for _, _, c in chars)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # deterministic: no time limit on a paragraph-sized diff
    diffs = dmp.diff_main(old, new)
    dmp.diff_cleanupSemantic(diffs)
    out: list[Any] = []
    pos = 0
    for op, text in diffs:
        if op == 1:
            src = chars[pos - 1] if pos > 0 else (chars[pos] if chars else None)
            ins = rev.mark("ins")
            ins.append(_text_run(text, src[1] if src else None))
            out.append(ins)
            continue
        span = chars[pos : pos + len(text)]
        pos += len(text)
        for _, group in itertools.groupby(span, key=lambda c: c[0]):
            items = list(group)
            run = _text_run("".join(c for _, _, c in items), items[0][1], deleted=op == -1)
            if op == -1:
                d = rev.mark("del")
                d.append(run)
                out.append(d)
            else:
                out.append(run)
    for child in list(p):
        if child.tag != _w("pPr"):
            p.remove(child)
    p.extend(out)


def _delete_paragraph(p: Any, rev: _Revisions) -> None:
    _delete_runs(p, rev)
    _ppr_rpr(p).insert(0, rev.mark("del"))


def _new_paragraph(kind: str, text: str, style_ids: dict[str, str], rev: _Revisions) -> Any:
    from lxml import etree

    p = etree.Element(_w("p"))
    ppr = etree.SubElement(p, _w("pPr"))
    if style_ids.get(kind):
        etree.SubElement(ppr, _w("pStyle")).set(_w("val"), style_ids[kind])
    rpr = etree.SubElement(ppr, _w("rPr"))
    rpr.append(rev.mark("ins"))
    ins = rev.mark("ins")
    ins.append(_text_run(key(text), None))
    p.append(ins)
    return p


def _max_id(root: Any) -> int:
    best = 0
    for el in root.iter():
        val = el.get(_w("id"))
        if val is not None and val.lstrip("-").isdigit():
            best = max(best, int(val))
    return best


# ---------------------------------------------------------------- accepting and rejecting

def _unwrap(el: Any) -> None:
    parent = el.getparent()
    idx = parent.index(el)
    for child in list(el):
        parent.insert(idx, child)
        idx += 1
    parent.remove(el)


def _merge_into_next(p: Any) -> None:
    """A paragraph whose mark is gone: its remaining content joins the next paragraph."""
    runs = [c for c in p if c.tag != _w("pPr")]
    nxt = p.getnext()
    while nxt is not None and nxt.tag != _w("p"):
        nxt = nxt.getnext()
    if runs and nxt is not None:
        at = 1 if nxt.find(_w("pPr")) is not None else 0
        for r in runs:
            nxt.insert(at, r)
            at += 1
    p.getparent().remove(p)


def resolve_revisions(body: Any, accept: bool, author: str | None = None) -> None:
    """Accept (or reject) every tracked change in `body`, as Word's 接受/拒绝所有修订 does
    (only `author`'s, when given)."""
    keep, drop = (_w("ins"), _w("del")) if accept else (_w("del"), _w("ins"))
    mine = (lambda el: True) if author is None else (lambda el: el.get(_w("author")) == author)
    for el in list(body.iter(drop)):
        if not mine(el):
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == _w("rPr") and parent.getparent() is not None and parent.getparent().tag == _w("pPr"):
            parent.remove(el)
            _merge_into_next(parent.getparent().getparent())
        else:
            parent.remove(el)
    for el in list(body.iter(keep)):
        if not mine(el):
            continue
        parent = el.getparent()
        if parent is None:
            continue
        if parent.tag == _w("rPr"):
            parent.remove(el)
            continue
        for t in el.iter(_w("delText")):
            t.tag = _w("t")
        for t in el.iter(_w("delInstrText")):
            t.tag = _w("instrText")
        _unwrap(el)


# ---------------------------------------------------------------- the merge

def _style_ids(doc: Any, plan_pairs: Iterable[tuple[str, Any]], names: dict[str, str]) -> dict[str, str]:
    """kind → the style id the user's file gives it: learnt from paragraphs still as drafter wrote
    them (Word, WPS and LibreOffice may rename ids), else found by the style's name."""
    out: dict[str, str] = {}
    for kind, p in plan_pairs:
        if kind in out:
            continue
        ppr = p.find(_w("pPr"))
        st = ppr.find(_w("pStyle")) if ppr is not None else None
        if st is not None and st.get(_w("val")):
            out[kind] = st.get(_w("val"))
    by_name = {}
    for st in doc.styles.element.iterchildren(_w("style")):
        name = st.find(_w("name"))
        if name is not None and st.get(_w("styleId")):
            by_name[name.get(_w("val"), "").lower()] = st.get(_w("styleId"))
    for kind, name in names.items():
        if kind not in out and name.lower() in by_name:
            out[kind] = by_name[name.lower()]
    return out


def merge_docx(user: bytes, base: Sequence[Block], theirs: Sequence[Block], *, style_names: dict[str, str],
               when: dt.datetime, accept: bool = False) -> MergeResult:
    """Bring drafter's changes (base → theirs) into the user's .docx bytes. Raises ValueError (and
    the errors python-docx raises) when `user` is not a readable .docx: the caller keeps it then."""
    from docx import Document as open_document
    from docx.text.run import Run
    from docx.text.paragraph import Paragraph

    doc = open_document(io.BytesIO(user))
    body = doc.element.body
    paras = body_paragraphs(body)
    ours = [para_key(p) for p in paras]
    plan = plan_merge(base, ours, theirs)

    # Kinds of the user's paragraphs that still match drafter's base text (for new paragraphs' styles).
    matcher = difflib.SequenceMatcher(None, [key(t) for _, t in base], ours, autojunk=False)
    pairs = [(base[i + k][0], paras[j + k]) for i, j, n in matcher.get_matching_blocks() for k in range(n)]
    style_ids = _style_ids(doc, pairs, style_names)
    stamp = when.astimezone(dt.timezone.utc).replace(tzinfo=None, microsecond=0).isoformat() + "Z"

    for u1, u2, texts in plan.conflicts:
        anchor = paras[u1:u2] or paras[max(u1 - 1, 0) : max(u1, 1)]
        if not anchor:
            continue
        runs = [r for p in anchor for r in p.iter(_w("r")) if not _in_deletion(r, p)]
        if not runs:
            from lxml import etree

            r = etree.SubElement(anchor[0], _w("r"))
            runs = [r]
        para = Paragraph(anchor[0], doc._body)
        note = "drafter 按新的参数生成的这一处是：" if texts else "drafter 按新的参数删去了这一处。"
        comment = doc.add_comment([Run(runs[0], para), Run(runs[-1], para)], text=note, author=AUTHOR, initials="D")
        for t in texts:
            comment.add_paragraph(t.replace("\n", " "))
        comment._comment_elm.date = when.astimezone(dt.timezone.utc).replace(microsecond=0)

    rev = _Revisions(_max_id(doc.element) + 1, stamp)  # after the comments: ids unique among all annotations
    for u, (kind, text) in sorted(plan.modify.items()):
        _modify(paras[u], key(text), rev)
    for u in sorted(plan.delete):
        _delete_paragraph(paras[u], rev)
    for u in sorted(plan.insert_before, reverse=True):
        news = [_new_paragraph(kind, text, style_ids, rev) for kind, text in plan.insert_before[u]]
        if u < len(paras):
            for p in news:
                paras[u].addprevious(p)
        else:
            last = paras[-1] if paras else None
            for p in reversed(news):
                if last is not None:
                    last.addnext(p)
                else:
                    body.insert(0, p)
    if accept:
        resolve_revisions(body, accept=True, author=AUTHOR)
    buf = io.BytesIO()
    doc.save(buf)
    return MergeResult(buf.getvalue(), plan.kept, plan.updated, plan.conflicted, accept)
