"""drafter new: a draft folder with params.yaml and the first draft."""

from __future__ import annotations

import datetime as dt
import zlib
from functools import partial
from pathlib import Path
from typing import Any

from drafter.project.review import review
from drafter.compose import compose, resolve
from drafter.document.model import LINE_BREAK
from drafter.errors import OutputError
from drafter.files import FolderLock, backup, check_not_open, ensure_folder, safe_filename, write_atomic
from drafter.params import PARAMS_NAME, SCHEMA, Params, dump_params, parse_date
from drafter.project import Result
from drafter.project.write import read_back, user_phrasebank, write_docx
from drafter.textutil import format_length

_SEED_RANGE = tuple(int(x) for x in SCHEMA["seed"][1].split(":")[1:])


def default_seed(unit: str | None) -> int:
    """Without a seed, the unit's name decides the wording: two units asking alike get different drafts."""
    return zlib.crc32(unit.encode("utf-8")) % 10000 if unit else 1


def new_draft(
    *, org: str, themes: list[str] | tuple[str, ...], role: str = "secretary", out: Path | None = None,
    date: str | None = None, minutes: int | None = None, seed: int | None = None, unit: str | None = None,
    speaker: str | None = None, force: bool = False, today: dt.date | None = None, phrasebank: Path | None = None,
    secretary: str | None = None, before: str | None = None, documents: list[str] | tuple[str, ...] = (),
) -> Result:
    """Create DIR/params.yaml and the draft. Never overwrites an existing draft unless `force` (then backs it up)."""
    from drafter.params import clean_text, parse_int

    notes: list[str] = []
    values: dict[str, Any] = {"org": org, "theme": tuple(themes), "role": role}
    values["date"] = parse_date(date, None, ("--date",)) if date else (today or dt.date.today())
    if minutes is not None:
        values["minutes"] = parse_int(minutes, 5, 40, None, ("--minutes",))
    if unit:
        values["unit"] = clean_text(None, ("--unit",), unit, notes)
    if speaker:
        values["speaker"] = clean_text(None, ("--speaker",), speaker, notes)
    if secretary:
        values["secretary"] = clean_text(None, ("--secretary",), secretary, notes)
    if before:
        values["before"] = clean_text(None, ("--before",), before, notes)
    if documents:
        values["documents"] = tuple((clean_text(None, ("--document",), d, notes), None) for d in documents if d.strip())
    # Without --seed, the (cleaned) unit name decides the wording: two units asking alike get different drafts.
    # The same range params.yaml accepts (params.SCHEMA), so `render` never refuses what `new` wrote.
    values["seed"] = parse_int(seed, _SEED_RANGE[0], _SEED_RANGE[1], None, ("--seed",)) if seed is not None else default_seed(values.get("unit"))
    # An unknown org type, theme or role is refused here, before anything is written.
    request = resolve(Params(**values), bank=user_phrasebank(phrasebank))
    theme_t = request.theme
    folder = out or Path(f"{theme_t.name if len(theme_t.parts) == 1 else '+'.join(theme_t.parts)}-{request.org.key}")
    params_path = folder / PARAMS_NAME
    existing = [p for p in [params_path, *folder.glob("*.docx")] if p.exists() and not p.name.startswith("~$")]
    if existing and not force:
        raise OutputError(
            f"文件夹 {folder} 中已有讲话稿或参数文件（{existing[0].name}），为避免覆盖，没有写入。",
            hint=f"修改后请运行  drafter render {folder}；确需重新生成请加 --force（原文件会备份为 .bak），或用 --out 换一个文件夹。",
        )
    # Compose before touching the disk: a bad phrasebank or template leaves no empty folder behind.
    built = compose(request)
    notes += built.notes
    path = folder / f"{safe_filename(built.document.title.replace(LINE_BREAK, ''))}.docx"
    check_not_open(path)
    ensure_folder(folder)
    with FolderLock(folder):
        for old in existing:
            notes.append(f"已备份：{old.name} → {backup(old).name}")
        # The draft first: if Word refuses the write, params.yaml is still the user's previous one.
        write_docx(built, path, folder, bank_path=phrasebank)
        write_atomic(params_path, dump_params(built.params, built.previews).encode("utf-8"))
    summary = format_length(built.chars, built.params.rate, built.params.minutes)
    return Result(folder, params_path, path, summary, notes=notes, document=built.document, review=review(path, partial(read_back, built, folder, path), built.params))
