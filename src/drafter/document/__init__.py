"""The document: one model (model.py) that the composer builds from markup (markup.py), the readers
fill from .docx/.txt/.md files (read.py), the renderers (drafter.render) write, and `check` runs on."""
