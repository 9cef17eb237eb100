"""Files that hold customers' data (leads, learned examples): whole or not at all, owner-only.

The data goes to a temporary file in the target folder (created 0600 by mkstemp), which is
then renamed over the target: a failed write leaves the old file (or nothing), never half
of one, and no other user of the machine can read it at any moment.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from bot.errors import ExportError


def replace_privately(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a fresh owner-only file, then move it to ``path``; ExportError if not."""
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise cannot_write(path, exc) from exc
    try:
        write(Path(name))
        os.replace(name, path)
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise cannot_write(path, exc) from exc
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


# What the OS said, as a sentence of each locale (bot/texts.py "export.<reason>"); any
# other errno is named by its symbol (EIO, ...), which reads the same in every language.
REASONS = {
    errno.ENOENT: "no_folder", errno.ENOTDIR: "no_folder", errno.EACCES: "denied",
    errno.EPERM: "denied", errno.EROFS: "denied", errno.ENOSPC: "full", errno.EDQUOT: "full",
    errno.EISDIR: "is_folder",
}  # fmt: skip


def cannot_write(path: Path, exc: OSError) -> ExportError:
    """The error for a file that could not be written, its reason in the user's language."""
    reason = REASONS.get(exc.errno or 0)
    if reason:
        return ExportError(f"cannot write {path}: {exc.strerror}", f"export.{reason}", path=path)
    symbol = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
    return ExportError(
        f"cannot write {path}: {exc.strerror or exc}", "export.cannot_write", path=path,
        reason=symbol,
    )  # fmt: skip
