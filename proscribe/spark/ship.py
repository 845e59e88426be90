"""The saved index goes to every executor as a file and is opened there once per Python worker.

The index is built once, on the driver, and saved as a flat file (see
`proscribe.index.arrays`) that opens as a memory map. `SparkContext.addFile`
copies it into each executor's work directory once per application; each
Python worker opens its local copy with `SparkFiles.get` on its first task
and keeps the `Screener` in a module global. Spark reuses Python workers
across tasks (`spark.python.worker.reuse`, on by default), so one open serves
every later task, and the workers of one executor map the same file, so the
OS holds its pages once. A broadcast variable would instead unpickle a copy
into every worker's heap.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from proscribe.index.candidates import CandidateIndex
from proscribe.screen.engine import Screener

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Driver side: what each Spark application has been sent, by file name.
_SHIPPED: dict[tuple[str, str], str] = {}

# Executor side: indexes and screeners this Python worker has opened.
_INDEXES: dict[str, CandidateIndex] = {}
_SCREENERS: dict[tuple[str, float, int], Screener] = {}


def ship_index(spark: SparkSession, path: Path) -> str:
    """Send the saved index at `path` (a file or a directory) to the executors; returns its name there.

    The index is opened here first, so a wrong or truncated file fails on
    the driver with the file's name rather than on every executor.
    """
    path = Path(path).resolve()
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such index (build one with load_list_files first)")
    CandidateIndex.open(path)
    sc = spark.sparkContext
    key = (sc.applicationId, path.name)
    previous = _SHIPPED.get(key)
    if previous is not None:
        if previous != str(path):
            raise ValueError(
                f"{path}: an index named {path.name!r} was already shipped from {previous} "
                "in this Spark application; executors find shipped files by name, so "
                "give the index another file name"
            )
        return path.name
    sc.addFile(str(path), recursive=path.is_dir())
    _SHIPPED[key] = str(path)
    return path.name


def shipped_screener(name: str, threshold: float, candidates: int) -> Screener:
    """The Screener over the shipped index `name`, opened on first use in this worker process."""
    key = (name, threshold, candidates)
    screener = _SCREENERS.get(key)
    if screener is None:
        index = _INDEXES.get(name)
        if index is None:
            from pyspark import SparkFiles

            index = CandidateIndex.open(Path(SparkFiles.get(name)))
            _INDEXES[name] = index
        screener = Screener(index, threshold=threshold, candidates=candidates)
        _SCREENERS[key] = screener
    return screener
