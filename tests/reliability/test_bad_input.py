"""Every bad input the user can give: exit code 2, a Chinese message naming the file (or option)
and the problem, no traceback, and not one file changed.

Each case builds its input inside `tmp` (a copy of a real draft is at `draft`) and returns the
command line; `expect` are fragments the message must contain, where <key> stands for the line of
`key:` in the draft's params.yaml before the edit (and <end> for the line after its last)."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import docx_text, run_cli, set_key, snapshot

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


@pytest.fixture(scope="session")
def first_runs(base_draft: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple]:
    """Every case of the first table, run once as the real command, three at a time."""
    from hostile import run_all, run_command

    def visible(folder: Path) -> dict[str, bytes | None]:
        return {k: v for k, v in snapshot(folder).items() if not k.startswith(".cache")}

    def one(case: Case) -> tuple[str, tuple]:
        folder = tmp_path_factory.mktemp(case.id)
        draft = folder / "稿"
        shutil.copytree(base_draft, draft)
        lines = _key_lines(draft / "params.yaml")
        argv = case.setup(folder, draft)
        before = visible(folder)
        result = run_command(argv, cwd=folder, timeout=60)
        return case.id, (lines, result, before, visible(folder))

    cases = [c if isinstance(c, Case) else c.values[0] for c in CASES]
    return dict(run_all([lambda c=c: one(c) for c in cases]))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_bad_input_is_refused_cleanly(case: Case, first_runs: dict[str, tuple]) -> None:
    lines, result, before, after = first_runs[case.id]
    out = result.output
    assert result.code == 2, out
    assert "Traceback" not in out
    assert re.search(r"错误", result.stderr), out
    for fragment in case.expect:
        fragment = re.sub(r"<(\w+)>", lambda m: str(lines[m.group(1)]), fragment)
        assert fragment in result.stderr, f"{fragment!r} not in:\n{result.stderr}"
    assert after == before, "files changed"


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


# ================================================================ hostile input, second pass
#
# Each row: a setup that builds the input inside the case's own folder (a copy of the draft is at
# DRAFT) and returns the command line, and what must come of it. Every case runs as the real
# command in its own process under a timeout, several at once (run_all); every file in the case's
# folder is checksummed before and after. Whatever the exit code: no traceback, no exit 70, no
# hang, and no byte the user had is lost (a file may only be replaced when its old bytes are kept,
# in a .bak); a refused input (exit 2) changes nothing at all.

from hostile import (  # noqa: E402
    Expect, Outcome, bad_deflate, checksums, huge_part, many_parts, no_paragraphs, rewrite_docx,
    run_all, run_command, with_entities,
)


def _docx(draft: Path) -> Path:
    return next(draft.glob("*.docx"))


def _check(make: Callable[[Path, Path], Path]) -> Setup:
    """`check` on a file made by `make(tmp, draft)`."""
    return lambda tmp, draft: ["check", make(tmp, draft)]


def _sub_params(pattern: str, repl: str, count: int = 1) -> Setup:
    """render after a regex substitution in params.yaml."""
    def setup(tmp: Path, draft: Path) -> list:
        path = draft / "params.yaml"
        text = path.read_text(encoding="utf-8")
        new = re.sub(pattern, repl, text, count=count, flags=re.M | re.S)
        assert new != text, pattern
        path.write_text(new, encoding="utf-8")
        return ["render", draft]
    return setup


def _first_opening(draft: Path) -> str:
    text = (draft / "params.yaml").read_text(encoding="utf-8")
    return re.search(r"(?m)^  opening:\n    - ([\w.]+)", text).group(1)


def _phrase_code(code: str) -> Setup:
    """render with a unit phrasebank replacing the draft's first opening phrase by `code`."""
    def setup(tmp: Path, draft: Path) -> list:
        entry = f"- id: {_first_opening(draft)}\n  slot: opening\n  text: '{code}'\n  source: authored\n"
        (tmp / "本单位语料.yaml").write_text(entry, encoding="utf-8")
        return ["render", draft, "--format", "txt", "--phrasebank", tmp / "本单位语料.yaml"]
    return setup


def _fifo(name: str, argv: Callable[[Path, Path, Path], list]) -> Setup:
    def setup(tmp: Path, draft: Path) -> list:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
        return argv(tmp, draft, path)
    return setup


def _params_fifo(tmp: Path, draft: Path) -> list:
    (draft / "params.yaml").unlink()
    os.mkfifo(draft / "params.yaml")
    return ["render", draft]


def _units(text: str, *more: str) -> Setup:
    """batch over a CSV units file holding `text` (one job: quicker to start)."""
    def setup(tmp: Path, draft: Path) -> list:
        (tmp / "名单.csv").write_text(text, encoding="utf-8")
        return ["batch", tmp / "名单.csv", "-o", tmp / "出稿", "--jobs", "1", *more]
    return setup


def _edited_summary(tmp: Path, draft: Path) -> list:
    (tmp / "名单.csv").write_text("unit,date\n某某中学,2026-05-08\n", encoding="utf-8")
    (tmp / "出稿").mkdir()
    (tmp / "出稿" / "汇总.csv").write_text("序号,单位,我的批注\n1,某某中学,已报送\n", encoding="utf-8")
    return ["batch", tmp / "名单.csv", "-o", tmp / "出稿", "--jobs", "1"]


def _summary_cells(tmp: Path, out: Outcome) -> None:
    import csv

    rows = list(csv.reader((tmp / "出稿" / "汇总.csv").read_text(encoding="utf-8-sig").splitlines()))
    units = [r[2] for r in rows[1:]]
    assert units == ["'=CMD|' /C calc'!A0", "'+1", "'-2", "'@SUM(A1)"], units
    assert all(not c.startswith(("=", "+", "-", "@")) for r in rows for c in r), rows


def _summary_backed_up(tmp: Path, out: Outcome) -> None:
    assert "已报送" in (tmp / "出稿" / "汇总.csv.bak").read_text(encoding="utf-8")
    assert "序号,行号,单位" in (tmp / "出稿" / "汇总.csv").read_text(encoding="utf-8-sig")
    assert "备份" in out.stdout


def _literal_row(tmp: Path, out: Outcome) -> None:
    import csv

    rows = list(csv.reader((tmp / "出稿" / "汇总.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][2] == '{{ "好" * 100000000 }}' and rows[1][5] == "成功", rows
    docx = next((tmp / "出稿").glob("*.docx"))
    assert '{{ "好" * 100000000 }}' in docx_text(docx)


def _no_clean_bill(tmp: Path, out: Outcome) -> None:
    assert "没有发现问题" not in out.output


def _short_excerpt(tmp: Path, out: Outcome) -> None:
    assert len(out.stderr) < 2000, len(out.stderr)


def _cut_text(tmp: Path, draft: Path) -> Path:
    """A speech saved as UTF-8 and cut in the middle of its last character."""
    from drafter.project.render import render_draft

    text = render_draft(draft, fmt="txt").text or ""
    raw = (text * 2).encode("utf-8")
    path = tmp / "截断.txt"
    path.write_bytes(raw[:-2])
    return path


def _big_phrasebank(tmp: Path, draft: Path) -> list:
    lines = [f"- id: my.p{i}\n  slot: opening\n  text: 我们要把第{i}项工作抓实抓好。\n  source: authored\n"
             for i in range(100_000)]
    (tmp / "大语料.yaml").write_text("".join(lines), encoding="utf-8")
    return ["render", draft, "--format", "txt", "--phrasebank", tmp / "大语料.yaml"]


def _many_styles(tmp: Path, draft: Path) -> list:
    """A valid .docx (the draft itself) whose styles.xml holds 100,000 more styles, as style_docx."""
    style = '<w:style w:type="paragraph" w:customStyle="1" w:styleId="S{0}"><w:name w:val="样式{0}"/></w:style>'
    extra = "".join(style.format(i) for i in range(100_000)).encode()
    rewrite_docx(_docx(draft), draft / "样式多.docx", "word/styles.xml", lambda d: d.replace(b"</w:styles>", extra + b"</w:styles>"))
    set_key(draft, "style_docx", "style_docx: 样式多.docx")
    return ["render", draft]


def _file(name: str, data: bytes) -> Callable[[Path, Path], Path]:
    """A file of these bytes in the case's folder."""
    def make(tmp: Path, draft: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name
    return make


def _mine(make: Callable[[Path, Path], Path]) -> Setup:
    return lambda tmp, draft: ["mine", make(tmp, draft), "-o", tmp / "候选.yaml"]


DEEP_POINT = "[" * 10 + "要点" + "]" * 10
FORMULAS = "unit,date\n\"=CMD|' /C calc'!A0\",2026-05-08\n+1,2026-05-08\n-2,2026-05-08\n@SUM(A1),2026-05-08\n"

HOSTILE: list[tuple[str, Setup, Expect]] = [
    # params.yaml of the wrong shape: was an internal error
    ("outline-sections-number", _sub_params(r"^outline:.*", "outline: {sections: 5}\n"),
     Expect(says=("params.yaml", "第 <outline> 行", "outline.sections", "列表"))),
    ("outline-points-number", _sub_params(r"points:\n(        - [^\n]*\n)+", "points: 5\n"),
     Expect(says=("params.yaml", "points", "要点的列表", "points: 5"))),
    ("outline-ten-levels-deep", _sub_params(r"(points:\n        - )[^\n]*", r"\g<1>" + DEEP_POINT),
     Expect(says=("params.yaml", "一段文字"))),
    ("outline-heading-mapping", _sub_params(r"(heading: )[^\n]*", r"\g<1>{a: {b: {c: d}}}"),
     Expect(says=("params.yaml", "heading", "一段文字"))),
    ("key-is-a-list", lambda tmp, draft: _append(draft, "[a, b]: 1\n"),
     Expect(says=("params.yaml", "第 <end> 行", "未知的参数“[a, b]”"), never=("ScalarNode",))),
    ("key-is-a-mapping", lambda tmp, draft: _append(draft, "? {x: 1}\n: 2\n"),
     Expect(says=("params.yaml", "未知的参数“{x: 1}”"), never=("MappingNode", "ScalarNode"))),
    ("theme-null", edit("theme", "theme: [~]"), Expect(says=("params.yaml", "第 <theme> 行", "没有填写任何活动主题"), never=("None",))),
    ("theme-with-a-null", edit("theme", "theme: [创先争优, ~, '']"), Expect(code=0, never=("None",))),
    ("params-nul-byte", edit("unit", "unit: 某某\x00中学"), Expect(says=("params.yaml", "第 <unit> 行", "NUL", "某某□中学"))),
    ("params-50-mb", lambda tmp, draft: _append(draft, ("# " + "长" * 100 + "\n") * 170_000),
     Expect(says=("params.yaml", "太大", "MB"), timeout=30)),
    ("params-very-long-line", edit("unit", "unit: " + "长" * 1_000_000),
     Expect(says=("params.yaml", "第 <unit> 行", "太长", "1000000"), extra=_short_excerpt)),
    ("params-flow-nesting-100000", params_bytes(("unit: " + "[" * 100_000 + "]" * 100_000 + "\n").encode()),
     Expect(says=("params.yaml", "嵌套层数太多"), timeout=30)),
    ("params-alias-bomb-nested", params_bytes(("a: &a [" + ",".join(["x"] * 50) + "]\n" + "".join(
        f"k{i}: &k{i} [" + ",".join([f"*{'a' if i == 0 else f'k{i - 1}'}"] * 50) + "]\n" for i in range(6))).encode()),
     Expect(says=("params.yaml", "别名"), timeout=30)),
    ("params-bom-crlf", lambda tmp, draft: (
        (draft / "params.yaml").write_bytes(b"\xef\xbb\xbf" + (draft / "params.yaml").read_bytes().replace(b"\n", b"\r\n")),
        ["render", draft, "--format", "txt"])[1], Expect(code=0)),
    ("params-fifo", _params_fifo, Expect(says=("params.yaml", "不是普通文件", "管道"), timeout=20)),
    ("params-zero-bytes", params_bytes(b""), Expect(says=("params.yaml", "空的"))),
    # a user phrasebank with runaway template code: limits in the sandbox, a located message, fast
    ("phrase-range-billion", _phrase_code("{% for i in range(1000000000) %}好{% endfor %}"),
     Expect(says=("本单位语料.yaml", "超过上限"), timeout=30)),
    ("phrase-string-times-1e8", _phrase_code('{{ "好" * 100000000 }}'), Expect(says=("本单位语料.yaml", "超过上限"), timeout=30)),
    ("phrase-nested-loops", _phrase_code("{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}"),
     Expect(says=("本单位语料.yaml", "循环或调用次数", "超过上限"), timeout=30)),
    ("phrase-loops-over-text", _phrase_code("{% for a in unit %}" * 6 + "{% endfor %}" * 6),
     Expect(says=("本单位语料.yaml", "超过上限"), timeout=30)),
    ("phrase-huge-width", _phrase_code('{{ "x"|center(1000000000) }}'), Expect(says=("本单位语料.yaml", "超过上限"), timeout=30)),
    ("phrase-huge-format", _phrase_code('{{ "{:>1000000000}".format(1) }}'), Expect(says=("本单位语料.yaml", "超过上限"), timeout=30)),
    ("phrase-huge-percent", _phrase_code('{{ "%1000000000s" % 1 }}'), Expect(says=("本单位语料.yaml", "超过上限"), timeout=30)),
    ("phrase-recursive-macro", _phrase_code("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}"),
     Expect(says=("本单位语料.yaml", "嵌套太深"), timeout=30)),
    ("phrase-unknown-variable", _phrase_code("我们{{ unti }}开好这次会。"),
     Expect(says=("本单位语料.yaml", "unti", "可用的变量", "unit", "scope", "superior"))),
    ("phrase-ordinary-code-still-works", _phrase_code("我们{{ unit }}{% if slogan %}有口号{% endif %}开好这次会。"),
     Expect(code=0, says=("开好这次会",))),
    ("phrasebank-100000-entries", _big_phrasebank, Expect(says=("大语料.yaml", "太大", "最多 2 MB", "约 2 万条", "拆成", "--phrasebank"), timeout=30)),
    ("style-docx-100000-styles", _many_styles, Expect(says=("样式多.docx", "样式过多", "100", "上限 5000"), timeout=60)),
    ("phrasebank-fifo", _fifo("语料.yaml", lambda tmp, draft, p: ["new", "--out", tmp / "新稿", "--phrasebank", p]),
     Expect(says=("语料.yaml", "不是普通文件"), timeout=20)),
    ("phrasebank-zero-bytes", phrasebank(""), Expect(says=("本单位语料.yaml", "条目列表"))),
    # check on damaged, hostile or empty files: was an internal error, a hang or a clean bill
    ("check-bad-deflate", _check(lambda tmp, draft: bad_deflate(_docx(draft), tmp / "坏压缩.docx")),
     Expect(says=("坏压缩.docx", "已损坏", "word/document.xml", "压缩数据"))),
    ("check-truncated-xml", _check(lambda tmp, draft: rewrite_docx(_docx(draft), tmp / "截断.docx", "word/document.xml", lambda d: d[: len(d) // 2])),
     Expect(says=("截断.docx", "word/document.xml", "XML 不完整或有误"))),
    ("check-malformed-xml", _check(lambda tmp, draft: rewrite_docx(_docx(draft), tmp / "错标签.docx", "word/styles.xml", lambda d: d.replace(b"</w:style>", b"</w:stile>", 1))),
     Expect(says=("错标签.docx", "word/styles.xml", "第 ", "XML 不完整或有误"))),
    ("check-dtd-entities", _check(lambda tmp, draft: rewrite_docx(_docx(draft), tmp / "实体.docx", "word/document.xml", with_entities)),
     Expect(says=("实体.docx", "DTD"))),
    ("check-300-mb-part", _check(lambda tmp, draft: huge_part(_docx(draft), tmp / "巨大.docx")),
     Expect(says=("巨大.docx", "word/document.xml", "MB", "拒绝读取"), timeout=30)),
    ("check-6000-parts", _check(lambda tmp, draft: many_parts(_docx(draft), tmp / "部件多.docx")),
     Expect(says=("部件多.docx", "部件"), timeout=30)),
    ("check-folder-named-docx", _check(lambda tmp, draft: (tmp / "x.docx").mkdir() or (tmp / "x.docx")),
     Expect(says=("x.docx", "文件夹"))),
    ("check-fifo-docx", _fifo("管道.docx", lambda tmp, draft, p: ["check", p]), Expect(says=("管道.docx", "不是普通文件"), timeout=20)),
    ("check-fifo-txt", _fifo("管道.txt", lambda tmp, draft, p: ["check", p]), Expect(says=("管道.txt", "不是普通文件"), timeout=20)),
    ("check-text-renamed-docx", _check(_file("假.docx", "不是 Word".encode())),
     Expect(says=("假.docx", "已损坏"))),
    ("check-zero-byte-docx", _check(_file("空.docx", b"")), Expect(says=("空.docx",))),
    ("check-docx-no-paragraphs", _check(lambda tmp, draft: rewrite_docx(_docx(draft), tmp / "无段落.docx", "word/document.xml", no_paragraphs)),
     Expect(says=("无段落.docx", "没有任何文字"), extra=_no_clean_bill)),
    ("check-zero-byte-txt", _check(_file("空.txt", b"")),
     Expect(says=("空.txt", "没有任何文字"), extra=_no_clean_bill)),
    ("check-txt-cut-mid-character", _check(_cut_text),
     Expect(code=0, says=("截断.txt", "无法识别的字节", "已用"), timeout=90)),
    ("check-50-mb-txt-cut-mid-character", _check(_file("大文件.txt", ("同志们，" * 4_400_000).encode()[:-1])),
     Expect(says=("大文件.txt", "无法识别的字节", "太长"), timeout=60)),
    ("check-nul-in-txt", _check(_file("空字符.txt", "第一段。\n第二\x00段。\n".encode())),
     Expect(says=("空字符.txt", "第 2 行", "NUL"))),
    # mine: one corrupt file is a Chinese per-file error, the rest goes on
    ("mine-corrupt-docx", _mine(lambda tmp, draft: bad_deflate(_docx(draft), tmp / "坏.docx")),
     Expect(code=1, says=("坏.docx", "已损坏"), never=("Error:", "zlib", "BadZipFile"))),
    ("mine-dtd-docx", _mine(lambda tmp, draft: rewrite_docx(_docx(draft), tmp / "实体.docx", "word/document.xml", with_entities)),
     Expect(code=1, says=("实体.docx", "DTD"))),
    ("mine-fifo", _fifo("管道.txt", lambda tmp, draft, p: ["mine", p, "-o", tmp / "候选.yaml"]),
     Expect(code=1, says=("管道.txt",), timeout=20)),
    # batch: bad CSVs refused with their line; hostile cells stay text; the user's summary kept
    ("batch-unclosed-quote-to-end", _units("unit,speaker\n甲中学,张三\n\"乙中学,李四\n丙中学,王五\n"),
     Expect(says=("名单.csv", "第 3 行", "引号没有闭合"))),
    ("batch-unclosed-quote-merges-rows", _units("unit,speaker\n甲中学,张三\n\"乙中学,李四\n丙中学,王五\"\n丁中学,赵六\n"),
     Expect(says=("名单.csv", "第 3 行", "第 3–4 行", "引号"))),
    ("batch-nul-in-csv", _units("unit,speaker\n甲\x00中学,张三\n"), Expect(says=("名单.csv", "第 2 行", "NUL"))),
    ("batch-zero-byte-csv", _units(""), Expect(says=("名单.csv", "没有任何单位"))),
    ("batch-fifo", _fifo("名单.csv", lambda tmp, draft, p: ["batch", p, "-o", tmp / "出稿"]),
     Expect(says=("名单.csv", "不是普通文件"), timeout=20)),
    ("batch-formula-cells", _units(FORMULAS), Expect(code=0, timeout=90, extra=_summary_cells)),
    ("batch-edited-summary-backed-up", _edited_summary, Expect(code=0, timeout=90, extra=_summary_backed_up)),
    ("batch-template-code-in-a-row", _units('unit,date\n"{{ ""好"" * 100000000 }}",2026-05-08\n'),
     Expect(code=0, timeout=60, extra=_literal_row)),
]

# Inputs a test run as root cannot make unreadable: only where permissions apply.
if os.name == "posix" and os.geteuid() != 0:
    def _unreadable(tmp: Path, draft: Path) -> list:
        (draft / "params.yaml").chmod(0)
        return ["render", draft]

    HOSTILE.append(("params-permission-denied", _unreadable, Expect(says=("params.yaml", "权限"))))


@dataclass
class Ran:
    """One hostile case after its run: the command line, what it did, the checksums around it."""

    argv: list
    out: Outcome
    before: dict[str, str]
    after: dict[str, str]
    folder: Path
    lines: dict[str, int]


@pytest.fixture(scope="session")
def hostile_runs(base_draft: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Ran]:
    """Every hostile case, run once, three at a time."""
    def one(case: tuple[str, Setup, Expect]) -> tuple[str, Ran]:
        name, setup, expect = case
        folder = tmp_path_factory.mktemp(name)
        draft = folder / "稿"
        shutil.copytree(base_draft, draft)
        lines = _key_lines(draft / "params.yaml")
        argv = setup(folder, draft)
        before = checksums(folder)
        out = run_command(argv, cwd=folder, timeout=expect.timeout)
        print(f"{name}: {out.seconds:.1f} s")  # shown with -s: which cases are slow
        return name, Ran(argv, out, before, checksums(folder), folder, lines)

    return dict(run_all([lambda c=c: one(c) for c in HOSTILE]))


@pytest.mark.parametrize("name,expect", [(n, e) for n, _s, e in HOSTILE], ids=[n for n, _s, _e in HOSTILE])
def test_hostile_input(name: str, expect: Expect, hostile_runs: dict[str, Ran]) -> None:
    ran = hostile_runs[name]
    out = ran.out
    shown = out.stderr or out.stdout
    assert out.code is not None, f"hung: still running after {expect.timeout} s"
    assert "Traceback" not in out.output, out.output[-3000:]
    assert out.code != 70 and "内部错误" not in out.output, out.output[-3000:]
    assert out.code == expect.code, f"exit {out.code}, expected {expect.code}:\n{out.output[-3000:]}"
    for fragment in expect.says:
        fragment = re.sub(r"<(\w+)>", lambda m: str(ran.lines[m.group(1)]), fragment)
        assert fragment in out.output, f"{fragment!r} not in:\n{shown[-3000:]}"
    for fragment in expect.never:
        assert fragment not in out.output, f"{fragment!r} shown:\n{shown[-3000:]}"
    if expect.code == 2:
        assert ran.after == ran.before, "a refused input changed files"
    lost = [p for p, s in ran.before.items() if ran.after.get(p) != s and s not in ran.after.values()]
    assert not lost, f"user bytes lost: {lost}"
    if expect.extra is not None:
        expect.extra(ran.folder, out)
