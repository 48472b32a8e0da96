"""The baseline a user could write instead of drafter: python-docx, the same paragraphs, no styling.

Usage: python bare_docx.py SPEECH.txt OUT.docx"""

import sys

from docx import Document

document = Document()
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        if line.strip():
            document.add_paragraph(line.rstrip("\n"))
document.save(sys.argv[2])
