"""`drafter doctor`: is this computer ready? Python libraries, drafter's own data, the fonts the
styles name, LibreOffice for PDF export. Returns a report; the CLI prints it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from drafter.errors import DrafterError

FONTS_NAME = "fonts.yaml"
# Where LibreOffice usually lives when it is not on PATH (Windows installers do not add it).
_SOFFICE_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
)


@dataclass(frozen=True)
class Check:
    """One line of the report."""

    topic: str  # what was checked, e.g. "python-docx" or "字体 黑体"
    ok: bool
    detail: str  # in Chinese: the version found, or what is missing and what that means
    essential: bool = False  # without it drafter cannot make a draft at all


@dataclass
class Report:
    """All checks, in the order they were made."""

    checks: list[Check] = field(default_factory=list)

    @property
    def failures(self) -> list[Check]:
        """Essentials missing: drafter cannot work."""
        return [c for c in self.checks if c.essential and not c.ok]

    @property
    def warnings(self) -> list[Check]:
        """Non-essentials missing: drafts work, but look or export differently."""
        return [c for c in self.checks if not c.essential and not c.ok]


@dataclass(frozen=True)
class FontSpec:
    """A font a style names, what it is used for, and what can replace it."""

    font: str
    used_for: str
    fallbacks: tuple[str, ...]


def check_environment(
    *, fonts: set[str] | None = None, find_soffice: Callable[[], str | None] | None = None,
) -> Report:
    """Run every check. `fonts` (installed names, lower case) and `find_soffice` replace the real
    look-ups in tests."""
    report = Report()
    report.checks += _check_python()
    report.checks += _check_data()
    report.checks += _check_fonts(fonts if fonts is not None else installed_fonts())
    report.checks.append(_check_soffice((find_soffice or find_libreoffice)()))
    return report


def _check_python() -> list[Check]:
    checks = [Check("Python", sys.version_info >= (3, 10), f"{sys.version.split()[0]}（需要 3.10 或更高）", True)]
    for module, dist in (("docx", "python-docx"), ("jinja2", "Jinja2"), ("yaml", "PyYAML"), ("typer", "typer")):
        try:
            __import__(module)
        except Exception as exc:  # a broken install raises more than ImportError
            checks.append(Check(dist, False, f"无法导入（{exc}）。请运行  pip install {dist}", True))
            continue
        checks.append(Check(dist, True, _version(dist), True))
    return checks


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "已安装"


def _check_data() -> list[Check]:
    """drafter's own data files load and pass their schema."""
    from drafter.domain import load_calendar, load_orgs, load_themes
    from drafter.phrasebank import load_phrasebank

    checks = []
    for topic, load in (("语料库", load_phrasebank), ("组织类型", load_orgs), ("活动主题", load_themes),
                        ("时代背景", load_calendar), ("字体表", load_font_specs)):
        try:
            load()
        except DrafterError as exc:
            checks.append(Check(topic, False, exc.render(), True))
            continue
        checks.append(Check(topic, True, "正常", True))
    return checks


def load_font_specs(folder: Path | None = None) -> tuple[tuple[FontSpec, ...], str, dict[str, tuple[str, ...]]]:
    """templates/fonts.yaml → (style fonts, Word's usual substitute, every name of each font)."""
    from drafter.data import templates_dir
    from drafter.yamlio import load_yaml

    loc = load_yaml((folder or templates_dir()) / FONTS_NAME, "字体表")
    data = loc.data
    if not isinstance(data, dict) or not isinstance(data.get("styles"), list) or not data.get("substitute"):
        raise loc.error((), "字体表应当包含 styles（列表）、substitute 和 names 三项。")
    specs = []
    for i, s in enumerate(data["styles"]):
        if not isinstance(s, dict) or not s.get("font") or not isinstance(s.get("fallbacks", []), list):
            raise loc.error(("styles", i), f"styles 第 {i + 1} 项应写成 {{font: 字体名, used_for: 用途, fallbacks: [替代字体]}}。")
        specs.append(FontSpec(str(s["font"]), str(s.get("used_for") or ""), tuple(str(f) for f in s.get("fallbacks") or [])))
    names: dict[str, tuple[str, ...]] = {}
    for font, spec in (data.get("names") or {}).items():
        spec = spec if isinstance(spec, dict) else {}
        names[str(font)] = tuple(str(x) for x in [*(spec.get("aliases") or []), *(spec.get("files") or [])])
    return tuple(specs), str(data["substitute"]), names


def _check_fonts(installed: set[str] | None) -> list[Check]:
    specs, substitute, names = load_font_specs()
    if installed is None:
        return [Check("字体", False, "无法列出本机已安装的字体，跳过字体检查。")]

    def has(font: str) -> bool:
        return any(n.lower() in installed for n in (font, *names.get(font, ())))

    checks = []
    for spec in specs:
        if has(spec.font):
            checks.append(Check(f"字体 {spec.font}", True, f"已安装（{spec.used_for}）"))
            continue
        usable = next((f for f in spec.fallbacks if has(f)), None)
        advice = (f"建议安装该字体，或在 Word/WPS 中把样式字体改为已安装的“{usable}”。" if usable
                  else "建议安装该字体。")
        checks.append(Check(
            f"字体 {spec.font}", False,
            f"未安装（{spec.used_for}）：Word/WPS 打开时会自动用替代字体"
            f"{'' if spec.font == substitute else f'（通常是{substitute}）'}显示，"
            f"排版与正式公文会有差别。{advice}",
        ))
    return checks


def _check_soffice(path: str | None) -> Check:
    if path:
        return Check("LibreOffice", True, f"已安装：{path}（可导出 PDF）")
    return Check("LibreOffice", False, "未找到：不能导出 PDF，生成和编辑 Word 稿不受影响。需要 PDF 时可安装 LibreOffice，或在 Word/WPS 中“另存为 PDF”。")


def find_libreoffice() -> str | None:
    """The soffice program: on PATH, or where the installers usually put it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((p for p in _SOFFICE_PATHS if Path(p).is_file()), None)


def installed_fonts() -> set[str] | None:
    """Lower-case family names and file names of the installed fonts; None if they cannot be listed."""
    if sys.platform == "win32":
        return _windows_fonts()
    found = _fc_list()
    if sys.platform == "darwin":
        found = (found or set()) | _font_files(
            [Path("/Library/Fonts"), Path("/System/Library/Fonts"), Path.home() / "Library" / "Fonts"])
    return found


def _fc_list() -> set[str] | None:
    """Family names from fontconfig (each family line may hold several names, comma-separated)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, ":", "family", "file"], capture_output=True, text=True, encoding="utf-8",
                             errors="replace", timeout=30, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    names: set[str] = set()
    for line in out.splitlines():
        file, _, families = line.partition(":")
        names.add(Path(file.strip()).name.lower())
        names.update(f.strip().lower() for f in families.split(",") if f.strip())
    return names


def _windows_fonts() -> set[str]:
    """Registered font names and font files, for all users and the current user."""
    names: set[str] = set()
    windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
    local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
    names |= _font_files([windir / "Fonts", local])
    try:
        import importlib

        winreg: Any = importlib.import_module("winreg")  # Windows only; Any: typeshed has it only there
    except ImportError:
        return names
    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    for root in (winreg.HKEY_LOCAL_MACHINE, winreg.HKEY_CURRENT_USER):
        try:
            with winreg.OpenKey(root, key_path) as key:
                for i in range(winreg.QueryInfoKey(key)[1]):
                    value_name, data, _kind = winreg.EnumValue(key, i)
                    names.update(_registry_names(str(value_name)))
                    names.add(Path(str(data)).name.lower())
        except OSError:
            continue
    return names


def _registry_names(value_name: str) -> list[str]:
    """'Microsoft YaHei & Microsoft YaHei UI (TrueType)' → ['microsoft yahei', 'microsoft yahei ui']."""
    base = value_name.split(" (")[0]
    return [n.strip().lower() for n in base.split("&") if n.strip()]


def _font_files(folders: list[Path]) -> set[str]:
    names: set[str] = set()
    for folder in folders:
        try:
            names.update(p.name.lower() for p in folder.iterdir())
        except OSError:
            continue
    return names
