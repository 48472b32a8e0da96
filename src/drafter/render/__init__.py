"""Renderers: the document model → .docx (python-docx), plain text, Markdown."""
