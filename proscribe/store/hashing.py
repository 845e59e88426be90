"""Fingerprints that decide whether an import is new.

A list file is fingerprinted by its *decompressed* bytes, so the same list
downloaded as .csv or re-gzipped (gzip headers carry a timestamp) is
recognised as already imported. For a single file the fingerprint is the
plain SHA-256 of its content, which an operator can check with `sha256sum`
on the uncompressed file. For several files (a main file and its companions)
it is the SHA-256 over each file's length and SHA-256 in order, so moving
bytes from one file to the next can never give the same fingerprint.

Callers that import entities without files get a fingerprint of the content
itself: the entities' content hashes in order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from proscribe.sources.errors import ListError
from proscribe.sources.io import open_binary

_CHUNK = 1 << 20


def files_hash(files: Sequence[Path]) -> str:
    """SHA-256 over the files' decompressed bytes, in order (see the module docstring)."""
    if not files:
        raise ValueError("files_hash needs at least one file")
    if len(files) == 1:
        return _file_digest(files[0])[0].hex()
    outer = hashlib.sha256()
    for path in files:
        digest, size = _file_digest(path)
        outer.update(size.to_bytes(8, "big"))
        outer.update(digest)
    return outer.hexdigest()


def _file_digest(path: Path) -> tuple[bytes, int]:
    digest = hashlib.sha256()
    size = 0
    try:
        with open_binary(path) as fh:
            while chunk := fh.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (OSError, EOFError) as exc:
        raise ListError(str(path), f"cannot read file: {exc}") from exc
    return digest.digest(), size


def content_fingerprint(content_hashes: Iterable[str]) -> str:
    """SHA-256 over entity content hashes in order: the identity of a file-less import."""
    outer = hashlib.sha256()
    for value in content_hashes:
        outer.update(value.encode("ascii"))
    return outer.hexdigest()
