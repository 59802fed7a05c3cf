"""Russian reports for end-to-end tests: two stories, three outlets, written for the tests.

Each report is kept as its sentences, so a test can check that every summary sentence is one
of them whole: a splitter that took "ул." or "г." for a full stop would hand back fragments.
The Baikal fire is told by three outlets in their own words; the Moscow metro story shares no
subject with it but shares the function words ("что", "в", "на") that an English-only reader
would have matched.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.helpers.articles import article

__all__ = ["BAIKAL_SOURCES", "BAIKAL_TITLES", "METRO_TITLE", "REPORTS", "SENTENCES", "rows"]

_REPORTS: list[tuple[str, str, tuple[str, ...], int]] = [
    ("Вести", "Пожар на Байкале подошёл к границе заповедника", (
        "Лесной пожар на берегу Байкала подошёл к границе Баргузинского заповедника.",
        "По данным МЧС, огонь охватил около 300 га тайги.",
        "К тушению привлекли два самолёта Бе-200 и 120 спасателей.",
        "Жителей посёлка Усть-Баргузин попросили быть готовыми к эвакуации.",
    ), 6),
    ("Коммерсант", "Байкальский пожар: к тушению привлекли авиацию", (
        "Площадь лесного пожара у Байкала выросла до 300 га, сообщили в МЧС.",
        "Два самолёта Бе-200 сбрасывают воду из озера на кромку огня.",
        "Огонь остановился в километре от Баргузинского заповедника.",
        "Эвакуацию посёлков пока не объявили, но автобусы стоят наготове.",
    ), 5),
    ("Интерфакс", "Пожар у Байкала локализован", (
        "Пожар на берегу Байкала локализован на площади 310 га, сообщил глава МЧС А. В. Куренков.",
        "Самолёты Бе-200 продолжат работу до полной ликвидации огня.",
        "Заповедник огонь не затронул, эвакуация не потребовалась.",
    ), 2),
    ("Вести", "В Москве открыли новую станцию метро", (
        "В Москве во вторник открыли станцию метро на ул. Профсоюзной.",
        "Мэр Москвы пообещал открыть ещё три станции до конца года.",
        "Пассажиры оценили новые вагоны и просторный вестибюль.",
    ), 4),
    ("Коммерсант", "Новая станция метро открылась на юге Москвы", (
        "Новая станция московского метро открылась на ул. Профсоюзной во вторник.",
        "Строительство обошлось городу в 12 млрд руб., сообщили в мэрии.",
        "Мэр Москвы заявил, что до конца года откроются ещё три станции.",
    ), 3),
]

REPORTS: list[tuple[str, str, tuple[str, ...], int]] = _REPORTS
BAIKAL_TITLES = {title for _, title, _, _ in _REPORTS[:3]}
BAIKAL_SOURCES = {"Вести", "Коммерсант", "Интерфакс"}
METRO_TITLE = _REPORTS[3][1]
SENTENCES = {sentence for _, _, sentences, _ in _REPORTS for sentence in sentences}


def rows(now: datetime | None = None) -> list[dict[str, Any]]:
    """The reports as JSONL rows for ``seed_articles``, published hours before ``now``."""
    now = now or datetime.now(UTC)
    return [
        article(title, " ".join(sentences), source=source, published=now - timedelta(hours=hours),
                url=f"https://ru.news.example/{i}")
        for i, (source, title, sentences, hours) in enumerate(_REPORTS)
    ]
