"""Russian quotes and speakers, table-driven: each row is a news-style text and the quotes it holds."""

import pytest

from newsmine.nlp.ru.pipeline import build_russian_pipeline
from newsmine.nlp.ru.quotes import quote_spans

BASE = ("newsmine_ru_natasha", "newsmine_ru_entities", "newsmine_ru_quotes")


@pytest.fixture(scope="module")
def russian():
    return build_russian_pipeline(components=BASE)


def _quotes(russian, text):
    doc = russian(text)
    for quote in doc._.quotes:
        assert doc.text[quote.start : quote.end] == quote.text
    return [(quote.kind, quote.speaker, quote.text) for quote in doc._.quotes]


# (text, [(kind, speaker, the start of the quote text)])
CASES = [
    (
        "«Мы рассчитываем удвоить транзит контейнеров через сухой порт уже в следующем году», — отметил "
        "председатель правления компании Ерлан Сагадиев.",
        [("direct", "Ерлан Сагадиев", "Мы рассчитываем удвоить")],
    ),
    (
        "Министр энергетики Бахыт Оразов провёл брифинг в Астане. «Поставки газа в северные регионы "
        "будут сохранены в полном объёме», — сказал он.",
        [("direct", "Бахыт Оразов", "Поставки газа")],
    ),
    (
        "Вице-министр торговли Динара Сейтказина выступила на форуме в Алматы. «Экспорт зерна в Китай "
        "вырос почти вдвое», — сказала она журналистам.",
        [("direct", "Динара Сейтказина", "Экспорт зерна")],
    ),
    (
        "Глава ведомства Марат Усенов заявил: „Строительство второй нитки газопровода начнётся весной“.",
        [("direct", "Марат Усенов", "Строительство второй нитки")],
    ),
    (
        "Посол Китая в Киргизии Ду Дэвэнь заявил, что объём взаимной торговли в этом году превысит "
        "прошлогодний показатель.",
        [("indirect", "Ду Дэвэнь", "объём взаимной торговли")],
    ),
    (
        "Эксперт Института мировой экономики Айдар Касымов считает, что спрос на уран будет расти.",
        [("indirect", "Айдар Касымов", "спрос на уран")],
    ),
    (
        "В Бишкеке прошла встреча с экспертом Гульнарой Абдыкаровой. По словам Абдыкаровой, новые "
        "ограничения ударят по малому бизнесу.",
        [("indirect", "Гульнара Абдыкарова", "новые ограничения")],
    ),
    (
        "Аналитик Тимур Жаксылыков выступил на конференции. Как отметил Жаксылыков, инвесторы ждут "
        "ясных правил.",
        [("indirect", "Тимур Жаксылыков", "инвесторы ждут")],
    ),
    (
        "Отмечается, что объём перевалки грузов в порту вырос на 12%.",
        [("indirect", None, "объём перевалки грузов")],
    ),
    (
        "Экологи считают, что уровень воды в реке продолжит снижаться.",
        [("indirect", None, "уровень воды в реке")],
    ),
    (
        "Новый терминал примет первые поезда в декабре. Об этом сообщил министр транспорта Нурлан Сауранбаев.",
        [("indirect", "Нурлан Сауранбаев", "Новый терминал примет")],
    ),
]

CASES += [
    (
        "«Стороны подтвердили приверженность принципу добрососедства», — говорится в совместном заявлении.",
        [("direct", None, "Стороны подтвердили")],
    ),
    (
        "Министр финансов Ерулан Жамаубаев отметил: дефицит бюджета в следующем году сократится.",
        [("indirect", "Ерулан Жамаубаев", "дефицит бюджета")],
    ),
    (
        "Министр финансов Ерулан Жамаубаев заявил в среду на брифинге в Доме правительства журналистам, "
        "что дефицит бюджета сократится.",
        [("indirect", "Ерулан Жамаубаев", "дефицит бюджета")],
    ),
]

CASES.append(
    (
        "Премьер-министр Олжас Бектенов заявил о намерении увеличить экспорт пшеницы в Китай.",
        [("indirect", "Олжас Бектенов", "намерении увеличить")],
    )
)
# "Об этом сообщили" with no subject: a statement without a speaker, not the person named after it
CASES.append(
    (
        "Экспорт пшеницы в Китай вырос вдвое. Об этом сообщили на встрече министра сельского хозяйства "
        "Бакыта Осмонова с послом КНР Ду Дэвэнем.",
        [("indirect", None, "Экспорт пшеницы")],
    )
)

# Texts with no quote at all.
NEGATIVES = [
    "Напомним, что ранее правительство утвердило план строительства новой железной дороги.",
    "Компания «Казатомпром» увеличила добычу урана на 5%.",
    "В Астане прошло заседание совета иностранных инвесторов, сообщает ТАСС.",
    "Фильм «Путь на восток» вышел в прокат в пятницу.",
    "Министр рассказал о проекте строительства моста через Иртыш.",
    "",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quotes_and_speakers(russian, text, expected):
    found = _quotes(russian, text)
    assert [(kind, speaker) for kind, speaker, _ in found] == [(kind, speaker) for kind, speaker, _ in expected]
    for (_, _, quote), (_, _, start) in zip(found, expected, strict=True):
        assert quote.startswith(start)


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_quotes(russian, text):
    assert _quotes(russian, text) == []


def test_pronoun_resolves_by_grammatical_gender(russian):
    text = (
        "На встрече министр финансов Айгуль Мукашева и глава банка Руслан Ержанов обсудили кредиты. "
        "Он заявил, что банк готов выделить средства. Она подчеркнула, что бюджет не пострадает."
    )
    speakers = [speaker for _, speaker, _ in _quotes(russian, text)]
    assert speakers == ["Руслан Ержанов", "Айгуль Мукашева"]


def test_speaker_role_and_organisation(russian):
    doc = russian(
        "«Спрос на транзит через Каспий растёт каждый месяц», — отметил генеральный директор "
        "компании «Актау Порт Сервис» Данияр Ахметов."
    )
    (quote,) = doc._.quotes
    assert quote.speaker == "Данияр Ахметов"
    assert quote.speaker_role is not None and "генеральный директор" in quote.speaker_role


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Он сказал: «Да».", ["Да"]),
        ("«Внешний «внутренний» текст»", ["Внешний «внутренний» текст"]),
        ("„Один“ и \"два\"", ["Один", "два"]),
        ("«Без конца\nследующий абзац", ["Без конца"]),
    ],
)
def test_quote_marks_pair_per_paragraph(text, spans):
    assert [text[start:end] for start, end in quote_spans(text)] == spans


def test_bare_role_resolves_to_the_person_introduced_with_it(russian):
    text = (
        "Президент Таджикистана Эмомали Рахмон принял делегацию, сообщил его пресс-секретарь Фаррух Шарипов. "
        "Глава государства поручил ускорить строительство ГЭС."
    )
    found = _quotes(russian, text)
    assert ("indirect", "Эмомали Рахмон") in [(kind, speaker) for kind, speaker, _ in found]


def test_unnamed_plural_source_after_v(russian):
    (quote,) = russian("В министерстве энергетики сообщили, что поставки газа будут сокращены.")._.quotes
    assert quote.speaker is None
    assert quote.speaker_role == "министерстве энергетики"
    assert quote.text == "поставки газа будут сокращены"


def test_later_quotes_inherit_the_title_written_before_the_name(russian):
    text = (
        "Председатель правления компании «Казтрансгаз» Айдар Нуров провёл брифинг в Астане. "
        "По словам Нурова, тарифы на газ в этом году не изменятся."
    )
    (quote,) = russian(text)._.quotes
    assert (quote.speaker, quote.speaker_org) == ("Айдар Нуров", "Казтрансгаз")
    assert quote.speaker_role.startswith("Председатель правления")


# (text, the speaker, role and organisation of every quote, in order)
TITLE_CASES = [
    (
        "Нурлан Жаксыбеков, экономист банка «Народный», считает, что курс тенге стабилизируется. "
        "Как пояснил Жаксыбеков, инфляция замедлится к весне. "
        "По словам экономиста, спрос на кредиты останется высоким.",
        # the kind of organisation before its name goes with the organisation (dev-ru convention)
        [("Нурлан Жаксыбеков", "экономист", "Народный")] * 3,
    ),
    (
        "«Посевная пройдёт в срок», — сообщила Гульнара Абенова, министр сельского хозяйства. "
        "По мнению Абеновой, урожай пшеницы превысит прошлогодний.",
        [("Гульнара Абенова", "министр сельского хозяйства", None)] * 2,
    ),
    (
        "По данным Тимура Сапарина, экспорт угля вырос на треть.",
        [("Тимур Сапарин", None, None)],
    ),
    # the country a title serves, a circumstance before it and a nationality are not the role
    (
        "В прошлом месяце президент Киргизии Алмаз Беков заявил, что таможенный пост откроется весной.",
        [("Алмаз Беков", "президент", None)],
    ),
    (
        "«Контракт будет выполнен в срок», — сказал китайский премьер-министр Ван Лэй.",
        [("Ван Лэй", "премьер-министр", None)],
    ),
    # the end of the quotation and its cue are not part of the title; nor is the newspaper's kind
    (
        "«Реки ещё долго будут спорными», – заявил обозреватель газеты «Степной вестник» Олег Ким.",
        [("Олег Ким", "обозреватель", "Степной вестник")],
    ),
    # an organisation runs on through the genitive words up to the name
    (
        "Директор Пограничной службы Министерства обороны Монголии Бат Эрдэнэ отметил, что угрозы растут.",
        [("Бат Эрдэнэ", "Директор", "Пограничной службы Министерства обороны Монголии")],
    ),
    # a title with its area ('по Южной Азии и Африке') after a weekday, carried to a later pronoun quote
    (
        "Объём поставок вырос на треть, заявил в среду генеральный директор Sinopec по Южной Азии и Африке "
        "Чжан Вэй. «Сотрудничество расширяется по многим направлениям», — сообщил он.",
        [("Чжан Вэй", "генеральный директор", "Sinopec")] * 2,
    ),
    # an apposition that opens with an adjective; a participle phrase after the title describes the firm;
    # a bare role links to the titled person
    (
        "Проект запущен в начале года, сообщил Ли Вэньбо, ведущий инженер базирующейся в Урумчи компании "
        "Tianshan Water.",
        [("Ли Вэньбо", "ведущий инженер", "Tianshan Water")],
    ),
    (
        "Президент Киргизии Алмаз Беков провёл совещание. По словам главы республики, дорога будет "
        "достроена к осени.",
        [("Алмаз Беков", "Президент", None)],
    ),
    # a bare role goes to the person titled so, not to the one named after a circumstance ('на
    # переговорах'); the role is written in the nominative, as this mention has it
    (
        "Об этом стало известно на переговорах премьер-министра Армении Арама Петросяна с министром "
        "торговли Грузии Левана Абашидзе, прибывшим в Ереван.\n\n"
        "«Грузоперевозки выросли вдвое за полгода», — сказал премьер-министр.",
        [("Арам Петросян", "премьер-министр", None)],
    ),
    # a description ('дипломата') stands for the titled person and takes the title
    (
        "«Проект только начинается», – заявил посол Японии в Казахстане Кэндзи Сато. По словам дипломата, "
        "работы завершатся через год.",
        [("Кэндзи Сато", "посол Японии в Казахстане", None)] * 2,
    ),
    # 'один из ...' is the role as written; a list of adjectives stays in the title
    (
        "Жители сёл жалуются на пыль. Один из местных жителей Бакыт Осмонов заявил, что вода в реке стала мутной.",
        [("Бакыт Осмонов", "Один из местных жителей", None)],
    ),
    (
        "Министр водного, лесного хозяйства и экологии КР Нурлан Асанов провёл встречу. «Работа уже идёт», "
        "— сказал министр.",
        [("Нурлан Асанов", "Министр водного, лесного хозяйства и экологии", None)],
    ),
    # the press service of 'главы государства' is the president's, under the president's name
    (
        "Президент Киргизии Алмаз Беков встретился с делегацией из Китая. «Стороны обсудили строительство "
        "железной дороги», — сообщила пресс-служба главы государства.",
        [("пресс-служба Алмаз Беков", None, None)],
    ),
    # an envoy keeps the country he is sent by
    (
        "Посол КНР в Казахстане Ли Мин заявил, что проект станет первым шагом.",
        [("Ли Мин", "Посол КНР в Казахстане", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TITLE_CASES)
def test_surname_and_role_resolve_to_the_titled_person(russian, text, expected):
    """A surname alone or a bare role is the person introduced earlier, with the title written
    after the name; the cue's noun ("по мнению") is never a role."""
    quotes = russian(text)._.quotes
    assert [(quote.speaker, quote.speaker_role, quote.speaker_org) for quote in quotes] == expected
