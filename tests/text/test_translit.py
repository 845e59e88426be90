"""Romanisation of real list names, script by script."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from proscribe.text.arabic import lexicon_spellings, romanise_word
from proscribe.text.cjk import romanise_kana, wade_giles
from proscribe.text.cyrillic import detect_language
from proscribe.text.keys import token_key
from proscribe.text.normalize import fold
from proscribe.text.translit import MAX_VARIANTS, latin_variants, to_latin


def latin(text: str) -> str:
    return fold(to_latin(text))


def test_latin_is_untouched() -> None:
    assert to_latin("Müller") == "Müller"
    assert latin_variants("Mohammed") == []


def test_russian_as_un_lists_write_it() -> None:
    # UN QDi.363 / QDi.397: original script next to the listed Latin name.
    assert latin("Абдурахманов Магомед Магомедзакирович") == (
        "abdurakhmanov magomed magomedzakirovich"
    )
    assert latin("Айрат Насимович Вахитов") == "ayrat nasimovich vakhitov"
    assert latin("Однорукий") == "odnorukiy"  # listed as Odnorukiy
    assert latin("Ислам Сеит-Умарович Атабиев") == "islam seit umarovich atabiev"


def test_russian_variant_systems() -> None:
    variants = [fold(v) for v in latin_variants("Евгений Кузнецов")]
    assert latin("Евгений Кузнецов") == "evgeniy kuznetsov"
    assert "yevgeniy kuznetsov" in variants  # BGN/PCGN
    assert "evgenii kuznetsov" in variants  # ICAO passports
    assert "evgeny kuznetsov" in variants
    assert len(latin_variants("Евгений Кузнецов")) <= MAX_VARIANTS


def test_other_cyrillic_languages() -> None:
    assert detect_language("Віталій Кличко") == "ukrainian"
    assert latin("Володимир Зеленський") == "volodymyr zelenskyi"
    assert detect_language("Слободан Милошевић") == "serbian"
    assert latin("Слободан Милошевић") == "slobodan milosevic"
    assert detect_language("Георги Първанов") == "bulgarian"
    assert latin("Георги Първанов") == "georgi parvanov"
    assert latin("Қасым-Жомарт Тоқаев") == "qasym zhomart toqaev"
    # A Ukrainian name is often listed the Russian way.
    assert "vitaliy klichko" in [fold(v) for v in latin_variants("Віталій Кличко")]


def test_arabic_names_next_to_their_listed_spelling() -> None:
    # (original script, listed Latin name) pairs from the UN list.
    pairs = [
        ("مختار بلمختار", "MOKHTAR BELMOKHTAR"),
        ("عبدالرحمان زاهد", "ABDUL RAHMAN ZAHED"),
        ("عبد التواب ملا حويش", "ABD-AL-TAWWAB MULLAH HUWAYSH"),
        ("هدى صالح مهدي عماش", "HUDA SALIH MAHDI AMMASH"),
        ("يوسف المداني", "YUSUF AL-MADANI"),
        ("فاضل محمود غريب", "FADIL MAHMUD GHARIB"),
    ]
    for original, listed in pairs:
        ours = "".join(latin(original).split())
        theirs = "".join(fold(listed).split())
        assert token_key(ours) == token_key(theirs), (original, latin(original), listed)


def test_arabic_letter_rules() -> None:
    assert romanise_word("يوسف", lexicon=False) == "yusf"  # initial ya consonant, waw vowel
    assert romanise_word("التواب", lexicon=False) == "al-twab"  # waw before alef: w
    assert romanise_word("عبدالرحمن", lexicon=False) == "abd al-rhmn"
    assert romanise_word("سعيدالله", lexicon=False) == "s'id allah"
    assert romanise_word("فتحي", lexicon=False) == "ftahi"  # t+h is not th
    assert romanise_word("مُحَمَّد") == "muhammad"  # vocalised: harakat and shadda
    assert romanise_word("جمعه", lexicon=False) == "jm'a"  # final he after a consonant


def test_arabic_lexicon_supplies_vowels() -> None:
    assert lexicon_spellings("محمد")[:1] == ["mohamed"]
    assert "mukhtar" in lexicon_spellings("مختار")
    assert latin("محمد") == "mohamed"
    # The lexicon never contradicts the consonants: Najib before Egyptian Naguib.
    assert lexicon_spellings("نجيب")[0] == "najib"


def test_arabic_regional_systems() -> None:
    variants = [fold(v) for v in latin_variants("ثناء اللہ غفاری")]
    assert any(v.startswith("sna") for v in variants)  # Persian: tha is s (Sanaullah)
    french = [fold(v) for v in latin_variants("جمال مصطفى")]
    assert any("djmal" in v for v in french)
    assert any("gamal" in v for v in french)  # Egyptian jim / lexicon


def test_greek_georgian_armenian_hebrew() -> None:
    assert latin("Γιώργος Παπανδρέου") == "giorgos papandreou"
    assert "hristos" in [fold(v) for v in latin_variants("Χρήστος")]
    assert latin("მიხეილ სააკაშვილი") == "mikheil saakashvili"
    assert latin("Գրիգորյան") == "grigoryan"
    assert latin("Երվանդ") == "yervand"
    assert latin("בנימין") == "bnimin"
    assert token_key(latin("משה")) == token_key("moshe")


def test_chinese_japanese_korean() -> None:
    assert latin("王小明") == "wang xiao ming"
    assert "wang hsiao ming" in [fold(v) for v in latin_variants("王小明")]
    assert (
        wade_giles("zhi") == "chih" and wade_giles("jie") == "chieh" and wade_giles("xu") == "hsu"
    )
    assert latin("シンゾウ") == "shinzo"
    assert romanise_kana("シンゾウ", long_vowels=True) == "shinzou"
    assert latin("きょうこ") == "kyoko"
    assert latin("マッチャ") == "matcha"
    assert latin("コーヒー") == "kohi"
    assert latin("김정은") == "kim jeong eun"
    assert "kim jong un" in [fold(v) for v in latin_variants("김정은")]
    assert "lee" in latin("이순신")


def test_other_scripts_fall_back_to_anyascii() -> None:
    assert latin("ኤርሚኣስ ግርማይ") == "ermias grmay"
    assert latin("ราม") == "ram"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_to_latin_never_raises(text: str) -> None:
    to_latin(text)
    assert len(latin_variants(text)) <= MAX_VARIANTS
