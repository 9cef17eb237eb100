"""Trained category models kept on disk: a start or a refit on data seen before loads
its model instead of training it (about a second for the bundled library and starter
examples, every time a process starts).

A model's file is named by a hash of everything it was trained from: the texts, labels
and weights in order, the options, the numpy version and the source of the ``replies``
package, so any change to one of them makes a new file and nothing stale is read. Files
are written whole (a temporary file renamed into place, so a reader never sees half of
one), readable by their owner only (0600: the n-grams of learned examples can hold
fragments of customers' numbers), and only the ``keep`` most recently used are kept. A
file that does not read back as a consistent model is ignored and replaced.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from replies.classifier import CategoryModel, ModelOptions

logger = logging.getLogger(__name__)

FORMAT = 1  # bump when CategoryModel.arrays changes shape
_SUFFIX = ".npz"


class ModelCache:
    """A folder of trained models, named by what they were trained from."""

    def __init__(self, folder: Path, keep: int = 6) -> None:
        self.folder = folder
        self.keep = keep

    def model(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        weights: Sequence[float],
        options: ModelOptions,
        train: Callable[[], CategoryModel],
    ) -> CategoryModel:
        """The model of this training data: read from the folder, else ``train()`` and kept."""
        path = self.folder / f"{key(texts, labels, weights, options)}{_SUFFIX}"
        found = self._read(path, sorted(set(labels)))
        if found is not None:
            return found
        model = train()
        self._write(path, model)
        return model

    def _read(self, path: Path, categories: list[str]) -> CategoryModel | None:
        try:
            with np.load(path, allow_pickle=False) as arrays:
                model = CategoryModel.from_arrays(arrays)
            with contextlib.suppress(FileNotFoundError):  # pruned by another process meanwhile
                os.utime(path)  # most recently used: the last to be pruned
        except FileNotFoundError:
            return None
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            logger.warning("ignoring the unreadable model file %s: %s", path, exc)
            return None
        if list(model.categories) != categories:
            logger.warning("ignoring the model file %s: it has other categories", path)
            return None
        return model

    def _write(self, path: Path, model: CategoryModel) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            # mkstemp creates the file 0600, in the folder: the rename cannot cross devices.
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    np.savez(out, allow_pickle=False, **model.arrays())
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self._prune()
        except OSError as exc:  # a full disk or a read-only folder costs a retraining only
            logger.warning("could not keep the trained model in %s: %s", self.folder, exc)

    def _prune(self) -> None:
        """Remove all but the ``keep`` most recently used model files."""
        files = []
        for path in self.folder.glob(f"*{_SUFFIX}"):
            try:
                files.append((path.stat().st_mtime, path))
            except FileNotFoundError:  # another process pruned it meanwhile
                continue
        for _, path in sorted(files, reverse=True)[self.keep :]:
            path.unlink(missing_ok=True)


def key(
    texts: Sequence[str], labels: Sequence[str], weights: Sequence[float], options: ModelOptions
) -> str:
    """The hex digest naming the model of this training data, options and code."""
    digest = hashlib.sha256(f"{FORMAT}\0{_code()}\0{options!r}\0".encode())
    for text, label, weight in zip(texts, labels, weights, strict=True):
        digest.update(f"{text}\x1f{label}\x1f{weight!r}\x1e".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@cache
def _code() -> str:
    """A hash of the numpy version and of every module of this package, as installed."""
    digest = hashlib.sha256(np.__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
