"""The date facts a draft is written from (templates/eras.yaml, drafter.dates): what a closing greets,
which congress and plenums' spirit a draft studies, and whether the guiding wording of the date has
“系列重要讲话精神”; and a broken `greet`/`spirits` list is reported, not a traceback."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from drafter.dates import date_facts, spirit_for
from tests.helpers import run_cli

D = dt.date.fromisoformat


@pytest.mark.parametrize("date, greet", [
    ("2010-02-01", "建党89周年"),   # before the campaign (2010-04): the next 1 July
    ("2010-05-20", "建党90周年"),   # the campaign's first milestone, a year off — not the 十八大
    ("2011-07-01", "建党90周年"),
    ("2011-07-02", "党的十八大"),   # its second milestone
    ("2013-03-15", "建党92周年"),
    ("2017-03-01", "党的十九大"),   # a congress year, before the congress
    ("2023-05-15", "建党102周年"),  # not the 二十一大, four years away
    ("2027-03-01", "党的二十一大"),
    # After 1 July: a congress opening within a year, else nothing — not the “七一” most of a year away.
    ("2014-11-05", ""),
    ("2016-09-01", ""),
    ("2016-10-20", "党的十九大"),   # 2017-10-18 is within a year
    ("2021-08-15", ""),             # the 二十大 (2022-10-16) is fourteen months away
    ("2021-12-01", "党的二十大"),
    ("2025-09-01", ""),
    ("2026-11-30", "党的二十一大"),
])
def test_what_a_closing_greets(date: str, greet: str) -> None:
    assert date_facts(D(date)).greet == greet


@pytest.mark.parametrize("date", ["2014-11-05", "2016-09-01", "2025-09-01"])
@pytest.mark.parametrize("org", ["community", "town", "hospital"])
def test_an_autumn_closing_greets_no_distant_anniversary(date: str, org: str) -> None:
    """Nothing to greet after 1 July: the closing still ends whole (no “迎接！”), greeting nothing."""
    from tests.compose.helpers import body, build

    for seed in (1, 2, 3, 4):
        built = build(org, "secretary", ("创先争优",), 15, seed, D(date), None)
        paras = [t for k, t in body(built.document) if k == "p"]
        closing = "".join(paras[-built.closing_paragraphs:])
        assert "迎接" not in closing and "献礼" not in closing, closing[-80:]
        assert closing.endswith("！") and "，！" not in closing and "迎接！" not in closing


@pytest.mark.parametrize("date, spirit, series", [
    ("2010-06-15", "党的十七大和十七届四中全会精神", False),
    ("2013-03-15", "党的十八大精神", False),                      # only the 1st and 2nd plenums held
    ("2014-08-01", "党的十八大和十八届三中全会精神", True),
    ("2016-06-20", "党的十八大和十八届三中、四中、五中全会精神", True),
    ("2017-03-01", "党的十八大和十八届历次全会精神", True),
    ("2019-09-10", "党的十九大和十九届二中、三中全会精神", False),
    ("2021-05-10", "党的十九大和十九届二中、三中、四中、五中全会精神", False),
    ("2023-05-15", "党的二十大精神", False),
    ("2026-11-30", "党的二十大和二十届二中、三中、四中全会精神", False),
    ("2028-03-01", "党的二十一大精神", False),                    # no plenum listed yet: the congress alone
])
def test_spirit_and_guiding_of_the_date(date: str, spirit: str, series: bool) -> None:
    f = date_facts(D(date))
    assert spirit_for(f) == spirit
    assert ("系列重要讲话精神" in f.era.guiding) is series


def test_a_broken_greet_list_is_reported(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    data = tmp_path / "data"
    shutil.copytree(root / "templates", data / "templates")
    shutil.copy(root / "phrasebank.yaml", data / "phrasebank.yaml")
    eras = data / "templates" / "eras.yaml"
    text = eras.read_text(encoding="utf-8")
    assert "  - from: 2010-04-01\n" in text
    eras.write_text(text.replace("  - from: 2010-04-01\n", "  - from: 四月\n", 1), encoding="utf-8")
    done = run_cli("new", "--out", "稿", "--date", "2010-05-20", cwd=tmp_path, env={"DRAFTER_DATA": str(data)})
    assert done.returncode == 2, done.stderr
    assert "eras.yaml" in done.stderr and "行" in done.stderr and "YYYY-MM-DD" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "稿").exists() or not list((tmp_path / "稿").glob("*.docx"))


@pytest.mark.parametrize("date, event", [
    ("2019-09-10", "“不忘初心、牢记使命”主题教育"),
    ("2021-05-10", "党史学习教育"),
    ("2023-05-15", "学习贯彻习近平新时代中国特色社会主义思想主题教育"),
    ("2024-05-20", "党纪学习教育"),
    ("2013-09-10", "全面贯彻落实党的十八大精神的开局之年"),
    ("2014-03-01", "全面深化改革的第一年"),
    ("2019-03-01", "中华人民共和国成立70周年"),
    ("2023-02-01", "贯彻落实党的二十大精神的开局之年"),
])
def test_the_years_event_is_named(date: str, event: str) -> None:
    """The party-wide education campaign running on the draft's date is the event its closing names."""
    facts = date_facts(D(date))
    assert facts.event_listed and event in facts.event


def test_no_event_outside_its_dates() -> None:
    assert "党纪学习教育" not in date_facts(D("2024-09-10")).event


@pytest.mark.parametrize("date", ["2027-10-20", "2028-06-01"])
def test_a_year_without_an_event_names_none(date: str) -> None:
    """Where eras.yaml lists nothing for the date (the 二十一大's opening day is not known), the closing
    takes a dedication without {{ event }}: not “今年党的二十一大将要召开” after it may have opened, not a
    bare “今年是中国共产党成立107周年”."""
    from tests.compose.helpers import build, body

    assert not date_facts(D(date)).event_listed
    for role in ("secretary", "deputy"):
        for seed in range(1, 6):
            built = build("village", role, ("创先争优",), 10, seed, D(date))
            closing = "".join([t for k, t in body(built.document) if k == "p"][-built.closing_paragraphs:])
            assert "今年" not in closing and "将要召开" not in closing, closing
