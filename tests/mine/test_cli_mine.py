"""The real `mine` and `phrases` commands: exit codes, output and files."""

from __future__ import annotations

from pathlib import Path

import yaml
from tests.helpers import run_cli as _run

ROOT = Path(__file__).resolve().parents[2]




def test_mine_corpus_writes_candidates_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "candidates.yaml"
    proc = _run("mine", str(ROOT / "corpus"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "各槽位条数" in proc.stdout and "standards.five_good" in proc.stdout
    assert "挖掘中" not in proc.stderr  # not a terminal: no progress lines in a log
    assert len(yaml.safe_load(out.read_text(encoding="utf-8"))) > 50


def test_mine_shows_its_progress_on_a_terminal_only(tmp_path: Path) -> None:
    """On a terminal a line per file; into a pipe nothing (a caller that reads the pipe only after the
    exit would otherwise wait for ever once a large archive's progress filled it)."""
    import os
    import pty
    import subprocess
    import sys

    from tests.helpers import SRC

    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen([sys.executable, "-m", "drafter", "mine", str(ROOT / "corpus"), "-o", str(tmp_path / "c.yaml")],
                            stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal's other end closed: the command has exited
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=120) == 0
    assert "挖掘中 [5/5]" in seen.decode("utf-8", "replace")


def test_a_bad_file_exits_1_and_the_good_ones_are_still_written(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text((ROOT / "corpus" / "004_f2bd5770231cdb94.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out.yaml"
    proc = _run("mine", str(tmp_path), "-o", str(out))
    assert proc.returncode == 1
    assert "empty.txt" in proc.stderr and "空" in proc.stderr
    assert yaml.safe_load(out.read_text(encoding="utf-8"))


def test_mine_without_paths_is_bad_usage() -> None:
    assert _run("mine").returncode == 2


def test_phrases_lists_entries_with_sources(tmp_path: Path) -> None:
    out = tmp_path / "candidates.yaml"
    _run("mine", str(ROOT / "corpus"), "-o", str(out))
    proc = _run("phrases", "--bank", str(out), "--slot", "standards", "--search", "带头学习提高")
    assert proc.returncode == 0, proc.stderr
    assert "出处：" in proc.stdout and "standards.five_lead" in proc.stdout
    carriers = _run("phrases", "--bank", str(out), "--slot", "carriers", "--org", "town")
    assert "carriers.town" in carriers.stdout and "carriers.school" not in carriers.stdout


def test_phrases_unknown_org_suggests_one() -> None:
    proc = _run("phrases", "--org", "schol")
    assert proc.returncode == 2 and "school" in proc.stderr


def test_an_existing_output_file_is_backed_up_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "candidates.yaml"
    out.write_text("# 我手工挑过的候选\n- id: mine\n", encoding="utf-8")
    proc = _run("mine", str(ROOT / "corpus" / "004_f2bd5770231cdb94.txt"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    backup = tmp_path / "candidates.yaml.bak"
    assert backup.read_text(encoding="utf-8") == "# 我手工挑过的候选\n- id: mine\n"
    assert "candidates.yaml.bak" in proc.stdout
    assert yaml.safe_load(out.read_text(encoding="utf-8"))[0]["id"] != "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~drafter-")]  # no temporary file left
    # a second run with the same result leaves the file and makes no second copy
    again = _run("mine", str(ROOT / "corpus" / "004_f2bd5770231cdb94.txt"), "-o", str(out))
    assert again.returncode == 0 and not (tmp_path / "candidates.yaml.1.bak").exists()


def test_output_that_is_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    proc = _run("mine", str(ROOT / "corpus" / "004_f2bd5770231cdb94.txt"), "-o", str(tmp_path))
    assert proc.returncode == 2
    assert "文件夹" in proc.stderr and "Traceback" not in proc.stderr


def test_strict_drops_sentences_with_names_it_cannot_place(tmp_path: Path) -> None:
    speech = tmp_path / "speech.txt"
    speech.write_text("在创先争优活动动员大会上的讲话\n同志们：\n"
                      "一、统一思想，提高认识\n"
                      "开展创先争优活动，是加强基层党组织建设的重要举措，要学习红岩坳的好经验。"
                      "开展创先争优活动，是推动科学发展的必然要求。\n", encoding="utf-8")
    loose, strict = tmp_path / "loose.yaml", tmp_path / "strict.yaml"
    assert _run("mine", str(speech), "-o", str(loose)).returncode == 0
    proc = _run("mine", str(speech), "--strict", "-o", str(strict))
    assert proc.returncode == 0, proc.stderr
    assert "红岩坳" in loose.read_text(encoding="utf-8")
    text = strict.read_text(encoding="utf-8")
    assert "红岩坳" not in text and "推动科学发展的必然要求" in text
    assert "含无法确认的专名" in proc.stdout


def test_jobs_must_be_positive() -> None:
    proc = _run("mine", str(ROOT / "corpus"), "--jobs", "0", "-o", "/nonexistent/never-written.yaml")
    assert proc.returncode == 2 and "--jobs" in proc.stderr and "Traceback" not in proc.stderr


def test_mine_reports_per_file_what_was_replaced_and_dropped(tmp_path: Path) -> None:
    """One line per file on the screen and in the output's header, counting what the candidates
    really hold: a speech with invented names and a leader quoted, and one with nothing to replace."""
    folder = tmp_path / "讲话"
    folder.mkdir()
    (folder / "甲.txt").write_text(
        "在棠溪镇创先争优活动动员大会上的讲话\n同志们：\n"
        "今天召开动员大会，对我镇创先争优活动进行动员部署。\n"
        "一、统一思想，提高认识\n"
        "县委书记柳建国同志在全县动员大会上对活动提出了明确要求。"
        "开展创先争优活动，是加强基层党组织建设的重要举措。\n"
        "二、加强领导，狠抓落实\n"
        "按照县委统一部署，我镇各级党组织要切实加强组织领导。枫垭村党总支要发挥示范作用。"
        "全镇党员要立足岗位创先争优。\n", encoding="utf-8")
    (folder / "乙.txt").write_text(
        "在创先争优活动动员大会上的讲话\n同志们：\n"
        "一、统一思想，提高认识\n开展创先争优活动，是推动科学发展的必然要求。\n", encoding="utf-8")
    out = tmp_path / "c.yaml"
    proc = _run("mine", str(folder), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    lines = {line.strip().split("：", 1)[0]: line.strip() for line in proc.stdout.splitlines() if ".txt：" in line}
    first, second = lines["甲.txt"], lines["乙.txt"]
    assert "删去 2 句（" in first and "领导人讲话（时代限定） 1" in first and "单位名称 1" in first
    assert "本单位自称" in first and "上级党委" in first
    assert second == "乙.txt：无替换，未删句子"
    written = out.read_text(encoding="utf-8")
    assert f"#   {first}" in written and f"#   {second}" in written
    entries = yaml.safe_load(written)
    text = "".join(e["text"] + e.get("title", "") for e in entries if "甲.txt" in str(e["source"]))
    own = text.count("{{ own }}")
    assert f"本单位自称 {own}" in first and own >= 2
    for name in ("柳建国", "枫垭", "棠溪"):
        assert name not in written.split("\n- ", 1)[1]  # not in any candidate
