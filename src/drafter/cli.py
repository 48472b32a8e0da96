"""命令行入口：只解析参数、调用核心函数、打印结果。所有 YAML / Jinja / Word 处理都在核心模块里。"""

# No `from __future__ import annotations` here: Typer reads every command's annotations on every
# run, and string annotations cost it an eval each (~200 a run).
import errno
import re
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from drafter.errors import EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERRUPTED, DrafterError


# click's and Typer's fixed help words in Chinese (no Chinese gettext catalogue is installed).
_LABELS = {
    "Show this message and exit.": "显示本帮助并退出。",
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "required": "必填",
    "default: {default}": "默认：{default}",
}


def _chinese_help_labels() -> None:
    """click and Typer write the fixed words of a help page through gettext, for which no Chinese
    catalogue is installed: give them the few they use, so the whole help page reads in Chinese."""
    import gettext

    def translate(text: str) -> str:
        return _LABELS.get(text) or gettext.gettext(text)

    # Typer may carry its own copy of click: patch every loaded click/Typer module that uses gettext.
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in ("click", "typer") and getattr(module, "_", None) is gettext.gettext:
            module._ = translate  # type: ignore[attr-defined]


_chinese_help_labels()


class _ChineseHelp:
    """The usage line's label and the -h/--help option's own line in Chinese: Typer's copy of click
    writes both as literal English strings, which no gettext catalogue reaches."""

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _LABELS["Show this message and exit."]
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=_LABELS["Usage:"])  # type: ignore[attr-defined]


class _Group(_ChineseHelp, TyperGroup):
    pass


class _Command(_ChineseHelp, TyperCommand):
    pass


app = typer.Typer(
    name="drafter",
    cls=_Group,
    help="党组织动员大会讲话稿起草工具：生成符合 GB/T 9704 公文格式、可在 Word/WPS 中继续编辑的讲话初稿。",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}
_TYPER_INTERRUPTED = 130
_PHRASEBANK_HELP = (
    "（可选）本单位自己的语料库 YAML 文件，格式同 phrasebank.yaml：其中的条目加入内置语料库，"
    "编号相同的替换内置条目。"
)


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整的 Python 调用栈（供开发者排查）。"),
) -> None:
    _state["debug"] = debug


def echo(text: str = "", err: bool = False) -> None:
    """Print a line (stdout, or stderr for diagnostics)."""
    typer.echo(text, err=err)


_CHOICES = re.compile(r"<(org|theme|role)s>")


class _DataHelp(_Command):
    """A command whose option help lists what the data files define (org types, themes, roles,
    written <orgs>, <themes>, <roles>): filled in only when its help is shown, so every other
    command and `drafter --help` read no data."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from drafter.domain import choices_text

        for param in self.params:
            text = getattr(param, "help", None)
            if text and _CHOICES.search(text):
                param.help = _CHOICES.sub(lambda m: choices_text(m.group(1)), text)  # type: ignore[attr-defined]
        super().format_help(ctx, formatter)


@app.command("new", cls=_DataHelp)
def new_cmd(
    org: str = typer.Option("school", "--org", help="组织类型：<orgs>（中英文均可）。"),
    theme: list[str] = typer.Option(["创先争优"], "--theme", help="活动主题：<themes>；可重复使用以合并两个主题。"),
    role: str = typer.Option("secretary", "--role", help="讲话人角色：<roles>。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件夹，默认为“主题-组织类型”。"),
    date: Optional[str] = typer.Option(None, "--date", help="讲话日期 YYYY-MM-DD，默认今天。决定建党周年数、党代会届次等表述。"),
    minutes: Optional[int] = typer.Option(None, "--minutes", help="讲话时长（分钟），默认 15。"),
    seed: Optional[int] = typer.Option(None, "--seed", help="随机种子：相同参数和种子生成完全相同的稿子；换一个种子换一种写法。"),
    unit: Optional[str] = typer.Option(None, "--unit", help="单位全称，如“某某市第一中学”。"),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="讲话人姓名。"),
    secretary: Optional[str] = typer.Option(None, "--secretary", help="（副书记讲话用）前面作动员讲话的书记，如“张明”。"),
    before: Optional[str] = typer.Option(None, "--before", help="本讲话之前的议程，如“王明同志传达了上级会议精神”。"),
    document: list[str] = typer.Option([], "--document", help="上级文件的标题（可重复使用），写进开场。"),
    force: bool = typer.Option(False, "--force", help="输出文件夹已有稿子时仍然生成（原文件备份为 .bak）。"),
    phrasebank: Optional[Path] = typer.Option(None, "--phrasebank", help=_PHRASEBANK_HELP),
) -> None:
    """新建一份讲话稿：写出 params.yaml（可编辑的参数）和 Word 初稿。"""
    from drafter.project.new import new_draft

    result = new_draft(
        org=org, themes=theme, role=role, out=out, date=date, minutes=minutes,
        seed=seed, unit=unit, speaker=speaker, force=force, phrasebank=phrasebank,
        secretary=secretary, before=before, documents=document,
    )
    for note in result.notes:
        echo(note, err=True)
    echo(f"参数文件：{result.params_path}")
    echo(f"讲话初稿：{result.output_path}")
    echo(result.summary)
    if result.review:
        echo(result.review)
    echo(f"下一步：编辑 {result.params_path}（单位、讲话人、日期、时长、提纲……），然后运行  drafter render {result.folder}")


@app.command("render", cls=_Command)
def render_cmd(
    target: Path = typer.Argument(..., help="讲话稿文件夹，或其中的 params.yaml。"),
    fmt: str = typer.Option("docx", "--format", "-f", help="输出格式：docx（Word）、md（Markdown 预览）、txt（纯文本）。"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="输出文件路径；给文件夹时写入其中，按标题命名。md/txt 默认输出到屏幕。"),
    phrasebank: Optional[Path] = typer.Option(None, "--phrasebank", help=_PHRASEBANK_HELP + "不写则沿用 new 时指定的。"),
    no_merge: bool = typer.Option(False, "--no-merge", help="稿子在 Word 里改过时不合并，新稿另存为 …-2.docx。"),
    accept: bool = typer.Option(False, "--accept", help="合并时直接采用 drafter 的修改，不加修订标记。"),
) -> None:
    """按 params.yaml 重新生成讲话稿（修改参数后运行）。稿子在 Word 里改过时，把您的修改与新稿合并为一份：
    drafter 的改动以修订标记呈现，两边改了同一段时保留您的文字并加批注。"""
    from drafter.project.render import render_draft

    result = render_draft(target, fmt=fmt, output=output, phrasebank=phrasebank, merge=not no_merge, accept=accept)
    if result.text is not None:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    for note in result.notes:
        echo(note, err=True)
    if result.output_path is not None:
        echo(f"讲话稿：{result.output_path}", err=result.text is not None)
    echo(result.summary, err=result.text is not None)
    if result.review:
        echo(result.review, err=result.text is not None)


@app.command("batch", cls=_Command)
def batch_cmd(
    units: Path = typer.Argument(..., help="单位清单：CSV（Excel/WPS 另存为）或 YAML 列表，每行一个单位；列名是 params.yaml 的参数名（org、theme、role、unit、speaker、date、minutes、seed……），空格子取默认值。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行进程数，默认等于 CPU 核数。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出文件夹，默认为“清单文件名-讲话稿”。"),
) -> None:
    """批量起草：为清单中的每个单位生成一份讲话稿，文件名形如 001-单位-标题.docx，另附汇总表。"""
    from drafter.batch import format_summary, run_batch
    from drafter.units import open_units

    rows = open_units(units)  # checked and counted first, so the bar knows its length
    with typer.progressbar(length=len(rows), label="起草中", file=sys.stderr) as bar:
        result = run_batch(units, out=out, jobs=jobs, progress=bar.update, rows=rows)
    echo(format_summary(result))
    if result.failed:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("mine", cls=_Command)
def mine_cmd(
    paths: list[Path] = typer.Argument(..., help="讲话文件（.txt、.docx、.html）或存放它们的文件夹，可给多个。"),
    output: Path = typer.Option(Path("candidates.yaml"), "-o", "--output", help="候选条目输出文件，默认 candidates.yaml。"),
    include_all: bool = typer.Option(False, "--all", help="把未能归类的句子也写出（槽位为 unclassified），便于人工挑选。"),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行进程数，默认等于 CPU 核数（文字不到 2 MB 时不并行）。"),
    strict: bool = typer.Option(False, "--strict", help="从严去标识：句中还有地名库无法确认、但像专名的词（某某村、某某镇、某某局……）时整句删去。"),
) -> None:
    """从真实讲话中挖掘语料：清洗、分段、归类、去标识、规范化，写出可直接粘贴进 phrasebank.yaml 的候选条目。"""
    import atexit
    import gc

    from drafter.mine.candidates import mine_paths, write_candidates

    # What mining leaves in memory (the stages' memos, the segmenter's and gazetteer's tables) is
    # given back by the operating system at exit: freezing it keeps the interpreter's last
    # collections from traversing and freeing it object by object (0.44 → 0.06 s after 10 MB).
    atexit.register(gc.freeze)
    # On a terminal only, as batch's progress bar: redirected to a log, a line per file is noise.
    live = sys.stderr.isatty()

    def progress(index: int, total: int, path: Path) -> None:
        if live and total > 1:
            sys.stderr.write(f"\r挖掘中 [{index}/{total}] {path.name[:40]:<40}" + ("\n" if index == total else ""))
            sys.stderr.flush()

    result = mine_paths(paths, on_progress=progress, strict=strict, jobs=jobs, keep_unclassified=include_all)
    write_candidates(result, output, include_unclassified=include_all)
    echo(f"已处理 {result.files} 个文件、{result.chars} 字，写出 {len(result.candidates)} 条候选：{output}")
    if result.backup is not None:
        echo(f"原有的 {output.name} 已备份为 {result.backup.name}")
    echo("各文件替换和删去的内容：")
    for path, report in result.reports:
        echo(f"  {report.line(path.name)}")
    echo("各槽位条数：")
    for slot, count in result.summary.items():
        echo(f"  {slot:<24}{count:>4}")
    if result.unclassified_count:
        echo(f"  {'（未归类的句子）':<20}{result.unclassified_count:>4}" + ("" if include_all else "  （加 --all 一并写出）"))
    reasons = result.dropped_reasons()
    if reasons:
        echo("删去的内容：" + "，".join(f"{r} {n}" for r, n in reasons.items()))
    for error in result.errors:
        echo(f"错误（{error.path}）：{error.message}", err=True)
    if result.errors:
        echo(f"{len(result.errors)} 个文件未能处理，其余文件的结果已写出。", err=True)
        raise typer.Exit(EXIT_FINDINGS)  # 1: some inputs failed (usage errors are 2)


@app.command("phrases", cls=_Command)
def phrases_cmd(
    slot: Optional[str] = typer.Option(None, "--slot", help="只列出这个槽位（或其下级，如 carriers）的条目。"),
    org: Optional[str] = typer.Option(None, "--org", help="只列出适用于这种组织类型的条目。"),
    search: Optional[str] = typer.Option(None, "--search", help="只列出正文或小标题含有这个词的条目。"),
    bank: Optional[Path] = typer.Option(None, "--bank", help="语料库文件，默认为内置的 phrasebank.yaml（也可指定 mine 写出的候选文件）。"),
    full: bool = typer.Option(False, "--full", help="显示完整正文（默认只显示前 60 字）。"),
) -> None:
    """列出语料库条目及其出处，便于查看一句话从哪里来、挑选替代说法。"""
    from drafter.data import phrasebank_path
    from drafter.phrases_view import check_org, filter_entries, format_entry, load_entries

    check_org(org)
    entries = filter_entries(load_entries(bank or phrasebank_path()), slot=slot, org=org, search=search)
    for entry in entries:
        echo(format_entry(entry, width=None if full else 60))
    echo(f"共 {len(entries)} 条。")


@app.command("check", cls=_Command)
def check_cmd(
    file: Path = typer.Argument(..., help="要检查的讲话稿：.docx、.txt 或 .md（不限于 drafter 生成的稿子）。"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出检查结果，供其他程序读取。"),
    fail_on: str = typer.Option("error", "--fail-on", help="出现哪一级问题时以退出码 1 结束：error 错误（默认）、warning 警告、info 提示。"),
    rules: Optional[Path] = typer.Option(None, "--rules", help="个人检查规则文件（YAML），覆盖内置规则和单位的 check.yaml。"),
    params: Optional[Path] = typer.Option(None, "--params", help="参数文件 params.yaml：其中的单位、人名不算外来名称，日期、时长用于核对。默认使用稿子旁边的 params.yaml。"),
    minutes: Optional[float] = typer.Option(None, "--minutes", help="目标讲话时长（分钟），据此核对字数。"),
) -> None:
    """检查讲话稿：版式、残留、序号、重复、规范表述、错别字、日期、外来名称、篇幅。"""
    from drafter.check import check_file, format_json, format_table
    from drafter.errors import EXIT_FINDINGS, InputError

    if fail_on not in ("error", "warning", "info"):
        raise InputError(f"--fail-on 的值“{fail_on}”无效", hint="只能是 error、warning 或 info。")
    report = check_file(file, rules_path=rules, params=params, target_minutes=minutes)
    echo(format_json(report) if as_json else format_table(report))
    if report.failed(fail_on):
        raise SystemExit(EXIT_FINDINGS)  # not typer.Exit: main() runs the app with standalone_mode=False, which would swallow its code


def main() -> None:
    """The `drafter` command (console script and `python -m drafter`): runs the Typer app and turns
    every DrafterError into a clear message and its exit code."""
    _tolerant_output()
    try:
        code = app(standalone_mode=False)
        _show_notices()
    except DrafterError as exc:
        _show_notices()
        if _state["debug"]:
            raise
        echo(exc.render(), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        echo("已中断。", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors and the like
        if isinstance(exc, OSError) and exc.errno == errno.EPIPE:  # the reader went away (| head): quietly 1, as click
            sys.stdout = _Pacified(sys.stdout)  # type: ignore[assignment]
            sys.stderr = _Pacified(sys.stderr)  # type: ignore[assignment]
            sys.exit(1)
        _usage_error(exc)
        if _state["debug"]:
            raise
        echo(f"内部错误：{type(exc).__name__}: {exc}", err=True)
        echo("这是 drafter 的缺陷，请加 --debug 重新运行并把输出反馈给维护者。", err=True)
        sys.exit(70)
    if code == _TYPER_INTERRUPTED:  # Typer turns Ctrl+C inside a command into Exit(130)
        echo("已中断。", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if isinstance(code, int) and code:  # a command that ended with typer.Exit(code)
        sys.exit(code)


def _show_notices() -> None:
    """Warnings the core recorded where no result could carry them (see errors.notice)."""
    from drafter.errors import take_notices

    for text in take_notices():
        echo(text, err=True)


class _Pacified:
    """A stream whose flush ignores a broken pipe (as click's PacifyFlushWrapper)."""

    def __init__(self, wrapped: Any) -> None:
        self.wrapped = wrapped

    def flush(self) -> None:
        try:
            self.wrapped.flush()
        except OSError as exc:
            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def _tolerant_output() -> None:
    """Output redirected to a file on Chinese Windows is GBK: a character it lacks (say, in a unit
    name) must print as '?' rather than crash after the draft was written."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _is_a(exc: BaseException, class_name: str) -> bool:
    """Whether `exc` is a click exception of this kind, whichever copy of click raised it
    (recent Typer versions carry their own copy of click, with unrelated classes)."""
    return any(cls.__name__ == class_name for cls in type(exc).__mro__)


def _usage_error(exc: Exception) -> None:
    """Exit with a Chinese message if `exc` is a usage error (bad option, missing argument…)."""
    if _is_a(exc, "Abort"):
        echo("已取消。", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if _is_a(exc, "NoArgsIsHelpError"):
        echo(exc.format_message())  # type: ignore[attr-defined]  # the help text
        sys.exit(0)
    if _is_a(exc, "ClickException"):
        echo(f"错误：{_translate_click(exc.format_message())}", err=True)  # type: ignore[attr-defined]
        echo("运行 drafter --help 或 drafter 命令 --help 查看用法。", err=True)
        sys.exit(EXIT_INPUT)


def _translate_click(message: str) -> str:
    """Click's English usage messages, in Chinese."""
    import re

    rules = [
        (r"No such option: (\S+)(?: Did you mean (\S+)\?)?", lambda m: f"没有这个选项：{m.group(1)}" + (f"，您是不是想用 {m.group(2)}？" if m.group(2) else "")),
        (r"Missing argument '(\S+)'\.?", lambda m: f"缺少参数 {m.group(1)}"),
        (r"Missing option '(\S+)'\.?", lambda m: f"缺少选项 {m.group(1)}"),
        (r"Invalid value for '(\S+)': '(.*)' is not a valid int(?:eger)?\.?", lambda m: f"选项 {m.group(1)} 需要整数（阿拉伯数字），但给的是“{m.group(2)}”"),
        # Typer versions word this differently ("'x' is not a valid int." above, or this one).
        (r"Invalid value for '(\S+)': Input should be a valid integer.*", lambda m: f"选项 {m.group(1)} 需要整数（阿拉伯数字）"),
        (r"Invalid value for '(\S+)': (.*)", lambda m: f"选项 {m.group(1)} 的值无效：{m.group(2)}"),
        (r"Missing parameter: (\S+)", lambda m: f"缺少参数 {m.group(1)}"),
        (r"Missing command\.?", lambda m: "缺少命令（new、render 等）"),
        (r"Option '(\S+)' requires an argument\.?", lambda m: f"选项 {m.group(1)} 后面需要一个值"),
        (r"No such command '(\S+)'\.?", lambda m: f"没有这个命令：{m.group(1)}"),
        (r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", lambda m: f"多余的参数：{m.group(1)}"),
    ]
    for pattern, repl in rules:
        m = re.match(pattern, message)
        if m:
            return repl(m)
    return message


@app.command("doctor", cls=_Command)
def doctor_cmd(
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="并行进程数，默认等于 CPU 核数（文字不到 2 MB 时不并行）。"),
    strict: bool = typer.Option(False, "--strict", help="有提醒（缺字体、没有 LibreOffice）时也返回 1。"),
) -> None:
    """检查本机环境：Python 库、drafter 自带数据、样式所用字体、导出 PDF 用的 LibreOffice。

    返回值：0 可以正常生成讲话稿（可能有提醒）；1 缺少必需的组件（加 --strict 时有提醒也返回 1）。"""
    from drafter.doctor import check_environment

    report = check_environment()
    for check in report.checks:
        mark = "正常" if check.ok else ("缺少" if check.essential else "提醒")
        echo(f"[{mark}] {check.topic}：{check.detail}")
    echo()
    if report.failures:
        echo(f"结论：缺少 {len(report.failures)} 项必需的组件，drafter 不能正常工作。")
        raise typer.Exit(1)
    echo("结论：可以正常生成讲话稿" + (f"；有 {len(report.warnings)} 项提醒，见上。" if report.warnings else "。"))
    if strict and report.warnings:
        raise typer.Exit(1)
