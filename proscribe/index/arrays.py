"""A single-file container of named numpy arrays, opened memory-mapped.

The candidate index must reopen in well under two seconds however large it
is, and ship as one file to Spark executors. So it is a flat file: a magic
number, a JSON header (metadata and, per array, dtype, shape and offset),
then each array's raw bytes, 64-byte aligned. Opening reads the header and
maps the file; arrays are zero-copy views that the OS pages in on use.
Strings are stored as one UTF-8 byte array plus an offsets array
(`StringColumn`), the layout Arrow uses.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"PSCRIDX1"
ALIGN = 64


class IndexFileError(Exception):
    """A saved index that cannot be used (wrong file, truncated, other version)."""


def _pad(n: int) -> int:
    return (ALIGN - n % ALIGN) % ALIGN


def save_arrays(path: Path, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any]) -> None:
    """Write arrays and metadata to `path` atomically (a temp file renamed into place)."""
    layout: dict[str, dict[str, Any]] = {}
    offset = 0
    for name, arr in arrays.items():
        arr = np.ascontiguousarray(arr)
        layout[name] = {
            "dtype": arr.dtype.str,
            "shape": list(arr.shape),
            "offset": offset,
            "nbytes": arr.nbytes,
        }
        offset += arr.nbytes + _pad(arr.nbytes)
    header = json.dumps({"meta": dict(meta), "arrays": layout}, ensure_ascii=False).encode("utf-8")
    prefix = len(MAGIC) + 8 + len(header)
    data_start = prefix + _pad(prefix)
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(tmp, "wb") as fh:
        fh.write(MAGIC)
        fh.write(struct.pack("<Q", len(header)))
        fh.write(header)
        fh.write(b"\0" * (data_start - prefix))
        for arr in arrays.values():
            data = np.ascontiguousarray(arr)
            fh.write(data.tobytes(order="C"))
            fh.write(b"\0" * _pad(data.nbytes))
    os.replace(tmp, path)


def open_arrays(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Map a saved file; returns read-only array views and the metadata."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed by the with below; open errors get a clear message
    except OSError as exc:
        raise IndexFileError(f"{path}: cannot open index: {exc}") from exc
    with fh:
        head = fh.read(len(MAGIC) + 8)
        if len(head) < len(MAGIC) + 8 or head[: len(MAGIC)] != MAGIC:
            raise IndexFileError(f"{path}: not a proscribe index file")
        (hlen,) = struct.unpack("<Q", head[len(MAGIC) :])
        try:
            header = json.loads(fh.read(hlen).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise IndexFileError(f"{path}: corrupt index header") from exc
        prefix = len(MAGIC) + 8 + hlen
        data_start = prefix + _pad(prefix)
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            raise IndexFileError(f"{path}: empty file")
        mapped = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    arrays: dict[str, np.ndarray] = {}
    for name, spec in header["arrays"].items():
        start = data_start + int(spec["offset"])
        if start + int(spec["nbytes"]) > size:
            raise IndexFileError(f"{path}: truncated (array {name!r} runs past the end)")
        dtype = np.dtype(spec["dtype"])
        count = int(np.prod(spec["shape"])) if spec["shape"] else 1
        arr = np.frombuffer(mapped, dtype=dtype, count=count, offset=start)
        arrays[name] = arr.reshape(spec["shape"])
    return arrays, header["meta"]


class StringColumn:
    """Strings stored as concatenated UTF-8 bytes and int64 offsets (n + 1 of them)."""

    __slots__ = ("_data", "_offsets")

    def __init__(self, data: np.ndarray, offsets: np.ndarray) -> None:
        self._data = data
        self._offsets = offsets

    @staticmethod
    def encode(values: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        encoded = [v.encode("utf-8", "surrogatepass") for v in values]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        if encoded:
            np.cumsum([len(b) for b in encoded], out=offsets[1:])
        data = (
            np.frombuffer(b"".join(encoded), dtype=np.uint8) if encoded else np.zeros(0, np.uint8)
        )
        return data, offsets

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: int) -> str:
        lo = int(self._offsets[i])
        hi = int(self._offsets[i + 1])
        return self._data[lo:hi].tobytes().decode("utf-8", "surrogatepass")
