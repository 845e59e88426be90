"""Bad input never corrupts the store, and the error names the file and the place.

Each case imports a broken or hostile file into a store that already holds a
real list, through the CLI a user would run, and then checks that every
table is exactly as it was.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from proscribe.cli.main import app
from proscribe.sources.errors import ListError, UnsafeXMLError
from proscribe.sources.registry import open_list
from proscribe.store import Store

runner = CliRunner()


@pytest.fixture()
def db_url(tmp_path: Path, lists_dir: Path) -> Iterator[str]:
    """A store that already holds the ICC extract, so 'unchanged' means something."""
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    result = runner.invoke(
        app,
        [
            "--db",
            url,
            "lists",
            "import",
            str(lists_dir / "ofac/icc_eo14203_extract_2026-04/sdn.csv"),
        ],
    )
    assert result.exit_code == 0, result.output
    yield url


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order."""
    with Store.open(url) as store:
        engine = store.engine
        tables = inspect(engine).get_table_names()
        out: dict[str, list[tuple[Any, ...]]] = {}
        with engine.connect() as conn:
            for table in tables:
                rows = conn.execute(text(f'SELECT * FROM "{table}"')).fetchall()
                out[table] = sorted((tuple(r) for r in rows), key=repr)
    return out


def import_fails(url: str, path: Path) -> str:
    before = dump(url)
    result = runner.invoke(app, ["--db", url, "lists", "import", str(path)])
    assert result.exit_code == 1, result.output
    assert dump(url) == before, "a failed import changed the store"
    return " ".join(result.output.split())


def test_truncated_xml_names_file_and_line(db_url: str, lists_dir: Path, tmp_path: Path) -> None:
    data = (lists_dir / "un/consolidated_2026-02-27.xml").read_bytes()
    cut = data[: len(data) // 2]
    bad = tmp_path / "un_truncated.xml"
    bad.write_bytes(cut)
    out = import_fails(db_url, bad)
    assert "un_truncated.xml:" in out
    with pytest.raises(ListError) as info:
        list(open_list(bad).entities())
    assert info.value.line is not None and info.value.line > 1000


def test_csv_cut_mid_row(db_url: str, lists_dir: Path, tmp_path: Path) -> None:
    data = (lists_dir / "ofac/sdn_2024-05-03/sdn.csv").read_bytes()
    # Cut inside the quoted Remarks field of some row in the middle.
    middle = data.index(b'"DOB ', len(data) // 2) + 7
    bad_dir = tmp_path / "cut"
    bad_dir.mkdir()
    bad = bad_dir / "sdn.csv"
    bad.write_bytes(data[:middle])
    expected_line = data[:middle].count(b"\n") + 1
    out = import_fails(db_url, bad)
    assert f"sdn.csv:{expected_line}" in out


def test_wrong_encoding_names_the_line(db_url: str, lists_dir: Path, tmp_path: Path) -> None:
    """A UTF-8 XML file with a Latin-1 byte in it (a classic mis-saved export)."""
    data = (lists_dir / "un/consolidated_2026-02-27.xml").read_bytes()
    pos = data.index(b"<FIRST_NAME>", len(data) // 3) + len(b"<FIRST_NAME>")
    bad_data = data[:pos] + b"\xe9" + data[pos:]
    bad = tmp_path / "un_latin1.xml"
    bad.write_bytes(bad_data)
    expected_line = bad_data[:pos].count(b"\n") + 1
    out = import_fails(db_url, bad)
    assert f"un_latin1.xml:{expected_line}" in out


def test_empty_file(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "empty.csv"
    bad.write_bytes(b"")
    out = import_fails(db_url, bad)
    assert "empty.csv" in out and "empty" in out


def test_unknown_format(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("Dear team,\nplease screen these people tomorrow.\n")
    out = import_fails(db_url, bad)
    assert "notes.txt" in out and "unknown list format" in out


XXE = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE CONSOLIDATED_LIST [
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
  <!ENTITY net SYSTEM "http://127.0.0.1:9/steal">
]>
<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:00">
<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>&xxe;</FIRST_NAME><SECOND_NAME>&net;</SECOND_NAME>
<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS>
<ENTITIES/></CONSOLIDATED_LIST>
"""


def test_xxe_refused(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "xxe.xml"
    bad.write_bytes(XXE)
    out = import_fails(db_url, bad)
    assert "xxe.xml:2" in out and "DOCTYPE" in out
    with pytest.raises(UnsafeXMLError):
        open_list(bad)


def billion_laughs() -> bytes:
    decls = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        decls.append(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">')
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(decls) + "\n]>\n"
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol9;</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n"
    ).encode()


def test_billion_laughs_refused_without_memory_blowup(db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "lolz.xml"
    bad.write_bytes(billion_laughs())
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = import_fails(db_url, bad)
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert "lolz.xml:2" in out and "DOCTYPE" in out
    assert rss_after - rss_before < 200_000  # KiB: expanding 10^9 "lol"s would take gigabytes


def test_gzip_of_a_truncated_list(db_url: str, lists_dir: Path, tmp_path: Path) -> None:
    """A gzip stream cut short is reported, not half-imported."""
    import gzip

    data = gzip.compress((lists_dir / "un/consolidated_2026-02-27.xml").read_bytes())
    bad = tmp_path / "un.xml.gz"
    bad.write_bytes(data[: len(data) // 2])
    out = import_fails(db_url, bad)
    assert "un.xml.gz" in out
