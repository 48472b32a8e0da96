"""The other baseline: docxtpl (Jinja inside a Word template) rendering the same paragraphs.

Usage: python docxtpl_render.py TEMPLATE.docx SPEECH.txt OUT.docx
The template (one paragraph looped over the speech's paragraphs) is made once by run.py."""

import sys

from docxtpl import DocxTemplate

template = DocxTemplate(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as fh:
    paragraphs = [line.rstrip("\n") for line in fh if line.strip()]
template.render({"paragraphs": paragraphs})
template.save(sys.argv[3])
