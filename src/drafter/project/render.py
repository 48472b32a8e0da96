"""drafter render: bring a draft folder up to date after params.yaml (or the .docx) was edited."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from drafter.project.review import review, review_text
from drafter.compose import Built, compose, resolve
from drafter.document.model import LINE_BREAK
from drafter.errors import InputError, OutputError
from drafter.files import FolderLock, backup, check_not_open, free_name, safe_filename, sha256, write_atomic
from drafter.params import PARAMS_NAME, Params, dump_outline, params_from_located
from drafter.project import Result
from drafter.project.write import choose_docx_path, docx_bytes, read_back, style_path, user_phrasebank, write_docx
from drafter.state import blocks_of, is_ours, load_base, outline_json, read_state, recorded_phrasebank, store_base, write_state
from drafter.textutil import format_length
from drafter.yamlio import Located, load_yaml

FORMATS = ("docx", "md", "txt")


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
    _check_style_docx(params, folder, loc)
    state = read_state(folder)
    if params.outline is not None and state.get("outline") == outline_json(params.outline) and state.get("plan_inputs") != params.plan_inputs():
        # The user changed minutes/seed/org… but not the outline drafter wrote: plan again.
        params = replace(params, outline=None)
    phrasebank = phrasebank or recorded_phrasebank(state)
    if fmt in ("md", "txt") and output is not None:
        _check_text_output(output, params_path)
    built = compose(resolve(params, loc=loc, bank=user_phrasebank(phrasebank)), loc=loc)
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
    # The summary is `drafter check` on the file written (format, the user's merged edits and all);
    # a preview printed to the screen is checked as the same text saved to a file would be.
    # The params are passed on where `drafter check` would read this very params.yaml beside the file.
    known = params if params_path.name == PARAMS_NAME else None
    if result.output_path is not None:
        beside = _same_folder(result.output_path.parent, folder)
        result.review = review(result.output_path, partial(read_back, built, folder, result.output_path), known if beside else None)
    else:
        result.review = review_text(result.text or "", folder, known)
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
        path, more = choose_docx_path(output, output.parent, {}, explicit=True)
        notes += more
        check_not_open(path)
        write_atomic(path, data)
        write_state(folder, state, built, phrasebank, docx=state.get("docx") or None)
        return path
    path = output or title_path
    written = state.get("docx") or {}
    current = folder / written["name"] if written.get("name") else None
    if merge and current is not None and current.is_file() and not is_ours(current, written, folder):
        merged = _merge_into(current, built, data, path, folder, state, phrasebank, notes, accept)
        if merged is not None:
            return merged
    path, more = choose_docx_path(path, folder, state, explicit=output is not None)
    notes += more
    check_not_open(path)
    write_docx(built, path, folder, previous=state, bank_path=phrasebank, data=data)
    if built.params.style_docx:
        _note_missing_styles(style_path(built.params.style_docx, folder), notes)
    return path


def _note_missing_styles(template: Path, notes: list[str]) -> None:
    """One line naming drafter's styles the unit's template lacks, and what was used instead."""
    from drafter.document.styles import STYLES
    from drafter.render.docx import missing_styles

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
    from drafter.document.styles import STYLES
    from drafter.render.merge import merge_docx

    base = load_base(folder, str((state.get("docx") or {}).get("base") or ""))
    if base is None:
        notes.append(f"没有找到 drafter 上次生成的底稿记录，无法与 {current.name} 合并。")
        return None
    if base == blocks_of(built.document):
        # drafter has nothing new to say: the user's file stays exactly as it is.
        notes.append(f"新稿与上次生成的相同，{current.name} 保留您的修改，没有改动。")
        write_state(folder, state, built, phrasebank, docx=state.get("docx") or None)
        return current
    from drafter.render.docx import validate_template

    try:
        validate_template(current, "您修改过的稿子")  # the same guards as for a unit's template: no entity passes through
        user = current.read_bytes()
        result = merge_docx(user, base, blocks_of(built.document), style_names={k: s.name for k, s in STYLES.items()},
                            when=dt.datetime.now(dt.timezone.utc), accept=accept)
    except OSError as exc:
        raise OutputError(f"无法读取 {current}（{exc.strerror}）", hint="请检查文件权限。") from exc
    except InputError as exc:
        notes.append(f"{exc.message.split('：')[0]}，没有合并；新稿另存。")
        return None
    except Exception as exc:  # noqa: BLE001 - any damage in the user's file: keep it, write beside it
        notes.append(f"{current.name} 无法按 Word 文档读取（{type(exc).__name__}），没有合并；新稿另存。")
        return None
    if path != current and path.exists() and not is_ours(path, state.get("docx") or {}, folder):
        path = free_name(path)
    check_not_open(current)
    check_not_open(path)
    store_base(folder, built, sha256(data))
    bak = backup(current)
    write_atomic(path, result.data)
    docx = {"name": path.name, "sha256": sha256(result.data), "base": sha256(data), "merged": True}
    write_state(folder, state, built, phrasebank, docx=docx)
    if path != current:
        try:
            current.unlink()
        except OSError:
            pass  # open elsewhere: it stays beside the merged draft, its copy is in the .bak too
    notes.append(result.summary())
    notes.append(f"您修改前的稿子已备份为 {bak.name}；合并后的稿子：{path.name}"
                 + ("" if accept else "（在 Word/WPS 的“审阅”中逐条接受或拒绝 drafter 的修订）"))
    return path


def _check_style_docx(params: Params, folder: Path, loc: Located) -> None:
    """The unit's own Word template named in params.yaml exists (pointing at the line if not)."""
    if not params.style_docx:
        return
    path = style_path(params.style_docx, folder)
    try:
        found = path.is_file()
    except OSError:  # e.g. a name longer than the file system allows
        found = False
    if not found:
        raise loc.error(
            ("style_docx",), f"找不到 style_docx 指定的 Word 模板：{path}",
            hint="路径相对于 params.yaml 所在的文件夹；留空则使用 drafter 的标准公文样式。",
        )


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
