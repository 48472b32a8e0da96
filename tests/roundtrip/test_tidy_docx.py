"""The .docx says only true things about itself and every style is in the house fonts."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from drafter.project.new import new_draft

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    folder = tmp_path_factory.mktemp("tidy") / "稿"
    result = new_draft(org="school", themes=["创先争优"], out=folder, date="2026-05-08", unit="青山市第一中学")
    return zipfile.ZipFile(result.output_path)


def styles(package: zipfile.ZipFile) -> dict[str, etree._Element]:
    root = etree.fromstring(package.read("word/styles.xml"))
    return {s.find(W + "name").get(W + "val"): s for s in root.iter(W + "style")}


def east_asia(style: etree._Element) -> str | None:
    fonts = style.find(f"{W}rPr/{W}rFonts")
    return None if fonts is None else fonts.get(W + "eastAsia")


def test_no_style_has_theme_fonts_or_colours(package: zipfile.ZipFile) -> None:
    for name, st in styles(package).items():
        fonts = st.find(f"{W}rPr/{W}rFonts")
        if fonts is not None:
            assert not any(k.endswith("Theme") for k in (etree.QName(a).localname for a in fonts.attrib)), name
        assert st.find(f"{W}rPr/{W}color") is None, name


def test_lower_headings_and_linked_styles_follow_the_house_fonts(package: zipfile.ZipFile) -> None:
    st = styles(package)
    assert east_asia(st["heading 3"]) == east_asia(st["heading 4"]) == "仿宋_GB2312"
    assert east_asia(st["Heading 1 Char"]) == east_asia(st["heading 1"]) == "黑体"
    assert east_asia(st["Heading 2 Char"]) == east_asia(st["heading 2"]) == "楷体_GB2312"
    size = st["Heading 1 Char"].find(f"{W}rPr/{W}sz")
    assert size is not None and size.get(W + "val") == "32"


def test_app_properties_name_drafter(package: zipfile.ZipFile) -> None:
    app = package.read("docProps/app.xml").decode("utf-8")
    assert re.search(r"<Application>drafter [\d.]+</Application>", app)
    assert "Microsoft" not in app and "<Pages>" not in app and "Template" not in app


def test_no_last_printed_date_and_no_thumbnail(package: zipfile.ZipFile) -> None:
    assert b"lastPrinted" not in package.read("docProps/core.xml")
    assert not any("thumbnail" in n for n in package.namelist())
    assert b"thumbnail" not in package.read("_rels/.rels")
    assert not any("stylesWithEffects" in n for n in package.namelist())


def test_font_table_lists_the_chinese_fonts(package: zipfile.ZipFile) -> None:
    root = etree.fromstring(package.read("word/fontTable.xml"))
    fonts = {f.get(W + "name"): f for f in root.iter(W + "font")}
    for name in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"):
        assert name in fonts
        assert fonts[name].find(W + "charset").get(W + "val") == "86"
    assert fonts["仿宋_GB2312"].find(W + "altName").get(W + "val") == "仿宋"


def test_every_font_the_styles_name_is_in_the_font_table(package: zipfile.ZipFile) -> None:
    table = {f.get(W + "name") for f in etree.fromstring(package.read("word/fontTable.xml")).iter(W + "font")}
    used = {east_asia(s) for s in styles(package).values()} - {None}
    assert used <= table
