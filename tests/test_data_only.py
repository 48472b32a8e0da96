"""A theme and an org type are data only: added to a copy of the YAML files (no code), drafter drafts
with both, and its help and params.yaml comments list them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from docx import Document

from drafter.data import data_root
from tests.helpers import run_cli

THEME = """
党史学习教育:
  name: 党史学习教育
  aliases: [dsxx]
  activity: 党史学习教育
  short: 党史学习教育
  title: 党史学习教育动员大会
  this: 这次学习教育
  it: 学习教育
"""
ORG = """
kindergarten:
  name: 幼儿园
  aliases: [幼儿园]
  unit_label: 幼儿园名称
  self: 我园
  scope: 全园
  people: 幼儿和家长
  members: 教职工党员
  cadres: 党员干部和教职工
  superior: 县委教育工委
  work: 保育教育
  party: 园党支部
  branches: 各党小组
  titles: {secretary: 园党支部书记, deputy: 园党支部副书记}
  attendees: 全园党员和教职工代表
  carriers: [保育教育, 幼儿园]
"""
SECTION = """
    - key: history
      themes: [党史学习教育]
      heading: heading.history
      points:
        - {slot: history, min: 2, max: 3}
"""
PHRASES = """
- id: head.history.learn
  slot: heading.history
  text: 学党史、悟思想，把学习成果转化为做好{{ work }}工作的实际行动
  source: authored
- id: history.read
  slot: history
  title: 读原著学原文
  text: 要把读原著、学原文作为基本功，支部每月安排一次集中研读，党员结合自己的岗位写出心得，在党小组会上交流。
  source: authored
- id: history.visit
  slot: history
  title: 走进红色阵地
  text: 要组织党员就近参观革命旧址和纪念场馆，请老党员讲亲身经历，让历史从书本走到身边，教育更有温度。
  source: authored
- id: history.practice
  slot: history
  title: 为群众办实事
  text: 学习的成效要落到为群众办实事上，每名党员认领一件实事，完成情况在支部公开，接受群众评议。
  source: authored
"""


def _data(tmp: Path) -> Path:
    data = tmp / "data"
    shutil.copytree(data_root() / "templates", data / "templates")
    shutil.copy(data_root() / "phrasebank.yaml", data / "phrasebank.yaml")
    for name, extra in (("themes.yaml", THEME), ("orgs.yaml", ORG), ("phrasebank.yaml", PHRASES)):
        path = data / "templates" / name if name != "phrasebank.yaml" else data / name
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    structure = data / "templates" / "structure.yaml"
    text = structure.read_text(encoding="utf-8")
    # the new section goes first in the secretary's speech (before 重要意义)
    text = text.replace("  sections:\n", "  sections:" + SECTION, 1)
    structure.write_text(text, encoding="utf-8")
    return data


def _drafter(tmp: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=tmp, env={"DRAFTER_DATA": str(data)})


def test_a_theme_and_an_org_type_added_in_yaml_only(tmp_path: Path) -> None:
    data = _data(tmp_path)
    done = _drafter(tmp_path, data, "new", "--org", "幼儿园", "--theme", "党史学习教育", "--out", "稿", "--date", "2026-11-30")
    assert done.returncode == 0, done.stderr
    docx = next((tmp_path / "稿").glob("*.docx"))
    text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "党史学习教育" in text and "我园" in text and "园党支部书记" in text
    assert "读原著学原文" in text or "走进红色阵地" in text or "为群众办实事" in text
    # The theme's own back-references (this / it in themes.yaml), never the campaign's “这次活动”.
    assert "这次学习教育" in text and "这次活动" not in text
    params = (tmp_path / "稿" / "params.yaml").read_text(encoding="utf-8")
    assert "kindergarten 幼儿园" in params and "党史学习教育" in params
    help_text = _drafter(tmp_path, data, "new", "--help").stdout
    assert "kindergarten" in help_text and "党史学习教育" in help_text


def test_a_role_that_follows_an_unknown_role_is_a_located_error(tmp_path: Path) -> None:
    """roles.yaml `follows` names another role: a misspelt one is reported at its line, exit 2."""
    data = _data(tmp_path)
    roles = data / "templates" / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8").replace("follows: secretary", "follows: secertary"), encoding="utf-8")
    done = _drafter(tmp_path, data, "new", "--org", "school", "--role", "deputy", "--out", str(tmp_path / "d"))
    assert done.returncode == 2, done.stderr
    assert "roles.yaml" in done.stderr and "follows" in done.stderr and "secertary" in done.stderr
    assert "第" in done.stderr and "行" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "d").exists()


SPEECH = """在全校党史学习教育动员大会上的讲话

同志们：

一、充分认识开展党史学习教育的重要意义

开展党史学习教育，是加强党的建设的必然要求。全体党员要把党史学习教育作为一项重要政治任务，认真读原著、学原文、悟原理，切实把学习成果转化为推动工作的实际行动。
"""


def test_mine_tags_a_theme_added_in_yaml_only(tmp_path: Path) -> None:
    """`drafter mine` tags a candidate with the themes it speaks of, as themes.yaml lists them."""
    import yaml

    data = _data(tmp_path)
    (tmp_path / "speech.txt").write_text(SPEECH, encoding="utf-8")
    done = _drafter(tmp_path, data, "mine", "speech.txt", "-o", "c.yaml")
    assert done.returncode == 0, done.stderr
    found = yaml.safe_load((tmp_path / "c.yaml").read_text(encoding="utf-8"))
    significance = [c for c in found if c["slot"] == "significance"]
    assert significance and all(c["tags"]["themes"] == ["党史学习教育"] for c in significance)
