"""Titles and legal forms, in several languages and scripts."""

from __future__ import annotations

from proscribe.text.honorifics import honorific_of, strip_honorifics
from proscribe.text.legal_forms import (
    legal_form_classes,
    legal_form_family,
    legal_form_of,
    split_cjk_form,
    strip_legal_form,
)
from proscribe.text.normalize import fold


def toks(text: str) -> list[str]:
    return fold(text).split()


def test_leading_titles_removed() -> None:
    result = strip_honorifics(toks("Dr. Hamed Abdullah Al-Ali"))
    assert result.tokens == ("hamed", "abdullah", "al", "ali") and result.removed == ("dr",)
    result = strip_honorifics(toks("Haji Mullah Abdul Bari"))
    assert result.removed == ("haji", "mullah") and result.tokens == ("abdul", "bari")
    assert strip_honorifics(toks("Al-Hajj Ibrahim Issa")).removed == ("haji",)
    assert strip_honorifics(toks("Lieutenant General Soe Htut")).removed == ("general",)
    assert strip_honorifics(toks("الشيخ محمد")).removed == ("sheikh",)
    assert strip_honorifics(toks("Генерал-лейтенант Иванов")).removed == ("general",)


def test_titles_inside_a_name_stay() -> None:
    # UN IQi.019: Mullah is part of the listed name.
    assert strip_honorifics(toks("Abd al-Tawwab Mullah Huwaysh")).removed == ()


def test_a_name_is_never_emptied() -> None:
    assert strip_honorifics(toks("Sheikh")).tokens == ("sheikh",)
    assert strip_honorifics(toks("Haji Mullah Sahib")).tokens == ("sahib",)


def test_weak_titles_need_two_name_tokens() -> None:
    assert strip_honorifics(toks("Amir Abdullah")).removed == ()
    assert strip_honorifics(toks("Amir Abdullah Sahib")).removed == ("emir",)
    assert strip_honorifics(toks("Sayed Ghias")).removed == ()
    assert honorific_of(["mr"]) == "mr" and honorific_of(["smith"]) is None


def test_legal_forms_by_class() -> None:
    cases = {
        "MACHANGA LTD": "ltd",
        "MACHANGA OOO": "llc",
        "ООО «Ромашка»": "llc",
        "«Ромашка» ООО": "llc",
        'OOO "Romashka"': "llc",
        "Kerch Ferry SE OOO": "llc",
        "TECHNOLOGY AND DEVELOPMENT GROUP L.L.C.": "llc",
        "Polyus PUBLIC JOINT STOCK COMPANY": "jsc",
        "АО ММЗ": "jsc",
        "Bryansk Automobile Plant OJSC": "jsc",
        "LOGARCHEO S.A. DE C.V.": "jsc",
        "SIEMENS AG": "jsc",
        "Acme Sp. z o.o.": "llc",
        "Acme SARL": "llc",
        "Acme GmbH": "llc",
        "YUK TUNG ENERGY PTE LTD": "ltd",
        "KARAJ NUCLEAR RESEARCH CENTRE FZE": "fze",
        "IRISL BENELUX NV": "jsc",
        "ARMAMENT INDUSTRIES GROUP PLC": "plc",
        "SHANGHAI DONGFENG SHIPPING CO. LTD": "ltd",
        "HESONG TRADING CO": "co",
        "FAJR INDUSTRIAL GROUP INC.": "inc",
        "KOREA KWANGSONG TRADING CORPORATION": "corp",
        "راحت لمتد": "ltd",
        "شركة النور": "co",
    }
    for name, expected in cases.items():
        found = strip_legal_form(toks(name))
        assert found.form == expected, (name, found)
        assert found.tokens, name


def test_stripping_leaves_the_name() -> None:
    assert strip_legal_form(toks("IRISL BENELUX NV LLC")).tokens == ("irisl", "benelux")
    assert strip_legal_form(toks("KINGLY WON INTERNATIONAL CORP, LTD")).tokens == (
        "kingly",
        "won",
        "international",
    )
    assert strip_legal_form(toks("LLC")).tokens == ("llc",)  # never empty
    assert strip_legal_form(toks("Haji Basir and Zarjmil Company Hawala")).form is None


def test_families_and_cjk() -> None:
    assert legal_form_family("llc") == legal_form_family("ltd") == "limited"
    assert legal_form_family("jsc") == "stock"
    assert {"llc", "ltd", "jsc", "plc", "inc", "corp", "co", "fze", "bv"} <= set(
        legal_form_classes()
    )
    assert all(legal_form_family(c) for c in legal_form_classes())
    assert legal_form_of(["gmbh"]) == "llc"
    assert split_cjk_form(fold("長安海連技術有限公司")) == ("長安海連技術", "ltd")
    assert split_cjk_form(fold("株式会社トヨタ"))[1] == "jsc"
    assert split_cjk_form("김정은") == ("김정은", None)
