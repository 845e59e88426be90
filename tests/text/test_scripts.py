"""Script detection on names as the lists write them."""

from __future__ import annotations

from proscribe.text.scripts import char_script, dominant_script, is_latin, script_runs


def test_iso_codes_of_list_scripts() -> None:
    assert dominant_script("SADDAM HUSSEIN AL-TIKRITI") == "Latn"
    assert dominant_script("صدام حسين التكريتي") == "Arab"
    assert dominant_script("Абдурахманов Магомед Магомедзакирович") == "Cyrl"
    assert dominant_script("ישראל כהן") == "Hebr"
    assert dominant_script("Γεώργιος Κουφός") == "Grek"
    assert dominant_script("ნუცა აბულაძე") == "Geor"
    assert dominant_script("Գրիգորյան") == "Armn"
    assert dominant_script("長安海連技術有限公司") == "Hani"
    assert dominant_script("ኤርሚኣስ ግርማይ") == "Ethi"


def test_japanese_and_korean_are_writing_systems() -> None:
    # Kana make a name Japanese even when it is mostly kanji; Hangul makes it Korean.
    assert dominant_script("酒井さくら") == "Jpan"
    assert dominant_script("コーヒー") == "Jpan"
    assert dominant_script("김정은") == "Kore"
    assert dominant_script("孫서아") == "Kore"


def test_neutral_characters_have_no_script() -> None:
    assert char_script("1") is None
    assert char_script("-") is None
    assert char_script("\u064b") is None  # a haraka belongs to no script of its own
    assert dominant_script("") is None
    assert dominant_script("123 - 45") is None


def test_mixed_text_is_decided_by_letters() -> None:
    assert dominant_script("OOO «Ромашка»") == "Cyrl"
    assert dominant_script("Haji Gulab Gul (حاجی گلاب گل ولد حاجی حضرت گل )") == "Arab"
    assert is_latin("Müller-Lüdenscheidt, Jürgen")
    assert not is_latin("Ali محمد")


def test_runs_keep_combining_marks_inside_words() -> None:
    runs = script_runs("Ивано́в al-Qadi")
    assert runs[0] == ("Cyrl", "Ивано́в")
    assert ("Latn", "Qadi") in runs
    assert script_runs("") == []
