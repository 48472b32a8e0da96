"""What a default draft says: the genre's structure, the canonical formulations, the user's values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from drafter.numerals import to_chinese
from drafter.project import Result
from drafter.project.render import render_draft
from drafter.params import load_params
from tests.conftest import make_draft

FIVE_GOOD = "领导班子好、党员队伍好、工作机制好、工作业绩好、群众反映好"
FIVE_LEAD = "带头学习提高、带头争创佳绩、带头服务群众、带头遵纪守法、带头弘扬正气"
OVERALL = "推动科学发展、促进社会和谐、服务人民群众、加强基层组织"


def paragraphs(result: Result) -> list[tuple[str, str]]:
    doc = Document(str(result.output_path))
    return [(p.style.name, p.text) for p in doc.paragraphs]


def full_text(result: Result) -> str:
    return "\n".join(t for _, t in paragraphs(result))


def test_structure_of_a_mobilisation_speech(default_draft: Result) -> None:
    paras = paragraphs(default_draft)
    styles = [s for s, _ in paras]
    assert styles[:4] == ["讲话标题", "讲话人", "讲话日期", "称呼"]
    assert paras[3][1] == "同志们："
    assert paras[0][1].startswith("在") and paras[0][1].endswith("动员大会上的讲话")
    assert re.fullmatch(r"（2026年5月8日）", paras[2][1])
    h1 = [t for s, t in paras if s == "Heading 1"]
    assert len(h1) == 4
    assert "意义" in h1[0] or "认识" in h1[0]
    assert "领导" in h1[3]
    body = [t for s, t in paras if s == "Normal"]
    n = to_chinese(len(h1))
    assert any(re.search(f"{n}(点意见|个方面|个问题)", t) for t in body[:4]), "the opening announces the count: 讲四点意见"
    assert body[-1].startswith("同志们，")  # the closing: the call and the dedication in one paragraph
    assert body[-1].endswith("！")
    # Each section has level-2 points, numbered from （一） again.
    current = None
    for s, t in paras:
        if s == "Heading 1":
            current, expected = t, 1
        elif s == "Heading 2":
            assert current is not None
            assert t.startswith(f"（{'一二三四五六七八'[expected - 1]}）"), t
            expected += 1


def test_canonical_formulations_exact(default_draft: Result) -> None:
    text = full_text(default_draft)
    assert FIVE_GOOD in text
    assert FIVE_LEAD in text
    # Dated 2026: the unit's own goals, not the 2010 central 总体要求 presented as today's order.
    assert OVERALL not in text
    # …and the heart of the campaign in today's form: the methods and the unit's own staged plan
    assert "公开承诺" in text and "群众评议" in text
    assert re.search(r"【待填：[^】]*(日期|时间)】", text) and "动员部署" in text
    assert "学习型党组织建设成效明显，出色完成党章规定的基本任务" in text
    assert "模范履行党章规定的义务" in text
    for typo in ("创优争先", "创新争优", "带头维护稳定", "视屏", "即使准确", "实际苦难", "基础组织"):
        assert typo not in text


def test_length_is_about_15_minutes(default_draft: Result) -> None:
    body = "".join(t for s, t in paragraphs(default_draft) if s not in ("讲话标题", "讲话人", "讲话日期"))
    assert 2700 <= len(re.sub(r"\s", "", body)) <= 3300
    assert "字数" in default_draft.summary and "分钟" in default_draft.summary


def test_no_template_leftovers(default_draft: Result, filled_draft: Result) -> None:
    for result in (default_draft, filled_draft):
        text = full_text(result)
        for junk in ("{{", "}}", "{%", "%}", "None", "**", "XXX", "TemplateReference", "Undefined"):
            assert junk not in text
        prose = re.sub(r"【待填：[^】]*】", "", text)
        assert not re.search(r"[\u4e00-\u9fff][,;:?!][\u4e00-\u9fff]", prose), "half-width punctuation between hanzi"


def test_missing_facts_are_visible_placeholders(default_draft: Result) -> None:
    paras = paragraphs(default_draft)
    assert "【待填：学校名称】" in paras[0][1]
    assert "【待填：讲话人姓名】" in paras[1][1]


def test_every_params_value_appears_where_used(tmp_path: Path) -> None:
    result = make_draft(
        tmp_path / "d", unit="青山市第一中学", speaker="李明",
    )
    params_path = result.params_path
    text = params_path.read_text(encoding="utf-8")
    text = text.replace("speaker_title:\n", "speaker_title: 校党委书记\n")
    text = text.replace("superior:\n", "superior: 青山市委教育工委\n")
    text = text.replace("audience: 同志们\n", "audience: 各位领导、同志们\n")
    text = text.replace("date_style: arabic\n", "date_style: chinese\n")
    params_path.write_text(text, encoding="utf-8")
    params = load_params(params_path)
    # Make sure the superior is used: put the opening that names it first.
    out = render_draft(result.folder, fmt="txt")
    assert out.text is not None
    lines = out.text.splitlines()
    assert lines[:2] == ["在青山市第一中学", "创先争优活动动员大会上的讲话"]
    assert lines[2] == "校党委书记　李明"
    assert lines[3] == "（二〇二六年五月八日）"
    assert "各位领导、同志们：" in lines
    assert params.superior == "青山市委教育工委"
    text = params_path.read_text(encoding="utf-8").replace("meeting:\n", "meeting: 全校党员大会\n")
    text = re.sub(r"(  opening:\n)(    - \S+.*\n)", r"\1    - open.occasion.attendees\n", text, count=1)
    params_path.write_text(text, encoding="utf-8")
    out = render_draft(result.folder, fmt="txt")
    assert out.text is not None
    assert out.text.splitlines()[0] == "在全校党员大会上的讲话"
    assert "青山市委教育工委" in out.text


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_preview_formats(filled_draft: Result, fmt: str) -> None:
    out = render_draft(filled_draft.folder, fmt=fmt)
    assert out.text is not None and out.output_path is None
    if fmt == "md":
        assert out.text.startswith("# 在青山市第一中学")
        assert "\n## 一、" in out.text
        # level-2 points: （一） headings, or run-in 第一，/ 一是 as the speech's scheme
        assert "\n### （一）" in out.text or re.search(r"\n(第一，|一是)", out.text)
    else:
        assert out.text.startswith("在青山市第一中学\n创先争优活动动员大会上的讲话")
        assert "\u3000\u3000一、" in out.text
