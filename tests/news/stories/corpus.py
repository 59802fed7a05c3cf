"""Hand-written articles for clustering tests: pairs of outlets on one event, unrelated events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from news.models import ArticleDraft

__all__ = ["BASE", "EVENTS", "draft"]

BASE = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)

# event name -> (outlet A text, outlet B text): the same event in different words.
EVENTS: dict[str, tuple[str, str]] = {
    "quake": (
        (
            "A magnitude 7.1 earthquake struck off the coast of Hokkaido on Monday, the Japan "
            "Meteorological Agency said, triggering tsunami warnings along the northern coast. "
            "Residents of Kushiro and Nemuro were told to move to higher ground. Hokkaido Electric "
            "said the Tomari nuclear plant reported no abnormalities. Bullet train services were "
            "suspended while engineers inspected the tracks."
        ),
        (
            "Tsunami warnings were issued for northern Japan after a powerful 7.1 earthquake hit "
            "near Hokkaido. The Meteorological Agency urged people in Kushiro to evacuate to high "
            "ground. Officials at the Tomari plant said no damage had been found, and rail operators "
            "halted bullet train services across Hokkaido as a precaution."
        ),
    ),
    "chips": (
        (
            "Nvidia reported quarterly revenue of $26 billion on Wednesday, beating analysts' "
            "forecasts as demand for its artificial intelligence chips kept surging. Chief executive "
            "Jensen Huang said data centre sales had tripled. Nvidia shares rose 6% in after-hours "
            "trading and the company announced a ten-for-one stock split."
        ),
        (
            "Shares of Nvidia jumped after the chipmaker posted revenue of $26 billion, well above "
            "Wall Street estimates, driven by data centre demand for AI processors. Jensen Huang "
            "told analysts that the next generation of chips would ship this year. The company also "
            "unveiled a ten-for-one stock split."
        ),
    ),
    "final": (
        (
            "Real Madrid won the Champions League final at Wembley on Saturday, beating Borussia "
            "Dortmund 2-0 with late goals from Dani Carvajal and Vinicius Junior. It was the Spanish "
            "club's 15th European Cup. Dortmund had wasted early chances through Karim Adeyemi and "
            "Niclas Fullkrug, who hit the post."
        ),
        (
            "Dani Carvajal and Vinicius Junior scored in the second half as Real Madrid beat "
            "Borussia Dortmund at Wembley to lift a record 15th European title. Dortmund dominated "
            "the first half, Niclas Fullkrug striking the post, but Carlo Ancelotti's side took "
            "control after the break."
        ),
    ),
}


def draft(event: str, outlet: int, *, hours: float = 0.0, ext_id: str | None = None) -> ArticleDraft:
    """One outlet's article on an event, published ``hours`` after BASE."""
    text = EVENTS[event][outlet]
    return ArticleDraft(
        body=text,
        title=text.split(". ")[0],
        source=f"outlet-{outlet}",
        published_at=BASE + timedelta(hours=hours),
        ext_id=ext_id or f"{event}-{outlet}-{hours}",
        language="english",
    )

# Russian reports: one event per key, told by three outlets with different word forms
# ("Камчатки"/"Камчатке"/"Камчатку"). "rate" and "metro" both happen in Moscow and must still
# stay two stories.
RUSSIAN_EVENTS: dict[str, tuple[str, str, str]] = {
    "quake": (
        (
            "Землетрясение магнитудой 7,1 произошло у восточного побережья Камчатки в понедельник, "
            "сообщила Геофизическая служба РАН. В Петропавловске-Камчатском жители выбежали на "
            "улицы, в нескольких домах потрескались стены. МЧС объявило угрозу цунами для "
            "побережья Камчатки и Командорских островов."
        ),
        (
            "Мощные подземные толчки магнитудой 7,1 ощутили жители Петропавловска-Камчатского. "
            "Эпицентр находился в океане в 100 километрах от берега, передает Геофизическая "
            "служба. На Камчатке объявлена угроза цунами, спасатели МЧС эвакуируют людей с "
            "побережья, сообщений о погибших нет."
        ),
        (
            "На Камчатку обрушилось сильное землетрясение: по данным сейсмологов, его магнитуда "
            "составила 7,1. В Петропавловске-Камчатском повреждены несколько зданий. МЧС "
            "предупредило о возможном цунами у Командорских островов, жителей прибрежных сел "
            "просят подняться на возвышенности."
        ),
    ),
    "rate": (
        (
            "Банк России повысил ключевую ставку до 16% годовых, сообщила пресс-служба регулятора "
            "в пятницу в Москве. Эльвира Набиуллина объяснила решение ускорением инфляции и "
            "ослаблением рубля. Аналитики ожидали повышения до 15%."
        ),
        (
            "Центробанк неожиданно поднял ключевую ставку сразу на 100 базисных пунктов, до 16%. "
            "Глава Банка России Эльвира Набиуллина заявила, что инфляция остается высокой, а "
            "курс рубля неустойчив. Рынок закладывал меньшее повышение ставки."
        ),
        (
            "Совет директоров Банка России принял решение поднять ключевую ставку до 16%. "
            "Набиуллина на пресс-конференции в Москве сказала, что регулятор готов ужесточать "
            "политику и дальше, если инфляция не замедлится. Рубль после решения укрепился."
        ),
    ),
    "metro": (
        (
            "В Москве открыли новую станцию метро «Пыхтино» на Солнцевской линии, сообщил мэр "
            "Сергей Собянин. Станция примет до 30 тысяч пассажиров в сутки. Строители "
            "завершили работы на полгода раньше срока."
        ),
        (
            "Сергей Собянин открыл станцию «Пыхтино»: она стала 250-й в московском метро. "
            "Ежедневно через новую станцию Солнцевской линии будут проходить около 30 тысяч "
            "пассажиров, рассказал мэр. Рядом строят пересадочный узел с автобусами."
        ),
        (
            "Новая станция метрополитена «Пыхтино» заработала на Солнцевской линии в Москве. "
            "По словам Собянина, пассажиропоток составит 30 тысяч человек в сутки, а жители "
            "Новой Москвы сэкономят до 20 минут на поездках в центр."
        ),
    ),
}
