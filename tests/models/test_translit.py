"""Cross-script name keys and canonical names: Cyrillic (Russian and Kazakh) and Latin spellings."""

import pytest

from newsmine.models.gazetteer.crosslang import canonical_name, load_russian_aliases
from newsmine.models.gazetteer import default_gazetteer
from newsmine.models.gazetteer.translit import name_key, romanize


@pytest.mark.parametrize(
    "a,b",
    [
        ("Токаев", "Tokayev"),
        ("Tokaev", "Tokayev"),
        ("Токаева", "Tokayev"),  # genitive
        ("Токаеву", "Tokaev"),  # dative
        ("Токаевым", "Tokayev"),  # instrumental
        ("Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"),
        ("Қасым-Жомарт Тоқаев", "Kassym-Jomart Tokayev"),  # Kazakh letters
        ("Хоргос", "Khorgos"),
        ("Хоргосе", "Khorgos"),
        ("Иртыша", "Irtysh"),
        ("Казатомпромом", "Kazatomprom"),
        ("Шавкат Мирзиёев", "Shavkat Mirziyoyev"),
        ("Садыр Жапаров", "Sadyr Japarov"),
        ("Ерлан", "Yerlan"),
        ("Нурлыбай", "Nurlybay"),
        ("Өскемен", "Oskemen"),
        ("Айгерим Тулегеновой", "Aigerim Tulegenova"),
        ("José Núñez", "Jose Nunez"),
    ],
)
def test_spellings_of_one_name_share_a_key(a, b):
    assert name_key(a) == name_key(b) != ""


@pytest.mark.parametrize(
    "a,b",
    [("Dana Kell", "Dana Kelly"), ("Токаев", "Жапаров"), ("Anna Kim", "Anna Lim"), ("Ili", "Irtysh"), ("Иртыш", "Ишим")],
)
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


def test_romanize_handles_every_kazakh_letter():
    assert romanize("ә ғ қ ң ө ұ ү һ і") == "a g k ng o u u h i"
    assert romanize("Алматы Almaty") == "almaty almaty"


@pytest.mark.parametrize("text", ["", "—", "123", "Ӂ Ԧ", "\u0301", "Ёжик-ёжик ъъъ", "x" * 5000])
def test_name_key_never_fails(text):
    assert isinstance(name_key(text), str)


@pytest.mark.parametrize(
    "name,type_,canonical",
    [
        ("Хоргосе", "GPE", "Khorgos"),
        ("Иртыш", "LOC", "Irtysh River"),
        ("Казатомпрома", "ORG", "Kazatomprom"),
        ("Касым-Жомарт Токаев", "PERSON", "Kassym-Jomart Tokayev"),
        ("Tokaev", "PERSON", "Kassym-Jomart Tokayev"),
        ("Пекине", "GPE", "Beijing"),
        ("Китая", "GPE", "China"),  # case forms the name key leaves apart meet through lemmas
        ("Кыргызской Республики", "GPE", "Kyrgyzstan"),
        ("Тихому океану", "LOC", "Pacific Ocean"),
        ("PRC", "GPE", "China"),  # the English gazetteer still answers first
        ("Асель Нурланова", "PERSON", "Асель Нурланова"),  # unknown names stay as written
    ],
)
def test_canonical_name_across_scripts(name, type_, canonical):
    assert canonical_name(name, type_) == canonical


def test_every_russian_alias_names_a_gazetteer_entry_or_a_leader():
    gazetteer = default_gazetteer()
    for entry in load_russian_aliases():
        known = gazetteer.lookup(entry.name, entry.type)
        assert entry.type == "PERSON" or (known is not None and known.name == entry.name), entry.name
