"""new / render: params → plan → template → document model → .docx / text, with a record of what was written."""

from __future__ import annotations

import datetime as dt
import json
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from drafter import __version__
from drafter.domain import resolve_org, resolve_role, resolve_theme
from drafter.errors import InputError, OutputError
from drafter.files import backup, check_not_open, ensure_folder, file_sha256, free_name, safe_filename, sha256, write_atomic
from drafter.compose import Built, compose
from drafter.model import LINE_BREAK, Document
from drafter.params import (
    PARAMS_NAME, Outline, Params, Point, Section, dump_outline, dump_params, params_from_located, parse_date,
)
from drafter.phrasebank import Phrasebank, load_phrasebank
from drafter.textutil import format_length
from drafter.yamlio import Located, load_yaml

STATE_NAME = ".drafter-state.json"
_PROP_MAX = 255
FORMATS = ("docx", "md", "txt")


@dataclass
class Result:
    """What a command produced, for the CLI to report."""

    folder: Path
    params_path: Path
    output_path: Path | None
    summary: str
    text: str | None = None
    notes: list[str] = field(default_factory=list)
    document: Document | None = None
    review: str | None = None  # the one-line check summary of the draft


# drafter's own drafts are checked in process, without the foreign-names rule: their text comes from
# params (the user's own names) and the phrasebank, which is de-identified and tested to hold no proper
# name. A unit's own phrasebank is not, so with one the names rule runs too (it loads a tokenizer: ~2 s).
OWN_DRAFT_SKIP = frozenset({"names.foreign"})


def review_draft(built: Built, folder: Path, *, user_bank: bool = False, path: Path | None = None) -> str:
    """Check a composed draft and return the one-line summary `new` and `render` print
    (the counts only: the length line is printed beside it already).

    The result is cached by everything it depends on (the text, the facts taken from params, the
    rule files and the checker's code): re-rendering an unchanged text costs no second check."""
    from drafter.cache import cached
    from drafter.render.text import to_text

    text = to_text(built.document)
    skip = frozenset() if user_bank else OWN_DRAFT_SKIP
    p = built.params
    facts = (p.unit, p.speaker, p.speaker_title, p.meeting, p.superior, p.secretary, p.date.isoformat(), p.minutes, p.rate)
    material = repr((text, facts, sorted(skip), _review_inputs(folder))).encode("utf-8")

    def run() -> tuple[str, bool]:
        from drafter.check import review_text

        line, report = review_text(text, params=p, folder=folder, skip=skip)
        return line.split("；")[0], bool(report.findings)

    line, found = cached("review", material, run)
    if found:
        line += f"（详见  drafter check {path}）" if path is not None else "（详见 drafter check）"
    return line


def _review_inputs(folder: Path) -> tuple[object, ...]:
    """What else a check's result depends on: the rule files (built-in and the unit's check.yaml)
    and the checker's own code, by size and modification time."""
    from drafter.cache import file_stamp
    from drafter.data import templates_dir

    code = Path(__file__).resolve().parent
    files = [*sorted((code / "check").rglob("*.py")), code / "readers.py", code / "dates.py",
             *sorted((templates_dir() / "check").glob("*.yaml")), templates_dir() / "eras.yaml", folder / "check.yaml"]
    return tuple(file_stamp(f) for f in files)


def user_phrasebank(path: Path | None) -> Phrasebank | None:
    """The packaged phrasebank plus a unit's own (`--phrasebank`), whose entries win on equal ids;
    None means the packaged one alone. Validated like the packaged one: bad entries are named."""
    from drafter.phrasebank import phrasebank_from_located

    if path is None:
        return None
    from drafter.yamlio import MAX_PHRASEBANK_BYTES

    own = phrasebank_from_located(load_yaml(path, "语料库文件", max_bytes=MAX_PHRASEBANK_BYTES))
    ids = {p.id for p in own.phrases}
    packaged = [p for p in load_phrasebank().phrases if p.id not in ids]
    return Phrasebank(own.phrases + tuple(packaged), own.path)


# ---------------------------------------------------------------- new

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
    org_t = resolve_org(org)
    theme_t = resolve_theme(list(themes))
    role_k = resolve_role(role)
    from drafter.params import clean_text, parse_int

    notes: list[str] = []
    values: dict[str, Any] = {"org": org_t.key, "theme": theme_t.parts, "role": role_k}
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
    values["seed"] = seed if seed is not None else default_seed(values.get("unit"))
    params = Params(**values)

    folder = out or Path(f"{theme_t.name if len(theme_t.parts) == 1 else '+'.join(theme_t.parts)}-{org_t.key}")
    params_path = folder / PARAMS_NAME
    existing = [p for p in [params_path, *folder.glob("*.docx")] if p.exists() and not p.name.startswith("~$")]
    if existing and not force:
        raise OutputError(
            f"文件夹 {folder} 中已有讲话稿或参数文件（{existing[0].name}），为避免覆盖，没有写入。",
            hint=f"修改后请运行  drafter render {folder}；确需重新生成请加 --force（原文件会备份为 .bak），或用 --out 换一个文件夹。",
        )
    # Compose before touching the disk: a bad phrasebank or template leaves no empty folder behind.
    bank = user_phrasebank(phrasebank)
    built = compose(params, bank=bank)
    notes += built.notes
    path = folder / f"{safe_filename(built.document.title.replace(LINE_BREAK, ''))}.docx"
    check_not_open(path)
    ensure_folder(folder)
    for old in existing:
        notes.append(f"已备份：{old.name} → {backup(old).name}")
    # The draft first: if Word refuses the write, params.yaml is still the user's previous one.
    _write_docx(built, path, folder, bank_path=phrasebank)
    write_atomic(params_path, dump_params(built.params, built.previews).encode("utf-8"))
    summary = format_length(built.chars, built.params.rate, built.params.minutes)
    return Result(folder, params_path, path, summary, notes=notes, document=built.document,
                  review=review_draft(built, folder, user_bank=phrasebank is not None, path=path))


# ---------------------------------------------------------------- render

def locate_params(target: Path) -> Path:
    """A draft folder or its params.yaml → the params.yaml path."""
    if target.is_dir():
        path = target / PARAMS_NAME
        if not path.exists():
            raise InputError(f"文件夹 {target} 中没有 {PARAMS_NAME}。", hint="先用 drafter new 新建讲话稿，或指定 params.yaml 的路径。")
        return path
    if not target.exists():
        raise InputError(f"找不到 {target}。", hint="请指定讲话稿文件夹或其中的 params.yaml。")
    if target.suffix.lower() in (".docx", ".doc", ".wps"):
        raise InputError(
            f"{target} 是 Word 文件，不是参数文件。",
            hint=f"drafter render 要的是讲话稿文件夹或其中的 params.yaml，如  drafter render {target.parent}",
        )
    return target


def render_draft(target: Path, *, fmt: str = "docx", output: Path | None = None, phrasebank: Path | None = None) -> Result:
    """Re-render a draft after params.yaml was edited. Never overwrites a .docx the user changed.
    Without `phrasebank`, the one given to `new` (recorded in the state file) is used again."""
    if fmt not in FORMATS:
        raise InputError(f"不支持的输出格式“{fmt}”。可选：{'、'.join(FORMATS)}。")
    params_path = locate_params(target)
    folder = params_path.parent
    loc = load_yaml(params_path, "参数文件", cached=True)
    params = params_from_located(loc)
    _check_names(params, loc)
    _check_style_docx(params, folder, loc)
    state = _read_state(folder)
    if params.outline is not None and state.get("outline") == _outline_json(params.outline) and state.get("plan_inputs") != params.plan_inputs():
        # The user changed minutes/seed/org… but not the outline drafter wrote: plan again.
        params = replace(params, outline=None)
    phrasebank = phrasebank or _recorded_phrasebank(state)
    built = compose(params, base_dir=folder, loc=loc, bank=user_phrasebank(phrasebank))
    summary = format_length(built.chars, built.params.rate, built.params.minutes)
    result = Result(folder, params_path, output, summary, notes=[*loc.warnings, *built.notes], document=built.document)
    if fmt in ("md", "txt"):
        from drafter.render.text import to_markdown, to_text

        text = to_markdown(built.document) if fmt == "md" else to_text(built.document)
        if output is None:
            result.text = text
        else:
            write_atomic(output, text.encode("utf-8"))
    else:
        result.output_path = _render_docx(built, output, folder, state, phrasebank, loc, result.notes)
    result.review = review_draft(built, folder, user_bank=phrasebank is not None, path=result.output_path)
    # After the draft, so that a refused write leaves params.yaml as the user left it.
    if built.replanned:
        _update_outline_block(params_path, loc.text, built)
        result.notes.append("已按新的参数重新生成提纲，并写回 params.yaml 的 outline 部分。")
    return result


def _render_docx(built: Built, output: Path | None, folder: Path, state: dict[str, Any], phrasebank: Path | None,
                 loc: Located, notes: list[str]) -> Path:
    """Write the .docx where it keeps the user's edits; the path written."""
    path = output or folder / f"{safe_filename(built.document.title.replace(LINE_BREAK, ''))}.docx"
    path, more = _choose_docx_path(path, folder, state, explicit=output is not None)
    notes += more
    check_not_open(path)
    try:
        _write_docx(built, path, folder, previous=state, bank_path=phrasebank)
    except InputError as exc:
        if exc.path is not None:
            raise
        raise loc.error(("style_docx",), exc.message, hint=exc.hint) from exc  # the unit's .docx is no Word file
    return path


def _recorded_phrasebank(state: dict[str, Any]) -> Path | None:
    """The unit phrasebank `new` was given, as recorded in the state file."""
    if not state.get("phrasebank"):
        return None
    path = Path(state["phrasebank"])
    if not path.is_file():
        raise InputError(
            f"找不到生成这份讲话稿时使用的语料库：{path}",
            hint="如果语料库换了位置，请用  --phrasebank 新路径  指定。",
        )
    return path


def _check_names(params: Params, loc: Located) -> None:
    """An unknown org / theme / role in params.yaml: the command line's message, plus file and line."""
    for key, resolve in (("org", resolve_org), ("theme", resolve_theme), ("role", resolve_role)):
        try:
            resolve(getattr(params, key))
        except InputError as exc:
            raise loc.error((key,), exc.message, hint=exc.hint) from exc


def _check_style_docx(params: Params, folder: Path, loc: Located) -> None:
    """The unit's own Word template named in params.yaml exists (pointing at the line if not)."""
    if not params.style_docx:
        return
    path = _style_path(params.style_docx, folder)
    try:
        found = path.is_file()
    except OSError:  # e.g. a name longer than the file system allows
        found = False
    if not found:
        raise loc.error(
            ("style_docx",), f"找不到 style_docx 指定的 Word 模板：{path}",
            hint="路径相对于 params.yaml 所在的文件夹；留空则使用 drafter 的标准公文样式。",
        )


def _style_path(value: str, folder: Path) -> Path:
    path = Path(value)
    return path if path.is_absolute() else folder / path


def _choose_docx_path(path: Path, folder: Path, state: dict[str, Any], explicit: bool) -> tuple[Path, list[str]]:
    """Keep the user's edits: a .docx changed since drafter wrote it is never overwritten."""
    written = state.get("docx") or {}
    if not path.exists() or _ours(path, written):
        return path, []
    kept = f"{path.name} 在生成后被修改过（或不是 drafter 写的），为保留您的修改，"
    prev = folder / str(written.get("name") or "")
    if not explicit and written.get("name") and prev != path and prev.exists() and _ours(prev, written):
        # Already diverted to …-2.docx last time and untouched since: keep using it, not -3, -4 …
        return prev, [kept + f"新稿仍写在 {prev.name}。"]
    new = free_name(path)
    return new, [kept + f"新稿另存为 {new.name}。"]


def _ours(path: Path, written: dict[str, Any]) -> bool:
    """Whether `path` is exactly the .docx drafter wrote last (same name, same bytes)."""
    return written.get("name") == path.name and file_sha256(path) == written.get("sha256")


def docx_bytes(built: Built, folder: Path) -> bytes:
    """The .docx of a composed draft. Shared by new, render and batch, so equal params give equal bytes."""
    from drafter.render.docx import DocMeta, build_docx

    p = built.params
    base = _style_path(p.style_docx, folder) if p.style_docx else None
    meta = DocMeta(
        # Word's document properties hold at most 255 characters (python-docx refuses more).
        title=built.document.title.replace(LINE_BREAK, "")[:_PROP_MAX],
        author=" ".join(p.speaker.split())[:_PROP_MAX] if p.speaker else "",
        date=p.date,
        page_number=p.page_number,
        keywords="、".join(p.theme)[:_PROP_MAX],
        description=f"drafter {__version__} 生成；seed={p.seed}",
    )
    return build_docx(built.document, meta, base)


def _write_docx(built: Built, path: Path, folder: Path, previous: dict[str, Any] | None = None, bank_path: Path | None = None) -> None:
    p = built.params
    data = docx_bytes(built, folder)
    write_atomic(path, data)
    # The previous draft, if drafter wrote it and nobody touched it, is replaced by the new name.
    old = (previous or {}).get("docx") or {}
    if old.get("name") and old["name"] != path.name:
        old_path = folder / old["name"]
        if old_path.exists() and file_sha256(old_path) == old.get("sha256"):
            try:
                old_path.unlink()
            except OSError:
                pass  # open in Word: the stale copy simply stays, nothing is lost
    state = {
        "drafter": __version__,
        "docx": {"name": path.name, "sha256": sha256(data)},
        "plan_inputs": p.plan_inputs(),
        "outline": _outline_json(p.outline) if p.outline else None,
        "phrasebank": str(bank_path.resolve()) if bank_path else None,
    }
    write_atomic(folder / STATE_NAME, json.dumps(state, ensure_ascii=False, indent=1).encode("utf-8"))


def _read_state(folder: Path) -> dict[str, Any]:
    """The state file, or {} if missing or damaged. A damaged record only means drafter no longer
    recognises its own .docx, so the next draft goes to a new name: safe, never an error."""
    try:
        data = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    docx = data.get("docx")
    if not isinstance(docx, dict) or not all(isinstance(docx.get(k), str) for k in ("name", "sha256")):
        data["docx"] = {}
    if not isinstance(data.get("phrasebank"), (str, type(None))):
        data["phrasebank"] = None
    return data


def _outline_json(outline: Outline) -> Any:
    def point(p: Point) -> Any:
        return p.ref if p.ref else {"title": p.title, "text": p.text}

    def section(s: Section) -> Any:
        return {"key": s.key, "heading": s.heading, "intro": s.intro, "points": [point(p) for p in s.points]}

    return {"opening": list(outline.opening), "sections": [section(s) for s in outline.sections], "closing": list(outline.closing)}


def _update_outline_block(params_path: Path, text: str, built: Built) -> None:
    """Replace only the outline block (drafter's part, unedited) at the end of params.yaml."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith("outline:")), None)
    head = lines if start is None else lines[:start]
    new = "\n".join(head + dump_outline(built.params.outline, built.previews)) + "\n"  # type: ignore[arg-type]
    write_atomic(params_path, new.encode("utf-8"))
