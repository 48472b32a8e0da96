"""new and render check their own draft and report a one-line summary."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.project.render import render_draft
from tests.conftest import make_draft


def test_filled_draft_reviews_clean(tmp_path: Path) -> None:
    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明")
    assert result.review is not None
    # No error; the only warnings are the placeholders for facts params.yaml was not given
    # (the superior's documents, what was said before, dates of the stages…).
    assert result.review.startswith("检查：0 个错误")
    from drafter.check import check_file

    report = check_file(result.output_path, params=result.params_path)
    assert report.rules() <= {"leftover.todo"}, report.rules()


def test_placeholders_are_the_only_warnings(tmp_path: Path) -> None:
    result = make_draft(tmp_path / "d")
    assert result.review is not None and "0 个错误" in result.review and "个警告" in result.review
    assert "0 个警告" not in result.review
    assert "drafter check" in result.review


def test_render_reports_a_fault_the_user_typed(tmp_path: Path) -> None:
    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明")
    params = result.params_path
    text = params.read_text(encoding="utf-8").replace("slogan:\n", "slogan: 深入开展创新争优活动\n")
    lines = text.splitlines()
    idx = next(i for i, line in enumerate(lines) if line.strip() == "points:")
    lines.insert(idx + 1, "        - 我们要深入开展深入开展创新争优活动。")
    params.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = render_draft(result.folder)
    assert out.review is not None
    assert not out.review.startswith("检查：0 个错误"), out.review


def test_unit_rules_beside_params_change_the_review(tmp_path: Path) -> None:
    """The review is cached by its inputs: a new check.yaml beside params.yaml is applied at once."""
    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明")
    assert result.review is not None and result.review.startswith("检查：0 个错误")
    # The unit declares a word every school draft uses to be a typo of its own.
    (result.folder / "check.yaml").write_text("confusions:\n  创先争优活动: {right: 创先争优工作}\n", encoding="utf-8")
    again = render_draft(result.folder)
    assert again.review is not None and not again.review.startswith("检查：0 个错误"), again.review
    (result.folder / "check.yaml").unlink()
    third = render_draft(result.folder)
    assert third.review is not None and third.review.startswith("检查：0 个错误")


def _counts(line: str) -> str:
    return line.split("；")[0].split("（")[0]


def test_review_equals_check_on_the_written_file(tmp_path: Path) -> None:
    """new and render print `drafter check` of the very file they wrote: a fresh draft, a draft in
    which the user typed another unit's name (merged into their edited .docx), and a text preview."""
    import docx

    from drafter.check import check_file, summary_line

    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明", org="school")
    assert result.review is not None and result.output_path is not None
    assert _counts(result.review) == _counts(summary_line(check_file(result.output_path)))

    # The user edits the .docx in Word: a paragraph now names a teacher of another school.
    doc = docx.Document(str(result.output_path))
    body = [p for p in doc.paragraphs if len(p.text) > 60]
    body[3].add_run("请城西中学的王建国同志介绍经验。")
    doc.save(str(result.output_path))
    before = check_file(result.output_path)
    assert "names.foreign" in before.rules()  # the user's own words are searched for other units' names
    again = render_draft(result.folder, accept=True)
    assert again.review is not None and again.output_path is not None
    assert _counts(again.review) == _counts(summary_line(check_file(again.output_path)))
    assert "个错误" in again.review and "drafter check" in again.review


def test_review_is_given_what_check_reads_from_params_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """new and render hand the review the params they hold instead of parsing params.yaml again:
    what the checker takes from them is what `drafter check` takes from the file."""
    from drafter.check.context import read_params, speech_facts
    from drafter.project import new, render, review

    given: list[object] = []

    def spy(path: Path, document: object = None, params: object = None) -> str:
        given.append(params)
        return review.review(path, document, params)  # type: ignore[arg-type]

    monkeypatch.setattr(new, "review", spy)
    monkeypatch.setattr(render, "review", spy)
    result = make_draft(tmp_path / "d", unit="青石村党支部", speaker="王强", secretary="李华", org="village", minutes=25,
                        before="张明同志传达了上级会议精神")
    (tmp_path / "d" / "params.yaml").write_text(
        result.params_path.read_text(encoding="utf-8").replace("minutes: 25", "minutes: 20"), encoding="utf-8")
    render_draft(result.folder)
    assert len(given) == 2 and all(g is not None for g in given)
    on_disk = speech_facts(read_params(result.params_path))
    assert speech_facts(given[1]) == on_disk and on_disk.minutes == 20
    assert speech_facts(given[0]) == on_disk._replace(minutes=25)
    assert on_disk.names and on_disk.date is not None


def test_drafters_own_paragraphs_are_not_searched_for_names(tmp_path: Path) -> None:
    """The names rule (a tokenizer, ~2 s) runs on what the user wrote, not on drafter's own text."""
    from drafter.check.context import speech_facts
    from drafter.state import drafted_texts

    result = make_draft(tmp_path / "d", unit="青山市第一中学", speaker="李明")
    own = drafted_texts(result.folder)
    assert result.document is not None
    assert {"".join(p.text.split()) for p in result.document.paragraphs} == {"".join(t.split()) for t in own}
    facts = speech_facts(None, drafted=own)
    assert facts.is_drafted(result.document.paragraphs[-1].text)
    assert not facts.is_drafted(result.document.paragraphs[-1].text + "请城西中学的王建国同志介绍经验。")


def test_length_line_and_check_count_the_same(tmp_path: Path) -> None:
    """The 字数 new prints and the 全文 … 字 of `drafter check` on the file are one count (the title,
    speaker and date lines are not spoken, so neither counts them)."""
    import re

    from drafter.check import check_file

    for org, minutes in (("village", 20), ("hospital", 30)):
        result = make_draft(tmp_path / org, org=org, minutes=minutes, unit="青山市人民医院" if org == "hospital" else "青石村")
        said = int(re.search(r"字数 (\d+)", result.summary).group(1))  # type: ignore[union-attr]
        assert result.output_path is not None
        assert check_file(result.output_path).chars == said


@pytest.mark.parametrize(("org", "page_number", "unit"), [
    ("school", "outside", "青山市第一中学"),
    ("village", "center", "青石村"),
    # a long unit name: the title breaks over two lines
    ("enterprise", "outside", "青山市宏远机械制造股份有限公司第二分公司"),
])
def test_review_sees_the_draft_as_the_reader_does(tmp_path: Path, org: str, page_number: str, unit: str) -> None:
    """For a draft the fast writer made, the review takes the reader's view without reading the
    file back (render.package.as_read): it must be exactly what reading the file gives."""
    from drafter.document.read import read_document
    from drafter.project.write import read_back

    result = make_draft(tmp_path / org, org=org, unit=unit)
    params = result.params_path
    params.write_text(params.read_text(encoding="utf-8").replace("page_number: outside", f"page_number: {page_number}"),
                      encoding="utf-8")
    again = render_draft(result.folder)
    assert again.output_path is not None and again.document is not None
    from drafter.compose import compose, resolve
    from drafter.params import load_params

    built = compose(resolve(load_params(params)))
    seen = read_back(built, result.folder, again.output_path)
    assert seen is not None and seen.page is not None
    assert seen == read_document(again.output_path)
    if org == "enterprise":
        assert "\n" in seen.paragraphs[0].text  # the two-line title, as python-docx reads it
