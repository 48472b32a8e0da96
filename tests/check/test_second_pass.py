"""The second pass, end to end: a partial speech of another unit with the faults the first pass missed,
the false alarms it raised, and the noise it made — each checked in one report, as a clerk would get it."""

from __future__ import annotations

from pathlib import Path

from drafter.check import check_document, check_file
from drafter.check.structure import structure_of
from drafter.document.read import document_from_text, read_document

# Written for this test (no web text): a county speech with its faults marked in the comments.
SPEECH = "\n".join([
    "在鄂尔多斯市东胜区创先争优活动动员大会上的讲话",          # own place in the title
    "（2011年4月12日）",
    "同志们：",
    "同志们，根据中央和自治区党委的部署，xxx党委决定在全区开展创先争优活动。",  # doubled salutation; xxx
    "胡锦涛总书记强调，要把创先争优活动作为加强党的建设的重要抓手。李源潮部长作了重要讲话。",  # leaders, right titles
    "今月，全区召开了动员会，2011 年已有 1200 名党员作出承诺。会议定于4月30、5月1日举行。",  # 今月, spaces, no 日
    "下面，我讲三方面意见。",                                  # announced 3, has 2
    "一、统一思想，提高认识",
    "统一思想，提高认识，是开展活动的前提。",                      # heading echo
    "第一，要深刻认识活动的重大意义。",
    "第二，要更好的调动党员的积极性。",                          # 的/地
    "二、加强领导，狠抓落实",
    "（一）加强组织领导。要成立领导小组。",                         # mixed scheme at level 2 (第一， / （一）)
    "1、明确责任分工。",                                         # 1、 where GB/T 9704 wants 1.
    "2、加强督促检查。",
    "要做到：" + "，".join(f"{n}是抓好第{n}项" for n in "一二三四五六七八九十") + "。",  # 10 run-in points
    "同志们，让我们以优异成绩迎接党的18大胜利召开！",              # congress in Arabic numerals
])


def test_missed_faults_are_found_and_false_alarms_gone() -> None:
    report = check_document(document_from_text(SPEECH))
    rules = [f.rule for f in report.findings]
    for rule in ("structure.salutation_doubled", "leftover.placeholder", "date.stripped", "text.number_space",
                 "date.no_day", "numbering.count", "structure.echo", "confusion.pattern", "numbering.scheme",
                 "numbering.mixed", "structure.padded", "date.congress_numerals"):
        assert rule in rules, (rule, [(f.rule, f.quote) for f in report.findings])
    foreign = " ".join(f.message for f in report.by_rule("names.foreign"))
    for own in ("胡锦涛", "李源潮", "鄂尔多斯", "东胜"):
        assert own not in foreign, foreign
    assert not report.by_rule("date.leader")  # both titles fit April 2011
    assert [f.severity for f in report.by_rule("numbering.count")] == ["error"]


def test_missing_salutation() -> None:
    text = SPEECH.replace("同志们：\n同志们，", "")
    assert check_document(document_from_text(text)).by_rule("structure.salutation")
    assert not check_document(document_from_text(SPEECH)).by_rule("structure.salutation")


def test_structure_facts() -> None:
    st = structure_of(document_from_text(SPEECH))
    assert st.section_count == 2 and st.announced == 3 and st.announced_text == "讲三方面意见"
    assert [s.title for s in st.sections] == ["统一思想，提高认识", "加强领导，狠抓落实"]
    assert st.points_per_section == (2, 1)  # 第一，第二， / （一）: the points right under each heading
    assert [s.most_points for s in st.sections] == [2, 10]  # the ten 一是…十是 sit deeper in part 二
    assert st.schemes[1] == ("cn_dun",) and st.schemes[2] == ("di", "paren_cn")
    assert st.salutations == (3,)


def test_traditional_text_is_one_finding_with_a_fix(tmp_path: Path) -> None:
    body = "開展創先爭優活動，是黨中央作出的重要部署，各級黨組織要認真貫徹落實。"
    text = "在全縣創先爭優活動動員大會上的講話\n同志們：\n" + "\n".join([body] * 40)
    report = check_document(document_from_text(text))
    trad = report.by_rule("text.traditional")
    assert len(trad) == 1 and "第 1–42 段" in trad[0].message and "繁转简" in trad[0].fix
    assert not report.by_rule("text.gb2312")  # the same characters are not reported a second time
    assert len(report.findings) < 10


def test_halfwidth_punctuation_is_one_finding() -> None:
    text = "\n".join(["同志们:", *["开展创先争优活动,是党中央作出的重要部署,各级党组织要认真贯彻落实。"] * 30])
    found = check_document(document_from_text(text)).by_rule("text.halfwidth_punct")
    assert len(found) == 1 and "共 61 处，31 段" in found[0].message


def test_docx_of_the_speech_gives_the_same_text_findings(tmp_path: Path) -> None:
    from tests.check.helpers import build_plain_docx

    path = build_plain_docx(tmp_path / "稿.docx", SPEECH.splitlines())
    text_rules = {f.rule for f in check_document(document_from_text(SPEECH)).findings}
    docx_rules = {f.rule for f in check_file(path, params={}).findings if not f.rule.startswith("format.")}
    assert text_rules == docx_rules
    assert structure_of(read_document(path)).points_per_section == (2, 1)
