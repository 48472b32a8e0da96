"""The `drafter` command's entry point: `drafter render DIR` without importing Typer.

Why: importing Typer (and the click it carries) is ~30 ms of CPU on every command, as much as a
third of a cold `drafter render`, whose own work is a few milliseconds once drafter's caches are
warm. `render` is the command run again and again while a speech is edited, so its plain forms
are recognised here and run directly; everything else (every other command, --help, any option
spelling or value not listed below, anything unusual) goes to the Typer application in cli.py,
which stays the one definition of the command line.

The fast path accepts only what Typer would parse the same way, and produces the same output,
exit codes and messages as the Typer path (tests run both and compare):

    drafter [--debug] render TARGET [-f|--format FMT] [-o|--output PATH] [--phrasebank PATH]

each option at most once, as a separate word, with a value that does not start with "-"; TARGET
neither empty nor starting with "-". Typer's Path parameters refuse an existing path that cannot
be read: such a path is left to Typer too, as are terminals on Windows (click writes to them
through its own console layer) and a stream whose encoding click would replace (ASCII)."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path
from typing import Any, Callable

_VALUE_OPTIONS = {"-f": "fmt", "--format": "fmt", "-o": "output", "--output": "output", "--phrasebank": "phrasebank"}
_EXIT_INTERNAL = 70  # as cli.main


_HELP_ARGS = ([], ["--help"], ["-h"])


def main() -> None:
    """Console-script entry point: the fast `render`, the cached top-level help, or the full Typer application."""
    args = sys.argv[1:]
    if args in _HELP_ARGS and _plain_streams():
        sys.stdout.write(_cached_help(args))
        sys.stdout.flush()
        return
    parsed = render_args(args) if _plain_streams() else None
    if parsed is None:
        from drafter.cli import main as full

        full()
        return
    debug, opts = parsed
    tolerant_output()
    _run(lambda: run_render(**opts, echo=echo), debug)


def _cached_help(args: list[str]) -> str:
    """`drafter --help` as Typer prints it, kept in drafter's cache: the help only changes with the
    command-line code and the terminal's width, and building it imports Typer (most of its time)."""
    import shutil

    from drafter import __version__
    from drafter.cache import cached, file_stamp

    here = Path(__file__).resolve().parent
    width = shutil.get_terminal_size().columns
    # The program name shown in "Usage:" depends on how drafter was started (drafter / python -m drafter).
    started_as = (sys.argv[0], getattr(sys.modules.get("__main__"), "__package__", None))
    key = repr((__version__, args, width, os.environ.get("COLUMNS"), started_as,
                file_stamp(here / "cli.py"), file_stamp(here / "entry.py")))
    return cached("help", key.encode("utf-8"), lambda: _typer_help(args))


def _typer_help(args: list[str]) -> str:
    """Run the Typer application for a help request and return what it printed."""
    import io

    from drafter.cli import main as full

    real, sys.stdout = sys.stdout, io.StringIO()
    saved_argv = sys.argv
    try:
        sys.argv = [saved_argv[0], *args]
        try:
            full()
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise
        return sys.stdout.getvalue()
    finally:
        sys.stdout, sys.argv = real, saved_argv


def render_args(args: list[str]) -> tuple[bool, dict[str, Any]] | None:
    """(debug, render_cmd's arguments) if `args` is a plain `render` command line, else None."""
    debug = False
    if args[:1] == ["--debug"]:
        debug, args = True, args[1:]
    if args[:1] != ["render"]:
        return None
    opts: dict[str, Any] = {"fmt": "docx", "output": None, "phrasebank": None}
    seen: set[str] = set()
    target: str | None = None
    rest = args[1:]
    i = 0
    while i < len(rest):
        word = rest[i]
        if word in _VALUE_OPTIONS:
            name = _VALUE_OPTIONS[word]
            if name in seen or i + 1 >= len(rest) or not _plain_value(rest[i + 1]):
                return None
            seen.add(name)
            opts[name] = rest[i + 1]
            i += 2
        elif target is None and _plain_value(word):
            target = word
            i += 1
        else:  # --help, an unknown option, --opt=value, a second argument…: Typer's to answer
            return None
    if target is None:
        return None
    for name in ("output", "phrasebank"):
        if opts[name] is not None:
            if not _readable_or_absent(opts[name]):
                return None
            opts[name] = Path(opts[name])
    if not _readable_or_absent(target):
        return None
    opts["target"] = Path(target)
    return debug, opts


def _plain_value(word: str) -> bool:
    if not word or word.startswith("-"):
        return False
    # click expands wildcards in the arguments on Windows
    return not (os.name == "nt" and any(c in word for c in "*?["))


def _readable_or_absent(path: str) -> bool:
    """What Typer's Path parameters accept without complaint (they refuse unreadable paths)."""
    try:
        os.stat(path)
    except OSError:
        return True
    return os.access(path, os.R_OK)


def _plain_streams() -> bool:
    """Whether click would write to sys.stdout / sys.stderr as they are (so `echo` below is exact)."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            return False
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding in ("ascii", "usascii", "646", "ansix3.41968"):
            return False
        if os.name == "nt":
            try:
                if stream.isatty():
                    return False
            except (AttributeError, ValueError, OSError):
                return False
    return True


def echo(text: str = "", err: bool = False) -> None:
    """click.echo for what drafter prints: the line and a newline, flushed. Click removes ANSI
    escape codes when not writing to a terminal; a text with one goes through click itself."""
    if "\x1b" in text:
        import typer

        typer.echo(text, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def run_render(target: Path, fmt: str, output: Path | None, phrasebank: Path | None, echo: Callable[..., None],
               merge: bool = True, accept: bool = False) -> None:
    """`drafter render`: the command's work and report; shared by the fast path and cli.render_cmd."""
    from drafter.draft import render_draft

    result = render_draft(target, fmt=fmt, output=output, phrasebank=phrasebank, merge=merge, accept=accept)
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


def _run(call: Callable[[], None], debug: bool) -> None:
    """What cli.main and Typer do around a command, for the exceptions `render` can raise."""
    from drafter.errors import EXIT_INTERRUPTED, DrafterError

    try:
        call()
        _show_notices()
    except DrafterError as exc:
        if debug:
            raise
        _show_notices()
        echo(exc.render(), err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:  # Typer: Exit(130), which cli.main reports so
        echo("已中断。", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except EOFError:  # click: an empty line, then Abort, which cli.main reports so
        echo("", err=True)
        echo("已取消。", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno == errno.EPIPE:  # the reader went away (| head): quietly 1, as click
            sys.stdout = _Pacified(sys.stdout)  # type: ignore[assignment]
            sys.stderr = _Pacified(sys.stderr)  # type: ignore[assignment]
            sys.exit(1)
        if debug:
            raise
        echo(f"内部错误：{type(exc).__name__}: {exc}", err=True)
        echo("这是 drafter 的缺陷，请加 --debug 重新运行并把输出反馈给维护者。", err=True)
        sys.exit(_EXIT_INTERNAL)


def _show_notices() -> None:
    """Warnings the core recorded where no result could carry them (as cli.main)."""
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


def tolerant_output() -> None:
    """Output redirected to a file on Chinese Windows is GBK: a character it lacks (say, in a unit
    name) must print as '?' rather than crash after the draft was written."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
