"""The draft opens in an office suite: LibreOffice converts it to a PDF of several pages."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from drafter.project import Result

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice is not installed here")
def test_libreoffice_converts_the_draft_to_pdf(filled_draft: Result, tmp_path: Path) -> None:
    assert SOFFICE, "CI must have LibreOffice (see .ci/run)"
    out = tmp_path / "pdf"
    profile = tmp_path / "profile"
    r = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(filled_draft.output_path)],
        capture_output=True, text=True, timeout=180,
    )
    pdfs = list(out.glob("*.pdf"))
    assert pdfs, r.stdout + r.stderr
    data = pdfs[0].read_bytes()
    assert data.startswith(b"%PDF")
    pages = _page_count(pdfs[0], data)
    assert pages >= 2
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-l", "1", str(pdfs[0]), "-"], capture_output=True, text=True).stdout
        assert "青山市第一中学" in text.replace("\n", "") and "同志们" in text


def _page_count(path: Path, data: bytes) -> int:
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        for line in info.splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
    return data.count(b"/Type /Page") - data.count(b"/Type /Pages")
