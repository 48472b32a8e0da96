"""The fast .docx writer gives exactly the bytes of the python-docx renderer it is cut from, and the
direct {{ name }} substitution gives exactly Jinja's text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from drafter.document.model import Document, Paragraph
from drafter.render.docx import DocMeta, build_docx, build_docx_full
from drafter.render.package import can_assemble

DAY = dt.date(2026, 5, 8)


def _doc(*texts: str) -> Document:
    kinds = ["title", "speaker", "date", "salutation", "h1", "h2", "p"]
    return Document([Paragraph(t, kinds[i % len(kinds)], index=i + 1) for i, t in enumerate(texts)])


@pytest.mark.parametrize("page_number", ["outside", "center"])
@pytest.mark.parametrize(
    ("texts", "author"),
    [
        (("在某某中学创先争优活动动员大会上的讲话", "党委书记　张明", "（2026年5月8日）", "同志们：", "一、提高认识", "（一）要点", "正文。"), "张明"),
        (("A & B <c> \"d\" 'e'", "x  y", "全角　空格", "😀", "h1", "h2", "p"), ""),
        (("title",), "A&B <x>"),
        (("在青山市实验小学\u2028创先争优活动动员大会上的讲话", "a\u2028b\u2028c", "x"), "张明"),
    ],
)
def test_fast_writer_equals_python_docx(page_number: str, texts: tuple[str, ...], author: str) -> None:
    doc = _doc(*texts)
    meta = DocMeta(title=doc.title, author=author, date=DAY, page_number=page_number, keywords="创先争优、学习型党组织", description="drafter 0.1.0 生成；seed=3")
    assert can_assemble(doc, meta.title)
    assert build_docx(doc, meta) == build_docx_full(doc, meta)


@pytest.mark.parametrize("text", [" leading", "trailing ", "tab\there", "line\nbreak", "cr\rhere", "", "a\u2028", "\u2028b", "a\u2028 b"])
def test_texts_python_docx_marks_up_specially_take_the_full_path(text: str) -> None:
    doc = _doc("title", text)
    meta = DocMeta(title="title", author="", date=DAY)
    assert not can_assemble(doc, meta.title)
    assert build_docx(doc, meta) == build_docx_full(doc, meta)


def test_package_opens_and_keeps_styles_and_dates() -> None:
    from docx import Document as open_docx

    doc = _doc("标题", "讲话人", "日期", "同志们：", "一、标题", "（一）小标题", "正文")
    data = build_docx(doc, DocMeta(title="标题", author="张明", date=DAY))
    d = open_docx(io.BytesIO(data))
    assert [p.style.name for p in d.paragraphs] == ["讲话标题", "讲话人", "讲话日期", "称呼", "Heading 1", "Heading 2", "Normal"]
    assert d.core_properties.created.replace(tzinfo=None) == dt.datetime(2026, 5, 8, 9, 0, 0)
    assert d.core_properties.author == "张明"
    stamps = {i.filename: i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()}
    assert stamps.pop("word/document.xml") == stamps.pop("docProps/core.xml") == (2026, 5, 8, 9, 0, 0)
    assert set(stamps.values()) == {(1980, 1, 1, 0, 0, 0)}  # the parts every draft shares: a fixed stamp
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


@pytest.mark.parametrize("page_number", ["outside", "center"])
def test_shipped_skeleton_is_fresh(page_number: str) -> None:
    """The skeleton shipped in the package is what the styling code makes today (same parts, same
    XML): `python -m drafter.build` was run after the last change."""
    from drafter.build import skeleton_docx
    from drafter.render.package import skeleton_path

    shipped = zipfile.ZipFile(skeleton_path(page_number))
    fresh = zipfile.ZipFile(io.BytesIO(skeleton_docx(page_number)))
    assert shipped.namelist() == fresh.namelist()
    for name in fresh.namelist():
        assert shipped.read(name) == fresh.read(name), f"{name} is stale: run python -m drafter.build"


def test_fast_writer_needs_no_python_docx(tmp_path) -> None:
    """A draft on drafter's own styles is written without importing python-docx or lxml."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt\n"
        "from drafter.document.model import Document, Paragraph\n"
        "from drafter.render.docx import DocMeta, build_docx\n"
        "data = build_docx(Document([Paragraph('t', 'title'), Paragraph('x', 'p')]), DocMeta('t', 'a', dt.date(2026, 5, 8)))\n"
        "assert data[:2] == b'PK'\n"
        "print(sorted(m for m in ('docx', 'lxml') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**__import__("os").environ, "DRAFTER_CACHE": str(tmp_path)})
    assert out.stdout.strip() == "[]"


def test_substitution_equals_jinja_for_every_phrase() -> None:
    import datetime

    from drafter.dates import date_facts
    from drafter.domain import load_orgs, resolve_theme
    from drafter.params import Params
    from drafter.phrasebank import load_phrasebank
    from drafter.compose.context import make_context
    from drafter.templating import make_env, substitute

    env = make_env()
    params = Params(unit="某某中学", speaker="张明", slogan="口号", priorities=("甲", "乙"), date=datetime.date(2026, 5, 8))
    context = make_context(params, load_orgs()["school"], resolve_theme("创先争优"), date_facts(params.date), 4)
    checked = 0
    for phrase in load_phrasebank().phrases:
        for text in filter(None, (phrase.text, phrase.title, phrase.short)):
            fast = substitute(text, context)
            if fast is not None:
                assert fast == env.from_string(text).render(context)
                checked += 1
    assert checked > 10


@pytest.mark.parametrize("text", ["{{ unknown }}", "{{ unit|upper }}", "{% for x in unit %}{{ x }}{% endfor %}", "{{- unit }}", "{{ unit"])
def test_substitution_leaves_everything_else_to_jinja(text: str) -> None:
    from drafter.templating import substitute

    assert substitute(text, {"unit": "某某中学"}) is None
