"""`drafter doctor`: a report of what is installed; fonts and LibreOffice are warnings, not failures."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.doctor import Check, Report, _registry_names, check_environment

ALL_FONTS = {"方正小标宋简体", "fangsong_gb2312", "kaiti_gb2312", "simhei", "simsun"}


def _fonts(report: Report) -> dict[str, Check]:
    return {c.topic.removeprefix("字体 "): c for c in report.checks if c.topic.startswith("字体 ")}


def test_all_style_fonts_found_by_any_of_their_names() -> None:
    report = check_environment(fonts=ALL_FONTS, find_soffice=lambda: "/usr/bin/soffice")

    assert not report.failures and not report.warnings
    assert set(_fonts(report)) == {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"}


def test_font_found_by_its_file_name() -> None:
    report = check_environment(fonts={"fzxbsjw.ttf"}, find_soffice=lambda: None)

    assert _fonts(report)["方正小标宋简体"].ok


@pytest.mark.parametrize("installed, font, advice", [
    (set(), "仿宋_GB2312", "通常是宋体"),
    ({"fangsong"}, "仿宋_GB2312", "已安装的“仿宋”"),
    ({"simkai.ttf"}, "楷体_GB2312", "已安装的“楷体”"),
    ({"stzhongsong"}, "方正小标宋简体", "已安装的“华文中宋”"),
])
def test_missing_font_is_a_warning_naming_the_substitute(installed: set[str], font: str, advice: str) -> None:
    report = check_environment(fonts=installed, find_soffice=lambda: None)

    check = _fonts(report)[font]
    assert not check.ok and not check.essential
    assert "未安装" in check.detail and advice in check.detail
    assert not report.failures


def test_missing_libreoffice_is_a_warning() -> None:
    report = check_environment(fonts=ALL_FONTS, find_soffice=lambda: None)

    [warning] = report.warnings
    assert warning.topic == "LibreOffice" and "PDF" in warning.detail


def test_windows_registry_names() -> None:
    assert _registry_names("Microsoft YaHei & Microsoft YaHei UI (TrueType)") == ["microsoft yahei", "microsoft yahei ui"]
    assert _registry_names("仿宋_GB2312 (TrueType)") == ["仿宋_gb2312"]


@pytest.mark.parametrize("checks, args, code", [
    ([Check("LibreOffice", False, "未找到")], [], 0),
    ([Check("LibreOffice", False, "未找到")], ["--strict"], 1),
    ([Check("python-docx", False, "无法导入", essential=True)], [], 1),
    ([Check("python-docx", True, "1.2.0", essential=True)], ["--strict"], 0),
])
def test_doctor_exit_codes(monkeypatch: pytest.MonkeyPatch, checks: list[Check], args: list[str], code: int) -> None:
    monkeypatch.setattr("drafter.doctor.check_environment", lambda: Report(list(checks)))

    result = CliRunner().invoke(app, ["doctor", *args])

    assert result.exit_code == code, result.output
    assert checks[0].topic in result.output and "结论" in result.output
