"""Every bad input the user can give: exit code 2, a Chinese message naming the file (or option)
and the problem, no traceback, and not one file changed.

Each case builds its input inside `tmp` (a copy of a real draft is at `draft`) and returns the
command line; `expect` are fragments the message must contain, where <key> stands for the line of
`key:` in the draft's params.yaml before the edit (and <end> for the line after its last)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import run_cli, set_key, snapshot

Setup = Callable[[Path, Path], list]


@dataclass
class Case:
    id: str
    setup: Setup
    expect: tuple[str, ...]


def edit(key: str, line: str) -> Setup:
    """A case that changes one line of params.yaml, then renders."""
    def setup(tmp: Path, draft: Path) -> list:
        set_key(draft, key, line)
        return ["render", draft]
    return setup


def params_bytes(data: bytes) -> Setup:
    """A case whose params.yaml is exactly `data`."""
    def setup(tmp: Path, draft: Path) -> list:
        (draft / "params.yaml").write_bytes(data)
        return ["render", draft]
    return setup


def cli(*args: str) -> Setup:
    """A `new` case with command-line options only (output goes to a folder that must not appear)."""
    return lambda tmp, draft: ["new", "--out", tmp / "新稿", *args]


def phrasebank(text: str) -> Setup:
    """`new --phrasebank` with a unit phrasebank holding `text`."""
    def setup(tmp: Path, draft: Path) -> list:
        (tmp / "本单位语料.yaml").write_text(text, encoding="utf-8")
        return ["new", "--out", tmp / "新稿", "--phrasebank", tmp / "本单位语料.yaml"]
    return setup


def _missing_folder(tmp: Path, draft: Path) -> list:
    return ["render", tmp / "没有这个文件夹"]


def _folder_without_params(tmp: Path, draft: Path) -> list:
    (tmp / "空文件夹").mkdir()
    return ["render", tmp / "空文件夹"]


def _params_is_folder(tmp: Path, draft: Path) -> list:
    (tmp / "x" / "params.yaml").mkdir(parents=True)
    return ["render", tmp / "x" / "params.yaml"]


def _docx_as_params(tmp: Path, draft: Path) -> list:
    return ["render", next(draft.glob("*.docx"))]


def _out_under_file(tmp: Path, draft: Path) -> list:
    (tmp / "文件").write_text("x", encoding="utf-8")
    return ["new", "--out", tmp / "文件" / "稿"]


def _out_is_file(tmp: Path, draft: Path) -> list:
    (tmp / "文件").write_text("x", encoding="utf-8")
    return ["new", "--out", tmp / "文件"]


def _out_read_only(tmp: Path, draft: Path) -> list:
    ro = tmp / "只读"
    ro.mkdir()
    ro.chmod(0o500)
    return ["new", "--out", ro / "稿"]


def _new_over_draft(tmp: Path, draft: Path) -> list:
    return ["new", "--out", draft]


def _word_has_it_open(tmp: Path, draft: Path) -> list:
    docx = next(draft.glob("*.docx"))
    (draft / ("~$" + docx.name[2:])).write_bytes(b"owner")
    return ["render", draft]


def _unknown_phrase(tmp: Path, draft: Path) -> list:
    path = draft / "params.yaml"
    text = path.read_text(encoding="utf-8").replace("  opening:\n", "  opening:\n    - open.nosuch\n", 1)
    path.write_text(text, encoding="utf-8")
    return ["render", draft]


def _missing_phrasebank(tmp: Path, draft: Path) -> list:
    return ["new", "--out", tmp / "新稿", "--phrasebank", tmp / "没有.yaml"]


def _bad_style_docx(tmp: Path, draft: Path) -> list:
    (draft / "模板.docx").write_text("不是 Word 文件", encoding="utf-8")
    set_key(draft, "style_docx", "style_docx: 模板.docx")
    return ["render", draft]


def _append(draft: Path, text: str) -> list:
    with open(draft / "params.yaml", "a", encoding="utf-8") as fh:
        fh.write(text)
    return ["render", draft]


_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))

GOOD_ENTRY = "- id: my.a\n  slot: opening\n  text: 我们{{ unit }}要干好。\n  source: authored\n"

CASES = [
    # malformed YAML: file, line and column, and the offending line
    Case("yaml-colon", edit("unit", "unit: a: b: c"), ("params.yaml", "第 <unit> 行", "第 8 列", "格式有误", "unit: a: b: c")),
    Case("yaml-tab", edit("unit", "unit:\t某某中学\n\tspeaker: 张三"), ("params.yaml", "第 <unit> 行", "制表符", "unit:→某某中学")),
    Case("yaml-unclosed-quote", edit("unit", 'unit: "某某中学'), ("params.yaml", "格式有误")),
    Case("yaml-control-char", edit("unit", "unit: 某某\x01中学"), ("params.yaml", "第 <unit> 行", "控制字符", "U+0001")),
    Case("yaml-duplicate-key", lambda tmp, draft: _append(draft, "unit: 某某中学\n"), ("params.yaml", "第 <end> 行", "unit", "写了两次", "第 <unit> 行")),
    Case("yaml-two-documents", params_bytes("unit: a\n---\nunit: b\n".encode()), ("params.yaml", "第 2 行", "---")),
    Case("yaml-alias-bomb", params_bytes(_BOMB.encode()), ("params.yaml", "别名")),
    Case("yaml-too-deep", params_bytes(("unit: " + "[" * 1000 + "]" * 1000 + "\n").encode()), ("params.yaml", "嵌套")),
    # wrong types and out-of-range values
    Case("minutes-chinese", edit("minutes", "minutes: 十五"), ("params.yaml", "第 <minutes> 行", "minutes", "整数", "十五")),
    Case("minutes-superscript", edit("minutes", "minutes: ²"), ("params.yaml", "minutes", "整数")),
    Case("minutes-float", edit("minutes", "minutes: 15.5"), ("params.yaml", "minutes", "整数")),
    Case("minutes-negative", edit("minutes", "minutes: -5"), ("params.yaml", "minutes", "5 到 40", "-5")),
    Case("rate-huge", edit("rate", "rate: 100000"), ("params.yaml", "rate", "100 到 400")),
    Case("unit-mapping", edit("unit", "unit: {名称: 某某中学}"), ("params.yaml", "unit", "一段文字")),
    Case("unit-too-long", edit("unit", "unit: " + "长" * 2500), ("params.yaml", "unit", "太长", "2500")),
    Case("date-style-bad", edit("date_style", "date_style: 农历"), ("params.yaml", "date_style", "arabic")),
    # impossible dates
    Case("date-feb-30", edit("date", "date: 2026-02-30"), ("params.yaml", "第 <date> 行", "不存在的日期", "2026-02-30")),
    Case("date-month-13", edit("date", "date: 2026-13-01"), ("params.yaml", "不存在的日期")),
    Case("date-chinese-bad", edit("date", "date: 2026年2月30日"), ("params.yaml", "不存在的日期")),
    Case("date-words", edit("date", "date: 下周一"), ("params.yaml", "不是日期", "YYYY-MM-DD")),
    Case("date-year", edit("date", "date: 1900-01-01"), ("params.yaml", "年份")),
    # unknown keys, with a did-you-mean
    Case("unknown-key", edit("minutes", "minuts: 15"), ("params.yaml", "未知的参数", "minuts", "minutes")),
    Case("unknown-outline-key", edit("outline", "outline:\n  section:\n    - heading: 你好"), ("params.yaml", "outline", "sections")),
    Case("unknown-phrase-id", _unknown_phrase, ("params.yaml", "open.nosuch", "不存在")),
    # unknown org / theme / role, in params.yaml and on the command line
    Case("org-params", edit("org", "org: schol"), ("params.yaml", "第 <org> 行", "组织类型", "school（中小学）", "agency（机关）")),
    Case("theme-params", edit("theme", "theme: 创先"), ("params.yaml", "活动主题", "创先争优", "cxzy")),
    Case("role-params", edit("role", "role: 校长"), ("params.yaml", "角色", "secretary（书记", "deputy（副书记")),
    Case("org-option", cli("--org", "学堂"), ("学堂", "组织类型", "school（中小学）")),
    Case("theme-option", cli("--theme", "xyz"), ("xyz", "活动主题", "学习型党组织")),
    Case("role-option", cli("--role", "boss"), ("boss", "secretary（书记")),
    Case("minutes-option-chinese", cli("--minutes", "十五"), ("--minutes", "整数")),
    Case("minutes-option-range", cli("--minutes", "-5"), ("--minutes", "5 到 40")),
    Case("date-option", cli("--date", "2026-02-30"), ("--date", "不存在的日期")),
    Case("unit-option-too-long", cli("--unit", "长" * 2500), ("--unit", "太长")),
    Case("unknown-option", cli("--orgg", "school"), ("--orgg", "没有这个选项")),
    Case("missing-argument", lambda tmp, draft: ["render"], ("缺少参数",)),
    Case("bad-format", lambda tmp, draft: ["render", draft, "--format", "pdf"], ("pdf", "docx")),
    # a params file that is a list, empty, or not text
    Case("params-list", params_bytes("- org: school\n- minutes: 15\n".encode()), ("params.yaml", "映射", "列表")),
    Case("params-scalar", params_bytes("school\n".encode()), ("params.yaml", "映射")),
    Case("params-empty", params_bytes(b""), ("params.yaml", "空的")),
    Case("params-only-comments", params_bytes("# 只有注释\n\n".encode()), ("params.yaml", "空的")),
    Case("params-bad-encoding", params_bytes(b"unit: \x80\x80\x80\n"), ("params.yaml", "编码", "UTF-8")),
    Case("params-binary", params_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x10\x08\x06"), ("params.yaml", "不是文本文件", "UTF-8")),
    # missing files and folders
    Case("missing-folder", _missing_folder, ("没有这个文件夹", "找不到")),
    Case("folder-without-params", _folder_without_params, ("空文件夹", "params.yaml")),
    Case("params-is-folder", _params_is_folder, ("params.yaml", "文件夹")),
    Case("docx-given-as-params", _docx_as_params, (".docx", "Word 文件", "params.yaml")),
    Case("style-docx-not-word", _bad_style_docx, ("params.yaml", "模板.docx", "不是有效的 Word 文档")),
    Case("style-docx-missing", edit("style_docx", "style_docx: 本单位模板.docx"), ("params.yaml", "第 <style_docx> 行", "本单位模板.docx", "找不到")),
    # unwritable output
    Case("out-under-a-file", _out_under_file, ("文件", "无法创建文件夹")),
    Case("out-is-a-file", _out_is_file, ("文件", "不是文件夹")),
    pytest.param(Case("out-read-only", _out_read_only, ("只读", "权限")),
                 marks=pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root may write anywhere")),
    # nothing lost: an existing draft, a file Word holds open
    Case("new-over-draft", _new_over_draft, ("稿", "已有讲话稿", "--force")),
    Case("word-lock", _word_has_it_open, (".docx", "Word/WPS 打开", "关闭")),
    # a phrasebank that fails its schema: entry and problem named
    Case("phrasebank-missing", _missing_phrasebank, ("没有.yaml", "找不到语料库文件")),
    Case("phrasebank-mapping", phrasebank("my.a: 文字\n"), ("本单位语料.yaml", "条目列表")),
    Case("phrasebank-unknown-field", phrasebank(GOOD_ENTRY + "  colour: red\n"), ("本单位语料.yaml", "条目 my.a", "colour")),
    Case("phrasebank-missing-field", phrasebank("- id: my.b\n  slot: opening\n  source: authored\n"), ("本单位语料.yaml", "条目 my.b", "text")),
    Case("phrasebank-bad-id", phrasebank(GOOD_ENTRY.replace("my.a", "My A")), ("本单位语料.yaml", "My A", "id")),
    Case("phrasebank-duplicate", phrasebank(GOOD_ENTRY + GOOD_ENTRY), ("本单位语料.yaml", "my.a", "重复")),
    Case("phrasebank-bad-source", phrasebank(GOOD_ENTRY.replace("authored", "某处")), ("本单位语料.yaml", "my.a", "出处")),
    Case("phrasebank-bad-tags", phrasebank(GOOD_ENTRY + "  tags: {orgs: school}\n"), ("本单位语料.yaml", "my.a", "tags.orgs", "列表")),
    Case("phrasebank-jinja-syntax", phrasebank(GOOD_ENTRY.replace("{{ unit }}", "{{ unit")), ("本单位语料.yaml", "第 3 行", "my.a", "模板写法")),
    Case("phrasebank-unquoted-braces", phrasebank(GOOD_ENTRY.replace("我们{{ unit }}要干好。", "{{ unit }}")), ("本单位语料.yaml", "my.a", "引号")),
]


def _key_lines(path: Path) -> dict[str, int]:
    """Line number of each top-level `key:` in a params.yaml, and <end>: the line after the last."""
    text = path.read_text(encoding="utf-8")
    lines = {m.group(1): text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"(?m)^(\w+):", text)}
    lines["end"] = text.count("\n") + 1
    return lines


def _case_id(case: object) -> str:
    return case.id if isinstance(case, Case) else "case"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_bad_input_is_refused_cleanly(case: Case, tmp_path: Path, draft: Path) -> None:
    lines = _key_lines(draft / "params.yaml")
    argv = case.setup(tmp_path, draft)
    before = snapshot(tmp_path)

    result = run_cli(*argv)

    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "Traceback" not in out
    assert re.search(r"错误", result.stderr), out
    for fragment in case.expect:
        fragment = re.sub(r"<(\w+)>", lambda m: str(lines[m.group(1)]), fragment)
        assert fragment in result.stderr, f"{fragment!r} not in:\n{result.stderr}"
    assert snapshot(tmp_path) == before, "files changed"


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_cli("--debug", "render", tmp_path / "没有")
    assert result.returncode != 0
    assert "Traceback" in result.stderr


@pytest.mark.parametrize("encode", [
    pytest.param(lambda t: t.encode("gb18030"), id="gb18030"),
    pytest.param(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), id="utf-8-bom"),
    pytest.param(lambda t: t.encode("utf-16"), id="utf-16-bom"),
    pytest.param(lambda t: t.encode("utf-16-le"), id="utf-16-le-no-bom"),
])
def test_windows_encodings_are_read(encode: Callable[[str], bytes], draft: Path) -> None:
    set_key(draft, "unit", "unit: 某某市第一中学")
    text = (draft / "params.yaml").read_text(encoding="utf-8")
    (draft / "params.yaml").write_bytes(encode(text))

    result = run_cli("render", draft, "--format", "txt")

    assert result.returncode == 0, result.stderr
    assert "某某市第一中学" in result.stdout
