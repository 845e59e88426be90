"""The checkpoint of a batch run: where a killed run got to, so `--resume` neither loses nor repeats a row.

It sits beside the output (`OUT.jsonl.checkpoint`) and is replaced
atomically (write a temporary file, fsync, rename) after each commit of the
output, so it always describes output that is on disk. It records which
input it belongs to (path, size, modification time) and the options that
shape the output (threshold, limit, index, formats...): resuming with
another input or other options would mix two runs in one file, so that is
refused, naming what differs. A finished run deletes it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

VERSION = 1


class CheckpointError(ValueError):
    """A checkpoint that does not belong to this run, or cannot be read."""


def checkpoint_path(output: Path) -> Path:
    return output.with_name(output.name + ".checkpoint")


@dataclass(slots=True)
class Checkpoint:
    """What a resumed run needs: the input it read, the options, and the last committed state."""

    input: dict[str, Any]  # path, format, size, mtime_ns
    options: dict[str, Any]  # everything that shapes the output
    position: dict[str, int] = field(default_factory=dict)  # readers.Position as a dict
    output: dict[str, Any] = field(default_factory=dict)  # the writer's commit state
    summary: dict[str, Any] = field(default_factory=dict)  # counts so far

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "input": self.input,
            "options": self.options,
            "position": self.position,
            "output": self.output,
            "summary": self.summary,
            "updated": datetime.now(UTC).isoformat(timespec="seconds"),
        }


def input_identity(path: Path, fmt: str) -> dict[str, Any]:
    """What tells one input file from another (or from itself, edited)."""
    st = path.stat()
    return {
        "path": str(path.resolve()),
        "format": fmt,
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
    }


def save(path: Path, checkpoint: Checkpoint) -> None:
    """Replace the checkpoint atomically: a crash leaves the old one or the new one, never half."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(checkpoint.to_dict(), fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load(path: Path) -> Checkpoint:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CheckpointError(
            f"{path}: unreadable checkpoint ({exc}); use --overwrite to start again"
        ) from exc
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise CheckpointError(
            f"{path}: not a checkpoint this version can resume; use --overwrite to start again"
        )
    try:
        return Checkpoint(
            input=dict(data["input"]),
            options=dict(data["options"]),
            position={k: int(v) for k, v in data["position"].items()},
            output=dict(data["output"]),
            summary=dict(data.get("summary") or {}),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CheckpointError(
            f"{path}: incomplete checkpoint ({exc}); use --overwrite to start again"
        ) from exc


def verify(
    path: Path, found: Checkpoint, input_now: dict[str, Any], options: dict[str, Any]
) -> None:
    """Refuse to resume a checkpoint written for another input or other options, saying which."""
    was = found.input
    if was.get("path") != input_now["path"]:
        raise CheckpointError(
            f"{path}: the interrupted run read {was.get('path')}, not {input_now['path']}; "
            "use --overwrite to start again"
        )
    for key, label in (
        ("format", "input format"),
        ("size", "size"),
        ("mtime_ns", "modification time"),
    ):
        if was.get(key) != input_now[key]:
            raise CheckpointError(
                f"{path}: {input_now['path']} changed since the interrupted run ({label} "
                f"{was.get(key)} then, {input_now[key]} now); use --overwrite to start again"
            )
    differ = [
        k
        for k in sorted(set(options) | set(found.options))
        if options.get(k) != found.options.get(k)
    ]
    if differ:
        detail = ", ".join(
            f"{k} {found.options.get(k)!r} then, {options.get(k)!r} now" for k in differ
        )
        raise CheckpointError(
            f"{path}: the interrupted run had other options ({detail}); resume with the same "
            "options, or use --overwrite to start again"
        )
