"""Downloading the official lists from where their authorities publish them.

Downloads go to a temporary folder and are only handed on once every file of
a list arrived whole, so a failed or partial download never reaches the store.
Timeouts are short and retries few: `make run` must not hang on a machine
without internet.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import httpx
import yaml

USER_AGENT = "proscribe/0.1 (+sanctions screening; list update)"


@dataclass(frozen=True, slots=True)
class OfficialSource:
    source: str
    title: str
    files: dict[str, str]


class FetchError(Exception):
    """A list could not be downloaded; the message says which file and why."""


def official_sources() -> list[OfficialSource]:
    text = resources.files("proscribe.sources").joinpath("data/official.yaml").read_text("utf-8")
    return [
        OfficialSource(source=item["source"], title=item["title"], files=dict(item["files"]))
        for item in yaml.safe_load(text)
    ]


def download_source(
    src: OfficialSource,
    dest: Path | None = None,
    *,
    connect_timeout: float = 5.0,
    read_timeout: float = 60.0,
    retries: int = 2,
) -> Path:
    """Download every file of `src` into a fresh folder and return it.

    Raises FetchError at the first file that fails after `retries` retries
    (network error, HTTP status >= 400, or an empty body).
    """
    folder = Path(tempfile.mkdtemp(prefix=f"proscribe-{src.source}-", dir=dest))
    timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
    with httpx.Client(
        timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
    ) as client:
        for name, url in src.files.items():
            _download_file(client, url, folder / name, retries=retries)
    return folder


def _download_file(client: httpx.Client, url: str, target: Path, *, retries: int) -> None:
    last_error = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(min(2.0 * attempt, 5.0))
        partial = target.with_suffix(target.suffix + ".part")
        try:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    last_error = f"HTTP {response.status_code}"
                    if response.status_code < 500:
                        break
                    continue
                with open(partial, "wb") as fh:
                    for chunk in response.iter_bytes(1 << 16):
                        fh.write(chunk)
            if partial.stat().st_size == 0:
                last_error = "empty response"
                continue
            partial.replace(target)
            return
        except httpx.HTTPError as exc:
            last_error = f"{type(exc).__name__}: {exc}"
            # No route or no name resolution: retrying will not help offline.
            if isinstance(exc, httpx.ConnectError):
                break
    raise FetchError(f"{url}: download failed ({last_error})")
