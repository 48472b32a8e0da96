"""A phrasebank or template (from another unit, or edited by hand) that fails its schema: the file,
the entry and the problem are named. Loaders are tested on files built here; the command-line
cases are in test_bad_input.py (`--phrasebank`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from drafter.data import templates_dir
from drafter.domain import load_calendar, load_orgs, load_themes
from drafter.doctor import load_font_specs
from drafter.errors import InputError
from drafter.phrasebank import phrasebank_from_located
from drafter.yamlio import load_yaml


def _templates(tmp: Path, name: str, find: str, replace: str) -> Path:
    """A copy of the packaged templates/ with one file changed; the copy's folder."""
    folder = tmp / "templates"
    shutil.copytree(templates_dir(), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert find in text, f"{find!r} not in {name}"
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    return folder


TEMPLATE_CASES = [
    ("orgs.yaml", "  work: 教育教学\n", "", load_orgs, ("school", "work")),
    ("orgs.yaml", "aliases: [学校, 中学, 小学, 初中, 高中, 中小学, 九年一贯制学校, school]", "aliases: 学校", load_orgs, ("school", "aliases", "列表")),
    ("orgs.yaml", "school:\n", "school: 学校\nx:\n", load_orgs, ("school", "键: 值")),
    ("themes.yaml", "combines: [创先争优, 学习型党组织]", "combines: [创先争优, 学习型]", load_themes, ("学习型", "不存在")),
    ("themes.yaml", "  activity: 创先争优活动\n", "", load_themes, ("创先争优", "activity")),
    ("eras.yaml", "from: 2010-01-01", "from: 2010年", load_calendar, ("from", "YYYY-MM-DD")),
    ("eras.yaml", "  interval: 5\n", "", load_calendar, ("congress", "interval")),
    ("eras.yaml", "  month: 10\n", "  month: 十月\n", load_calendar, ("congress", "整数")),
    ("fonts.yaml", "styles:\n", "style:\n", load_font_specs, ("styles",)),
    ("fonts.yaml", "  - font: 黑体\n    used_for: 一级标题\n    fallbacks: [方正黑体_GBK]\n", "  - 黑体\n", load_font_specs, ("styles 第 4 项",)),
]


@pytest.mark.parametrize("name, find, replace, load, expect", TEMPLATE_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(TEMPLATE_CASES)])
def test_broken_template_data_is_named(tmp_path: Path, name: str, find: str, replace: str, load, expect) -> None:
    folder = _templates(tmp_path, name, find, replace)

    with pytest.raises(InputError) as info:
        load(folder)

    message = info.value.render()
    assert name in message
    for fragment in expect:
        assert fragment in message


def test_broken_speech_template_is_named(tmp_path: Path) -> None:
    from drafter.templating import make_env, render_speech

    (tmp_path / "speech.j2").write_text("@title {{ title }\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render_speech(make_env(str(tmp_path)), {"title": "x"})
    assert "speech.j2" in info.value.render() and "有误" in info.value.message


def test_undefined_variable_in_speech_template_is_named(tmp_path: Path) -> None:
    from drafter.templating import make_env, render_speech

    (tmp_path / "speech.j2").write_text("@title {{ titel }}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        render_speech(make_env(str(tmp_path)), {"title": "x"})
    assert "titel" in info.value.message


ENTRY = "- id: my.a\n  slot: opening\n  text: 我们{{ unit }}要干好。\n  source: authored\n"
PHRASEBANK_CASES = [
    ("", ("条目列表",)),
    ("my.a: 文字\n", ("条目列表",)),
    ("- 只是一句话\n", ("第 1 个条目",)),
    (ENTRY + "  colour: red\n", ("条目 my.a", "colour", "第 5 行")),
    (ENTRY.replace("  slot: opening\n", ""), ("条目 my.a", "slot")),
    (ENTRY.replace("my.a", "我的"), ("我的", "id")),
    (ENTRY + ENTRY, ("my.a", "重复")),
    (ENTRY.replace("authored", "讲话.txt"), ("my.a", "出处", "文件名:行号")),
    (ENTRY + "  tags: {orgs: school}\n", ("my.a", "tags.orgs")),
    (ENTRY + "  tags: {org: [school]}\n", ("my.a", "tags")),
    (ENTRY.replace("{{ unit }}", "{% if %}"), ("my.a", "模板写法")),
    (ENTRY.replace("我们{{ unit }}要干好。", '"\\x07响铃"'), ("my.a", "控制字符")),
    (ENTRY.replace("我们{{ unit }}要干好。", "[一, 二]"), ("my.a", "文字", "引号")),
]


@pytest.mark.parametrize("text, expect", PHRASEBANK_CASES, ids=[str(i) for i in range(len(PHRASEBANK_CASES))])
def test_broken_phrasebank_entry_is_named(tmp_path: Path, text: str, expect: tuple[str, ...]) -> None:
    path = tmp_path / "本单位语料.yaml"
    path.write_text(text, encoding="utf-8")

    with pytest.raises(InputError) as info:
        phrasebank_from_located(load_yaml(path, "语料库文件"))

    message = info.value.render()
    assert "本单位语料.yaml" in message
    for fragment in expect:
        assert fragment in message


def test_packaged_data_passes_its_schema() -> None:
    from drafter.phrasebank import load_phrasebank

    assert load_phrasebank().phrases
    assert load_orgs() and load_themes() and load_calendar().eras
    specs, substitute, _names = load_font_specs()
    assert {s.font for s in specs} >= {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"} and substitute
