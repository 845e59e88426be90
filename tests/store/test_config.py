"""Where the store lives by default, and how the environment moves it."""

from __future__ import annotations

from pathlib import Path

import pytest

from proscribe import config


def test_home_dir_from_environment_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "a" / "b"
    monkeypatch.setenv("PROSCRIBE_HOME", str(home))
    assert config.home_dir() == home.resolve()
    assert home.is_dir()


def test_home_dir_default_is_under_local_share(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROSCRIBE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config.home_dir() == (tmp_path / ".local" / "share" / "proscribe").resolve()
    assert config.home_dir().is_dir()


def test_database_url_defaults_to_sqlite_in_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROSCRIBE_HOME", str(tmp_path))
    monkeypatch.delenv("PROSCRIBE_DB_URL", raising=False)
    assert config.database_url() == f"sqlite:///{tmp_path.resolve() / 'proscribe.sqlite'}"


def test_database_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROSCRIBE_DB_URL", "postgresql://postgres@127.0.0.1:5432/proscribe")
    assert config.database_url() == "postgresql://postgres@127.0.0.1:5432/proscribe"
