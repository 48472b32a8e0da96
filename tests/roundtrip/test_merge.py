"""Word round trip: a draft edited in Word and a params.yaml edited in Notepad meet in one draft.

The tests do what the user does: render, edit the .docx (here with python-docx, and once after a
LibreOffice round trip, which renames style ids, splits runs and adds rsids), edit params.yaml,
render again; then read the one merged file."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from helpers import W, comments, commented_text, drafts, libreoffice_round_trip, paragraphs, revisions, set_key

from drafter.project.new import new_draft
from drafter.project.render import render_draft

OLD_UNIT, NEW_UNIT = "青山市第一中学", "青山市第二中学"
# What was said before the speech: named in the opening, so correcting it changes a body paragraph.
OLD_BEFORE, NEW_BEFORE = "王明同志传达了上级会议精神", "副校长王明同志传达了县委教育工委会议精神"
REWRITE = "召开这次大会，我再强调一句：各支部要把活动抓紧抓实。"
CLASH = f"今天，我们召开{OLD_UNIT}全体党员大会，部署创先争优活动，我先讲三点。"
INSERTED = "我在 Word 里插入的一段话：各年级组要按时上报活动方案。"
SUMMARY = re.compile(r"合并：保留您的修改 (\d+) 段，更新 (\d+) 段（修订标记），冲突 (\d+) 段（已加批注）")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DRAFTER_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "稿"
    new_draft(org="school", themes=["创先争优"], out=out, date="2026-05-08", unit=OLD_UNIT, speaker="李明", before=OLD_BEFORE)
    return out


def change_unit(folder: Path) -> None:
    """The clerk corrects the unit's name and who spoke before the speech."""
    set_key(folder, "unit", NEW_UNIT)
    set_key(folder, "before", NEW_BEFORE)


def edit_like_a_user(path: Path) -> dict[str, str]:
    """Rewrite a paragraph, insert one, delete one, bold a phrase, and rewrite one drafter will
    change too (the opening, which names what was said before the speech). Returns what was done, for the assertions."""
    from docx import Document

    doc = Document(str(path))
    ps = doc.paragraphs
    body = [i for i, p in enumerate(ps) if i > 3 and not p.style.name.lower().startswith("heading")]
    clash = next(i for i in body if OLD_BEFORE in ps[i].text)
    rewrite = next(i for i in body if i > clash and OLD_BEFORE not in ps[i].text)
    deleted_i = next(i for i in body if i > rewrite + 2 and OLD_BEFORE not in ps[i].text)
    bold_i = next(i for i in body if i > deleted_i + 1 and OLD_BEFORE not in ps[i].text)
    deleted = ps[deleted_i].text
    for p, text in ((ps[clash], CLASH), (ps[rewrite], REWRITE)):
        for r in p.runs[1:]:
            r._r.getparent().remove(r._r)
        p.runs[0].text = text
    ps[rewrite + 1].insert_paragraph_before(INSERTED, style="Normal")
    run = ps[bold_i].runs[0]
    text = run.text
    phrase = text[4:12]
    run.text = text[:4]
    bold = ps[bold_i].add_run(phrase)
    bold.bold = True
    ps[bold_i].add_run(text[12:])
    ps[deleted_i]._p.getparent().remove(ps[deleted_i]._p)
    doc.save(str(path))
    return {"deleted": deleted, "phrase": phrase, "bold_para": text}


def bold_runs(path: Path) -> list[str]:
    from docx import Document

    body = Document(str(path)).element.body
    out = []
    for r in body.iter(W + "r"):
        rpr = r.find(W + "rPr")
        if rpr is not None and rpr.find(W + "b") is not None and r.getparent().tag != W + "del":
            out.append("".join(t.text or "" for t in r.iter(W + "t")))
    return out


def check_merged(folder: Path, edits: dict[str, str], user_bytes: bytes, user_paras: list[str], notes: list[str]) -> Path:
    """Everything the issue asks of a merged draft."""
    [merged] = drafts(folder)
    assert NEW_UNIT in merged.name  # named for the current title
    bak = folder / f"在{OLD_UNIT}创先争优活动动员大会上的讲话.docx.bak"
    assert bak.read_bytes() == user_bytes  # the pre-merge file, byte for byte

    # Drafter's changes are tracked changes by "drafter", dated.
    revs = revisions(merged)
    assert {el.tag for el in revs} == {W + "ins", W + "del"}
    assert all(el.get(W + "author") == "drafter" for el in revs)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", el.get(W + "date")) for el in revs)

    # Rejecting every revision gives back exactly the user's version, text and emphasis.
    assert paragraphs(merged, resolve=False, formatting=True) == user_paras

    # Accepting them gives drafter's new text where the user did not write, every user edit kept.
    accepted = paragraphs(merged, resolve=True)
    assert NEW_UNIT in accepted[0]
    assert REWRITE in accepted and INSERTED in accepted and CLASH in accepted
    assert edits["deleted"] not in accepted
    assert edits["phrase"] in bold_runs(merged)

    # The clash keeps the user's text and carries a comment with drafter's new text.
    notes_by_drafter = [text for author, text in comments(merged) if author == "drafter"]
    # drafter's new version of the paragraph (its opening, re-planned for the new length) rides along
    assert notes_by_drafter and all(t.startswith("drafter 按新的参数") for t in notes_by_drafter)
    assert CLASH in commented_text(merged)

    [line] = [n for n in notes if SUMMARY.search(n)]
    kept, updated, clashes = map(int, SUMMARY.search(line).groups())
    assert kept + clashes >= 3 and updated >= 1 and clashes >= 1, line
    return merged


def test_word_edits_and_params_edits_meet_in_one_draft(folder: Path) -> None:
    [draft] = drafts(folder)
    edits = edit_like_a_user(draft)
    user_bytes = draft.read_bytes()
    user_paras = paragraphs(draft, formatting=True)
    change_unit(folder)
    set_key(folder, "minutes", "10")

    result = render_draft(folder)

    merged = check_merged(folder, edits, user_bytes, user_paras, result.notes)
    assert result.output_path == merged


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice") or os.environ.get("CI")),
                    reason="LibreOffice is not installed here (CI installs it)")
def test_after_a_libreoffice_round_trip(folder: Path, tmp_path: Path) -> None:
    [draft] = drafts(folder)
    libreoffice_round_trip(draft, tmp_path)
    edits = edit_like_a_user(draft)
    user_bytes = draft.read_bytes()
    user_paras = paragraphs(draft, formatting=True)
    change_unit(folder)
    set_key(folder, "minutes", "10")

    result = render_draft(folder)

    merged = check_merged(folder, edits, user_bytes, user_paras, result.notes)
    # LibreOffice opens the merged draft: it converts to a PDF showing drafter's revisions.
    out = tmp_path / "pdf"
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(merged)], check=True, capture_output=True, timeout=180)
    pdf = out / (merged.stem + ".pdf")
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = text.replace(" ", "").replace("\n", "")
        # LibreOffice shows the revisions: the deleted 一 and the inserted 二 side by side.
        assert "第一二中学" in flat and "我再强调一句" in flat


def test_accept_applies_drafter_changes_without_marks(folder: Path) -> None:
    [draft] = drafts(folder)
    edits = edit_like_a_user(draft)
    change_unit(folder)

    result = render_draft(folder, accept=True)

    [merged] = drafts(folder)
    assert revisions(merged) == []
    text = paragraphs(merged)
    assert NEW_UNIT in text[0] and REWRITE in text and INSERTED in text and CLASH in text
    assert edits["deleted"] not in text
    assert any("直接修改" in n for n in result.notes)


def test_no_merge_keeps_the_edited_file_and_writes_beside_it(folder: Path) -> None:
    [draft] = drafts(folder)
    edit_like_a_user(draft)
    before = draft.read_bytes()
    set_key(folder, "minutes", "10")  # same title, same name

    result = render_draft(folder, merge=False)

    assert draft.read_bytes() == before
    assert result.output_path == draft.with_name(draft.stem + "-2.docx")
    assert revisions(result.output_path) == []


def test_a_second_render_changes_nothing_more(folder: Path) -> None:
    """Rendering again with nothing new leaves the merged draft alone (no new .bak, no new marks)."""
    [draft] = drafts(folder)
    edit_like_a_user(draft)
    change_unit(folder)
    render_draft(folder)
    [merged] = drafts(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != ".drafter-state.json"}

    again = render_draft(folder)

    assert again.output_path == merged
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != ".drafter-state.json"} == before


def test_merge_again_after_more_edits_keeps_pending_revisions_reviewable(folder: Path) -> None:
    """Edit, merge, edit the merged file again, change params again: still one draft, and
    rejecting drafter's revisions still gives the user's text."""
    [draft] = drafts(folder)
    edit_like_a_user(draft)
    change_unit(folder)
    render_draft(folder)
    [merged] = drafts(folder)
    from docx import Document

    doc = Document(str(merged))
    doc.add_paragraph("会后请各支部书记留下。", style="Normal")
    doc.save(str(merged))
    user_paras = paragraphs(merged, resolve=False)
    set_key(folder, "speaker", "王芳")

    render_draft(folder)

    [again] = drafts(folder)
    assert paragraphs(again, resolve=False)[-1] == user_paras[-1] == "会后请各支部书记留下。"
    accepted = paragraphs(again, resolve=True)
    assert any("王芳" in p for p in accepted[:3])
    assert "会后请各支部书记留下。" in accepted


def test_untouched_draft_is_rewritten_without_marks(folder: Path) -> None:
    change_unit(folder)
    result = render_draft(folder)
    [only] = drafts(folder)
    assert revisions(only) == [] and NEW_UNIT in only.name
    assert not any("合并" in n for n in result.notes)
    assert not list(folder.glob("*.bak"))


def test_a_damaged_user_file_is_kept_and_the_new_draft_goes_beside(folder: Path) -> None:
    [draft] = drafts(folder)
    draft.write_bytes(b"PK\x03\x04 not really a docx")
    set_key(folder, "minutes", "10")

    result = render_draft(folder)

    assert draft.read_bytes() == b"PK\x03\x04 not really a docx"
    assert result.output_path is not None and result.output_path != draft
    assert any("没有合并" in n for n in result.notes)


def test_revision_date_is_now(folder: Path) -> None:
    [draft] = drafts(folder)
    edit_like_a_user(draft)
    change_unit(folder)
    render_draft(folder)
    [merged] = drafts(folder)
    stamp = revisions(merged)[0].get(W + "date")
    when = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
    assert abs((dt.datetime.now(dt.timezone.utc) - when).total_seconds()) < 600


def test_a_user_file_with_a_dtd_is_not_merged(folder: Path) -> None:
    """An entity in the user's file must not pass into the merged draft: the file is kept, the
    new draft goes beside it."""
    import io
    import zipfile

    [draft] = drafts(folder)
    zin = zipfile.ZipFile(io.BytesIO(draft.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:document ", b'<!DOCTYPE w:document [<!ENTITY x "y">]><w:document ', 1)
            z.writestr(info.filename, data)
    draft.write_bytes(out.getvalue())
    set_key(folder, "minutes", "10")

    result = render_draft(folder)

    assert draft.read_bytes() == out.getvalue()
    assert result.output_path != draft
    assert any("DTD" in n and "没有合并" in n for n in result.notes)
