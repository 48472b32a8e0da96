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
from drafter.compose import Built, compose
from drafter.files import (
    HIDDEN, FolderLock, backup, check_not_open, ensure_folder, file_sha256, free_name, safe_filename, sha256, write_atomic,
)
from drafter.model import LINE_BREAK, Document
from drafter.params import (
    PARAMS_NAME, SCHEMA, Outline, Params, Point, Section, dump_outline, dump_params, params_from_located, parse_date,
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


def review_file(path: Path) -> str:
    """The one-line summary of `drafter check FILE` on a written draft (the same rules, the same
    params.yaml beside it), for drafts whose format or text is not drafter's alone."""
    from drafter.check import check_file, summary_line

    report = check_file(path)
    line = summary_line(report).split("；")[0]
    return line + (f"（详见  drafter check {path}）" if report.findings else "")


def _is_pure(path: Path, folder: Path) -> bool:
    """Whether `path` is exactly a draft drafter rendered (no user edits merged in)."""
    digest = file_sha256(path)
    return digest is not None and _load_base(folder, digest) is not None


def _review_inputs(folder: Path) -> tuple[object, ...]:
    """What else a check's result depends on: drafter's code (the cache's one fingerprint) and the
    rule files (built-in and the unit's check.yaml), by size and modification time."""
    from drafter.cache import file_stamp, fingerprint
    from drafter.data import templates_dir

    files = [*sorted((templates_dir() / "check").glob("*.yaml")), templates_dir() / "eras.yaml", folder / "check.yaml"]
    return (fingerprint(), *(file_stamp(f) for f in files))


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
    # The same range params.yaml accepts (params.SCHEMA), so `render` never refuses what `new` wrote.
    values["seed"] = parse_int(seed, _SEED_RANGE[0], _SEED_RANGE[1], None, ("--seed",)) if seed is not None else default_seed(values.get("unit"))
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
    with FolderLock(folder):
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


def render_draft(target: Path, *, fmt: str = "docx", output: Path | None = None, phrasebank: Path | None = None,
                 merge: bool = True, accept: bool = False) -> Result:
    """Re-render a draft after params.yaml was edited. Never overwrites a .docx the user changed:
    with `merge` (the default) the user's edits and drafter's changes meet in one draft (drafter's
    as tracked changes, or applied directly with `accept`); without it the new draft goes beside.
    Without `phrasebank`, the one given to `new` (recorded in the state file) is used again."""
    if fmt not in FORMATS:
        raise InputError(f"不支持的输出格式“{fmt}”。可选：{'、'.join(FORMATS)}。")
    params_path = locate_params(target)
    folder = params_path.parent
    with FolderLock(folder):
        return _render_locked(params_path, folder, fmt, output, phrasebank, merge, accept)


def _render_locked(params_path: Path, folder: Path, fmt: str, output: Path | None, phrasebank: Path | None,
                   merge: bool, accept: bool) -> Result:
    loc = load_yaml(params_path, "参数文件", cached=True)
    params = params_from_located(loc)
    _check_names(params, loc)
    _check_style_docx(params, folder, loc)
    state = _read_state(folder)
    if params.outline is not None and state.get("outline") == _outline_json(params.outline) and state.get("plan_inputs") != params.plan_inputs():
        # The user changed minutes/seed/org… but not the outline drafter wrote: plan again.
        params = replace(params, outline=None)
    phrasebank = phrasebank or _recorded_phrasebank(state)
    if fmt in ("md", "txt") and output is not None:
        _check_text_output(output, params_path)
    built = compose(params, base_dir=folder, loc=loc, bank=user_phrasebank(phrasebank))
    summary = format_length(built.chars, built.params.rate, built.params.minutes)
    result = Result(folder, params_path, output, summary, notes=[*loc.warnings, *built.notes], document=built.document)
    if fmt in ("md", "txt"):
        from drafter.render.text import to_markdown, to_text

        text = to_markdown(built.document) if fmt == "md" else to_text(built.document)
        if output is None:
            result.text = text
        else:
            _write_text_output(output, text.encode("utf-8"), result.notes)
    else:
        result.output_path = _render_docx(built, output, folder, state, phrasebank, loc, result.notes, merge=merge, accept=accept)
    if result.output_path is not None and (built.params.style_docx or not _is_pure(result.output_path, folder)):
        # A unit's styles or the user's merged edits: the summary is `drafter check` on the real file.
        result.review = review_file(result.output_path)
    else:
        result.review = review_draft(built, folder, user_bank=phrasebank is not None, path=result.output_path)
    # After the draft, so that a refused write leaves params.yaml as the user left it.
    if built.replanned:
        if _update_outline_block(params_path, loc.text, built):
            result.notes.append("已按新的参数重新生成提纲，并写回 params.yaml 的 outline 部分。")
        else:
            result.notes.append("已按新的参数重新生成提纲；params.yaml 的写法特殊，提纲没有写回（其余内容未改动）。")
    return result


def _check_text_output(output: Path, params_path: Path) -> None:
    """`render --format md|txt -o FILE` never writes over params.yaml or a Word file."""
    try:
        same = output.exists() and output.resolve() == params_path.resolve()
    except OSError:
        same = False
    if same or output.name == PARAMS_NAME:
        raise OutputError(f"-o 指向参数文件 {output}：预览不能写在参数文件上，没有写入。", hint="请换一个文件名，如  -o 预览.md")
    if output.is_dir():
        raise OutputError(f"-o 指向的是文件夹：{output}", hint="请写出文件名，如  -o 预览.md")
    if output.suffix.lower() in (".docx", ".doc", ".wps", ".yaml", ".yml"):
        raise OutputError(f"-o {output}：纯文本/Markdown 预览不能写进 {output.suffix} 文件，没有写入。",
                          hint="请用 .md 或 .txt 作文件名。")


def _write_text_output(output: Path, data: bytes, notes: list[str]) -> None:
    """A preview file: an existing file with other content is kept as .bak first."""
    try:
        old = output.read_bytes() if output.is_file() else None
    except OSError:
        old = None
    if old == data:
        return
    if old is not None:
        notes.append(f"已备份：{output.name} → {backup(output).name}")
    write_atomic(output, data)


def _render_docx(built: Built, output: Path | None, folder: Path, state: dict[str, Any], phrasebank: Path | None,
                 loc: Located, notes: list[str], *, merge: bool = True, accept: bool = False) -> Path:
    """Write the .docx where it keeps the user's edits; the path written."""
    title_path = folder / f"{safe_filename(built.document.title.replace(LINE_BREAK, ''))}.docx"
    try:
        data = docx_bytes(built, folder)
    except InputError as exc:
        if exc.path is not None:
            raise
        raise loc.error(("style_docx",), exc.message, hint=exc.hint) from exc  # the unit's .docx is no Word file
    if output is not None and output.is_dir():
        output = output / title_path.name
    if output is not None and _same_folder(output.parent, folder) is False:
        # Elsewhere: a copy, written without touching the folder's own draft or its record.
        path, more = _choose_docx_path(output, output.parent, {}, explicit=True)
        notes += more
        check_not_open(path)
        write_atomic(path, data)
        _write_state(folder, state, built, phrasebank, docx=state.get("docx") or None)
        return path
    path = output or title_path
    written = state.get("docx") or {}
    current = folder / written["name"] if written.get("name") else None
    if merge and current is not None and current.is_file() and not _ours(current, written, folder):
        merged = _merge_into(current, built, data, path, folder, state, phrasebank, notes, accept)
        if merged is not None:
            return merged
    path, more = _choose_docx_path(path, folder, state, explicit=output is not None)
    notes += more
    check_not_open(path)
    _write_docx(built, path, folder, previous=state, bank_path=phrasebank, data=data)
    if built.params.style_docx:
        _note_missing_styles(_style_path(built.params.style_docx, folder), notes)
    return path


def _note_missing_styles(template: Path, notes: list[str]) -> None:
    """One line naming drafter's styles the unit's template lacks, and what was used instead."""
    from drafter.render.docx import STYLES, missing_styles

    names = missing_styles(template)
    if names:
        shown = {s.name: s for s in STYLES.values()}
        notes.append(f"本单位模板 {template.name} 中没有这些样式：{'、'.join(names)}；已按 drafter 的标准公文样式补上（"
                     + "，".join(f"{n}：{shown[n].east_asia} {shown[n].size_pt:g} 磅" for n in names)
                     + "）。如需本单位的样式，请在模板中建同名样式。")


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _merge_into(current: Path, built: Built, data: bytes, path: Path, folder: Path, state: dict[str, Any],
                phrasebank: Path | None, notes: list[str], accept: bool) -> Path | None:
    """Merge drafter's changes into the user's edited `current`; None when that cannot be done
    (no record of what drafter wrote, or a file that is no longer a Word document)."""
    from drafter.render.docx import STYLES
    from drafter.render.merge import merge_docx

    base = _load_base(folder, str((state.get("docx") or {}).get("base") or ""))
    if base is None:
        notes.append(f"没有找到 drafter 上次生成的底稿记录，无法与 {current.name} 合并。")
        return None
    if base == _blocks(built):
        # drafter has nothing new to say: the user's file stays exactly as it is.
        notes.append(f"新稿与上次生成的相同，{current.name} 保留您的修改，没有改动。")
        _write_state(folder, state, built, phrasebank, docx=state.get("docx") or None)
        return current
    from drafter.render.docx import validate_template

    try:
        validate_template(current, "您修改过的稿子")  # the same guards as for a unit's template: no entity passes through
        user = current.read_bytes()
        result = merge_docx(user, base, _blocks(built), style_names={k: s.name for k, s in STYLES.items()},
                            when=dt.datetime.now(dt.timezone.utc), accept=accept)
    except OSError as exc:
        raise OutputError(f"无法读取 {current}（{exc.strerror}）", hint="请检查文件权限。") from exc
    except InputError as exc:
        notes.append(f"{exc.message.split('：')[0]}，没有合并；新稿另存。")
        return None
    except Exception as exc:  # noqa: BLE001 - any damage in the user's file: keep it, write beside it
        notes.append(f"{current.name} 无法按 Word 文档读取（{type(exc).__name__}），没有合并；新稿另存。")
        return None
    if path != current and path.exists() and not _ours(path, state.get("docx") or {}, folder):
        path = free_name(path)
    check_not_open(current)
    check_not_open(path)
    _store_base(folder, built, sha256(data))
    bak = backup(current)
    write_atomic(path, result.data)
    docx = {"name": path.name, "sha256": sha256(result.data), "base": sha256(data), "merged": True}
    _write_state(folder, state, built, phrasebank, docx=docx)
    if path != current:
        try:
            current.unlink()
        except OSError:
            pass  # open elsewhere: it stays beside the merged draft, its copy is in the .bak too
    notes.append(result.summary())
    notes.append(f"您修改前的稿子已备份为 {bak.name}；合并后的稿子：{path.name}"
                 + ("" if accept else "（在 Word/WPS 的“审阅”中逐条接受或拒绝 drafter 的修订）"))
    return path


def _blocks(built: Built) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in built.document.blocks]


def _base_path(folder: Path, docx_sha: str) -> Path:
    return folder / HIDDEN / f"base-{docx_sha[:24]}.json"


def _store_base(folder: Path, built: Built, docx_sha: str) -> None:
    """Keep the paragraphs of what drafter writes (the base of the next merge), named by the
    .docx's checksum: a draft is then recognised as drafter's own by its content alone."""
    path = _base_path(folder, docx_sha)
    if path.is_file():
        return
    blob = {"docx_sha256": docx_sha, "blocks": _blocks(built)}
    write_atomic(path, json.dumps(blob, ensure_ascii=False).encode("utf-8"))
    _prune_bases(folder, keep={path.name})


def _prune_bases(folder: Path, keep: set[str], most: int = 4) -> None:
    """Only the few newest bases are kept (and the one the state names)."""
    state = _read_state(folder)
    base = str((state.get("docx") or {}).get("base") or "")
    if base:
        keep = keep | {_base_path(folder, base).name}
    try:
        files = sorted((folder / HIDDEN).glob("base-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in files[most:]:
        if old.name not in keep:
            try:
                old.unlink()
            except OSError:
                pass


def _load_base(folder: Path, docx_sha: str) -> list[tuple[str, str]] | None:
    if not docx_sha:
        return None
    try:
        blob = json.loads(_base_path(folder, docx_sha).read_text(encoding="utf-8"))
        blocks = [(str(k), str(t)) for k, t in blob["blocks"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return blocks if blob.get("docx_sha256") == docx_sha else None


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
    if not path.exists() or _ours(path, written, folder):
        return path, []
    kept = f"{path.name} 在生成后被修改过（或不是 drafter 写的），为保留您的修改，"
    prev = folder / str(written.get("name") or "")
    if not explicit and written.get("name") and prev != path and prev.exists() and _ours(prev, written, folder):
        # Already diverted to …-2.docx last time and untouched since: keep using it, not -3, -4 …
        return prev, [kept + f"新稿仍写在 {prev.name}。"]
    new = free_name(path)
    return new, [kept + f"新稿另存为 {new.name}。"]


def _ours(path: Path, written: dict[str, Any], folder: Path | None = None) -> bool:
    """Whether `path` is exactly a .docx drafter wrote and nobody changed since: by content, either
    the file the state file names (not a merge, which holds the user's edits) or any draft whose
    base drafter kept (so a render killed before it updated the state file still knows its draft)."""
    digest = file_sha256(path)
    if digest is None:
        return False
    if written.get("name") == path.name and digest == written.get("sha256") and not written.get("merged"):
        return True
    return folder is not None and _load_base(folder, digest) is not None


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


def _write_docx(built: Built, path: Path, folder: Path, previous: dict[str, Any] | None = None,
                bank_path: Path | None = None, data: bytes | None = None) -> None:
    data = docx_bytes(built, folder) if data is None else data
    digest = sha256(data)
    # The base first: if the process dies after the .docx is replaced, the draft is still known as drafter's.
    _store_base(folder, built, digest)
    write_atomic(path, data)
    # The previous draft, if drafter wrote it and nobody touched it, is replaced by the new name.
    old = (previous or {}).get("docx") or {}
    if old.get("name") and old["name"] != path.name:
        old_path = folder / old["name"]
        if old_path.exists() and _ours(old_path, old, folder):
            try:
                old_path.unlink()
            except OSError:
                pass  # open in Word: the stale copy simply stays, nothing is lost
    _write_state(folder, previous or {}, built, bank_path, docx={"name": path.name, "sha256": digest, "base": digest})


def _write_state(folder: Path, previous: dict[str, Any], built: Built, bank_path: Path | None, docx: dict[str, Any] | None) -> None:
    """Record what drafter wrote: the draft's name and checksum (and the base of the next merge),
    the plan's inputs and the outline (to tell whether the user edited it)."""
    p = built.params
    state = {
        "drafter": __version__,
        "docx": docx or {},
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
    else:
        if not isinstance(docx.get("base"), (str, type(None))):
            docx["base"] = None
        docx["merged"] = docx.get("merged") is True
    if not isinstance(data.get("phrasebank"), (str, type(None))):
        data["phrasebank"] = None
    return data


def _outline_json(outline: Outline) -> Any:
    def point(p: Point) -> Any:
        return p.ref if p.ref else {"title": p.title, "text": p.text}

    def section(s: Section) -> Any:
        return {"key": s.key, "heading": s.heading, "intro": s.intro, "points": [point(p) for p in s.points]}

    return {"opening": list(outline.opening), "sections": [section(s) for s in outline.sections], "closing": list(outline.closing)}


def _update_outline_block(params_path: Path, text: str, built: Built) -> bool:
    """Replace only the outline key of params.yaml (drafter's part, unedited); everything else in the
    file stays as the user left it, in its encoding and line endings. A symlinked params.yaml is
    written through to its target. False (and nothing written) if the edit would change any other
    value, which would be a defect: the user's file is never put at risk for the outline's sake."""
    import os

    from drafter.params import replace_outline
    from drafter.yamlio import decode_bytes, encode_text, parse_yaml, sniff_encoding

    target = Path(os.path.realpath(params_path))
    raw = target.read_bytes()
    encoding = sniff_encoding(raw)
    old = decode_bytes(raw, params_path, "参数文件")
    new = replace_outline(old, dump_outline(built.params.outline, built.previews))  # type: ignore[arg-type]
    before = parse_yaml(old, params_path).data
    after = parse_yaml(new, params_path).data
    others = lambda d: {k: v for k, v in (d or {}).items() if k != "outline"}  # noqa: E731
    if others(before) != others(after) or params_from_located(parse_yaml(new, params_path)).outline != built.params.outline:
        return False
    write_atomic(target, encode_text(new, encoding))
    return True
