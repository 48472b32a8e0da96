"""Opening what the user points drafter at, safely: the file type is checked before a file is opened
(a FIFO would block for ever), and a Word package is checked before any library unpacks it (sizes
as declared, compressed data, XML well-formed and without DTDs), so that a damaged or hostile file
is a clear message with its part and line, never an internal error, a hang or gigabytes of memory."""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from drafter.errors import InputError

# A speech .docx is well under 1 MB of XML; with pictures a few MB. Limits far above any real
# draft, far below what would hurt a 2 GB office PC. Checked on the sizes the package declares,
# before inflating: zipfile never returns more than the declared size of a member.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 160 * 1024 * 1024
MAX_PARTS = 5000


def regular_file(path: Path, what: str = "文件") -> int:
    """The size of `path` if it is a regular file (symlinks followed); else a clear InputError.
    Uses stat only: opening a FIFO or a device to find out would block or read for ever."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"找不到{what}：{path}", hint="请检查路径是否写对。") from None
    except PermissionError:
        raise InputError(f"无法读取{what}：{path}（没有权限）", hint="请检查文件和所在文件夹的权限。") from None
    except (OSError, ValueError) as exc:  # a name too long, a NUL in the name, a broken mount…
        reason = getattr(exc, "strerror", None) or "路径无效"
        raise InputError(f"无法读取{what}：{path}（{reason}）", hint="请检查路径是否写对。") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{what}应当是文件，但这是一个文件夹：{path}")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            f"{what}不是普通文件（而是管道、设备或套接字）：{path}",
            hint="请指定保存在磁盘上的文件。",
        )
    return st.st_size


def check_docx(source: Path | bytes, path: Path, what: str = "Word 文件") -> None:
    """Refuse a .docx that would crash, hang or exhaust a reader: not a zip, too many or too large
    parts (by declared size), damaged compressed data, malformed or truncated XML, or XML with a
    DTD (entities: Word never writes one, and they expand or leak into the output)."""
    hint = "请在 Word/WPS 中打开后“另存为” .docx 再试；打不开的文件请找回原件。"
    what = f"无法打开{' ' if what[:1].isascii() else ''}{what}"
    fh: BinaryIO = io.BytesIO(source) if isinstance(source, bytes) else open(source, "rb")  # noqa: SIM115
    try:
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
            raise InputError(f"{what}（文件已损坏，或不是 .docx 格式）", path=path, hint=hint) from exc
        with zf:
            infos = zf.infolist()
            if len(infos) > MAX_PARTS:
                raise InputError(f"{what}：包含 {len(infos)} 个部件，远多于任何 Word 文档", path=path, hint=hint)
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
                    size = max(info.file_size, total) / 1024 / 1024
                    raise InputError(
                        f"{what}：部件 {info.filename} 解压后有 {size:.0f} MB，超过上限 "
                        f"{MAX_PART_BYTES // 1024 // 1024} MB，拒绝读取",
                        path=path, hint="正常的讲话稿远小于此；请检查文件来源，或在 Word 中另存为 .docx。",
                    )
            for info in infos:
                if not info.is_dir():
                    _check_part(zf, info, path, what, hint)
    finally:
        fh.close()


def _check_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path, what: str, hint: str) -> None:
    """Inflate one part (checking its CRC); parse it if it is XML."""
    name = info.filename
    xml = name.lower().endswith((".xml", ".rels"))
    try:
        with zf.open(info) as part:
            if xml:
                data = part.read()
            else:  # pictures and the like: only their data is checked, in pieces
                while part.read(1 << 20):
                    pass
                return
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise InputError(f"{what}（文件已损坏）：部件 {name} 的压缩数据无法解开", path=path, hint=hint) from exc
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise InputError(
            f"{what}：部件 {name} 含有 DTD 或实体定义（<!DOCTYPE/<!ENTITY），Word 不会写出这种内容，拒绝读取",
            path=path, hint="这个文件可能被人为改动过；请在 Word/WPS 中重新保存，或使用可信的来源。",
        )
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
        where = f"第 {line} 行" if line else ""
        raise InputError(
            f"{what}（文件已损坏）：部件 {name} {where}的 XML 不完整或有误", path=path, hint=hint,
        ) from exc
