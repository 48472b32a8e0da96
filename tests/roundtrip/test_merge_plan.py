"""The merge's decisions paragraph by paragraph, and its handling of what Word writes into runs."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from lxml import etree

from drafter.render.merge import merge_docx, para_text, plan_merge, resolve_revisions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WHEN = dt.datetime(2026, 6, 1, 8, 30, tzinfo=dt.timezone.utc)


def blocks(*texts: str) -> list[tuple[str, str]]:
    return [("p", t) for t in texts]


def test_neighbouring_changes_on_both_sides_do_not_clash() -> None:
    plan = plan_merge(blocks("a", "b", "c", "d"), ["a", "B", "c", "d"], blocks("a", "b", "C", "d"))
    assert plan.conflicts == [] and plan.modify == {2: ("p", "C")} and plan.kept == 1


def test_a_user_insertion_beside_a_drafter_change_does_not_clash() -> None:
    plan = plan_merge(blocks("a", "b", "c"), ["a", "X", "b", "c"], blocks("a", "B", "c"))
    assert plan.conflicts == [] and plan.modify == {2: ("p", "B")}


def test_the_same_paragraph_changed_on_both_sides_clashes() -> None:
    plan = plan_merge(blocks("a", "b", "c"), ["a", "B1", "c"], blocks("a", "B2", "c"))
    assert plan.conflicts == [(1, 2, ["B2"])] and plan.modify == {}


def test_drafter_inserts_and_deletes() -> None:
    plan = plan_merge(blocks("a", "b", "c"), ["a", "b", "c"], blocks("a", "c", "n1", "n2"))
    assert plan.delete == {1} and plan.insert_before == {3: [("p", "n1"), ("p", "n2")]}


def test_the_same_change_on_both_sides_is_no_change() -> None:
    plan = plan_merge(blocks("a", "b"), ["a", "B"], blocks("a", "B"))
    assert plan.conflicts == [] and plan.modify == {} and plan.kept == 0


def _word_like_docx() -> bytes:
    """Paragraphs as Word saves them: runs split at rsids, proofing marks, the _GoBack bookmark,
    a run with direct fonts."""
    doc = Document()
    doc.add_paragraph("第一段不变。")
    doc.add_paragraph("x")
    doc.add_paragraph("y")
    body = doc.element.body
    ps = list(body.iterchildren(W + "p"))
    for p, xml in (
        (ps[1], '<w:r w:rsidR="00AB12"><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr><w:t>青山市第一</w:t></w:r>'
                '<w:proofErr w:type="spellStart"/><w:r w:rsidR="00CD34"><w:rPr><w:rFonts w:eastAsia="仿宋_GB2312"/></w:rPr>'
                '<w:t>中学召开大会。</w:t></w:r><w:proofErr w:type="spellEnd"/>'),
        (ps[2], '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:r><w:t>全体党员要参加。</w:t></w:r><w:bookmarkEnd w:id="0"/>'),
    ):
        for child in [c for c in p if c.tag != W + "pPr"]:
            p.remove(child)
        frag = etree.fromstring(f'<x xmlns:w="{W[1:-1]}">{xml}</x>')
        p.extend(list(frag))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _texts(data: bytes, accept: bool | None) -> list[str]:
    body = Document(io.BytesIO(data)).element.body
    if accept is not None:
        resolve_revisions(body, accept=accept)
    return [para_text(p) for p in body.iterchildren(W + "p")]


def test_word_runs_rsids_proofing_marks_and_bookmarks() -> None:
    user = _word_like_docx()
    base = blocks("第一段不变。", "青山市第一中学召开大会。", "全体党员要参加。")
    theirs = blocks("第一段不变。", "青山市第二中学召开大会。", "全体党员和入党积极分子要参加。")

    result = merge_docx(user, base, theirs, style_names={}, when=WHEN)

    assert result.updated == 2 and result.kept == 0 and result.conflicts == 0
    assert _texts(result.data, accept=False) == ["第一段不变。", "青山市第一中学召开大会。", "全体党员要参加。"]
    assert _texts(result.data, accept=True) == ["第一段不变。", "青山市第二中学召开大会。", "全体党员和入党积极分子要参加。"]
    body = Document(io.BytesIO(result.data)).element.body
    dels = [el for el in body.iter(W + "del")]
    assert all(el.get(W + "date") == "2026-06-01T08:30:00Z" for el in dels)
    # The fine diff keeps the run's own font on the characters it leaves alone.
    kept = [r for r in body.iter(W + "r") if r.getparent().tag == W + "p" and "".join(t.text or "" for t in r.iter(W + "t")) == "中学召开大会。"]
    assert kept and kept[0].find(f"{W}rPr/{W}rFonts").get(W + "eastAsia") == "仿宋_GB2312"


def test_accept_leaves_no_revision() -> None:
    user = _word_like_docx()
    base = blocks("第一段不变。", "青山市第一中学召开大会。", "全体党员要参加。")
    theirs = blocks("第一段不变。", "新的一段。", "青山市第二中学召开大会。", "全体党员要参加。")
    result = merge_docx(user, base, theirs, style_names={}, when=WHEN, accept=True)
    body = Document(io.BytesIO(result.data)).element.body
    assert not list(body.iter(W + "ins")) and not list(body.iter(W + "del"))
    assert _texts(result.data, None) == ["第一段不变。", "新的一段。", "青山市第二中学召开大会。", "全体党员要参加。"]


# ---------------------------------------------------------------- properties over random edits

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

texts = st.lists(st.sampled_from(["甲", "乙", "丙", "丁", "戊", "己"]), max_size=7)


def apply(plan, ours: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The user's paragraphs with every drafter change of `plan` accepted."""
    out: list[str] = []
    for i, text in enumerate(ours):
        out += [t for _, t in plan.insert_before.get(i, [])]
        if i in plan.delete:
            continue
        out.append(plan.modify[i][1] if i in plan.modify else text)
    return out + [t for _, t in plan.insert_before.get(len(ours), [])]


@settings(max_examples=300, deadline=None)
@given(base=texts, theirs=texts)
def test_an_untouched_draft_accepts_to_drafters_new_text(base: list[str], theirs: list[str]) -> None:
    plan = plan_merge(blocks(*base), list(base), blocks(*theirs))
    assert plan.conflicts == [] and apply(plan, list(base)) == theirs


@settings(max_examples=300, deadline=None)
@given(base=texts, ours=texts)
def test_nothing_new_from_drafter_changes_nothing(base: list[str], ours: list[str]) -> None:
    plan = plan_merge(blocks(*base), ours, blocks(*base))
    assert not plan.modify and not plan.delete and not plan.insert_before and not plan.conflicts


@settings(max_examples=300, deadline=None)
@given(base=texts, ours=texts, theirs=texts)
def test_drafter_only_touches_paragraphs_the_user_left_alone(base: list[str], ours: list[str], theirs: list[str]) -> None:
    plan = plan_merge(blocks(*base), ours, blocks(*theirs))
    clashing = {u for u1, u2, _ in plan.conflicts for u in range(u1, u2)}
    for u in [*plan.modify, *plan.delete]:
        assert ours[u] in base and u not in clashing
    assert all(0 <= u <= len(ours) for u in plan.insert_before)


@settings(max_examples=25, deadline=None)
@given(base=st.lists(st.sampled_from(["第一段。", "第二段话。", "第三段文字。", "第四段。"]), min_size=1, max_size=5),
       theirs=st.lists(st.sampled_from(["第一段。", "第二段新话。", "第三段文字。", "另一段。"]), max_size=5))
def test_a_docx_accepts_to_theirs_and_rejects_to_the_user(base: list[str], theirs: list[str]) -> None:
    doc = Document()
    for t in base:
        doc.add_paragraph(t)
    buf = io.BytesIO()
    doc.save(buf)
    result = merge_docx(buf.getvalue(), blocks(*base), blocks(*theirs), style_names={}, when=WHEN)
    assert _texts(result.data, accept=True) == theirs
    assert _texts(result.data, accept=False) == base
