"""How people ask "what's new on X?" in each supported language, as data.

Each language lists the phrases that open a question (``leads``), phrases that close one
(``tails``: Turkish and Persian put the topic first), and its period words mapped to the English
phrase ``news.answers.query.parse_period`` understands. ``{n}`` stands for a number. Phrases are
matched case-insensitively on whole words, longest first; a word list with "|" gives the
inflected forms of one word. English lives in ``news.answers.query`` itself (its forms are richer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

__all__ = ["LANGUAGES", "Phrases"]


@dataclass(frozen=True, slots=True)
class Phrases:
    leads: tuple[str, ...]
    periods: dict[str, str] = field(default_factory=dict)  # phrase -> English period phrase
    tails: tuple[str, ...] = ()


_RU_WEEKDAYS = {"понедельника": "monday", "вторника": "tuesday", "среды": "wednesday",
                "четверга": "thursday", "пятницы": "friday", "субботы": "saturday",
                "воскресенья": "sunday"}
_UK_WEEKDAYS = {"понеділка": "monday", "вівторка": "tuesday", "середи": "wednesday",
                "четверга": "thursday", "п'ятниці": "friday", "суботи": "saturday",
                "неділі": "sunday"}


def _since(word: str, days: dict[str, str]) -> dict[str, str]:
    return {f"{word} {day}": f"since {english}" for day, english in days.items()}


LANGUAGES: Final[dict[str, Phrases]] = {
    "russian": Phrases(
        leads=("что нового о|об|про|по|в|на", "что нового", "что слышно о|об|про",
               "какие новости о|об|про|по|в", "какие новости", "последние новости о|об|про|по",
               "новости о|об|про|по", "новости", "расскажи о|об|про", "что там с|со"),
        periods={"сегодня": "today", "вчера": "yesterday", "за неделю": "week",
                 "за эту неделю": "this week", "на этой неделе": "this week", "за месяц": "month",
                 "в этом месяце": "this month", "за последние {n} дней|дня|день": "last {n} days",
                 "за {n} дней|дня|день": "last {n} days", "за последние {n} часов|часа|час": "last {n} hours",
                 "за {n} часов|часа": "last {n} hours", "за сутки": "last 24 hours",
                 **_since("с|со", _RU_WEEKDAYS)},
    ),
    "ukrainian": Phrases(
        leads=("що нового про|у|в|з|щодо", "що нового", "які новини про|з|щодо", "новини про|щодо",
               "розкажи про"),
        periods={"сьогодні": "today", "вчора": "yesterday", "за тиждень": "week",
                 "цього тижня": "this week", "за місяць": "month",
                 "за останні {n} днів|дні": "last {n} days", **_since("з", _UK_WEEKDAYS)},
    ),
    "spanish": Phrases(
        leads=("qué hay de nuevo sobre|en|con|de", "que hay de nuevo sobre|en|con|de", "qué hay de nuevo",
               "qué pasa con", "que pasa con", "novedades sobre|de|en", "noticias sobre|de|en",
               "últimas noticias sobre|de", "lo último sobre|de"),
        periods={"hoy": "today", "ayer": "yesterday", "esta semana": "this week",
                 "la última semana": "week", "este mes": "this month", "el último mes": "month",
                 "en los últimos {n} días": "last {n} days", "en las últimas {n} horas": "last {n} hours",
                 **_since("desde el", {"lunes": "monday", "martes": "tuesday", "miércoles": "wednesday",
                                       "jueves": "thursday", "viernes": "friday", "sábado": "saturday",
                                       "domingo": "sunday"})},
    ),
    "portuguese": Phrases(
        leads=("o que há de novo sobre|em|com", "o que ha de novo sobre|em|com", "o que há de novo",
               "quais as novidades sobre|de", "novidades sobre|de|em", "notícias sobre|de|do|da",
               # "notícias sobre a Apple": the article belongs to the question, not the topic.
               "notícias sobre a|o|os|as", "novidades sobre a|o|os|as",
               "noticias sobre|de", "últimas notícias sobre|de"),
        periods={"hoje": "today", "ontem": "yesterday", "esta semana": "this week",
                 "nesta semana": "this week", "na última semana": "week", "este mês": "this month",
                 "nos últimos {n} dias": "last {n} days", "nas últimas {n} horas": "last {n} hours",
                 **_since("desde", {"segunda": "monday", "terça": "tuesday", "quarta": "wednesday",
                                    "quinta": "thursday", "sexta": "friday", "sábado": "saturday",
                                    "domingo": "sunday"})},
    ),
    "german": Phrases(
        leads=("was gibt es neues zu|über|bei|von|aus|in", "was gibt's neues zu|über|bei|von",
               "was gibt es neues", "was ist neu bei|zu", "neuigkeiten zu|über|von|aus",
               "nachrichten zu|über|von|aus", "neues von|zu|über", "das neueste zu|über|von"),
        periods={"heute": "today", "gestern": "yesterday", "diese woche": "this week",
                 "in dieser woche": "this week", "letzte woche": "week", "diesen monat": "this month",
                 "in den letzten {n} tagen": "last {n} days", "in den letzten {n} stunden": "last {n} hours",
                 **_since("seit", {"montag": "monday", "dienstag": "tuesday", "mittwoch": "wednesday",
                                   "donnerstag": "thursday", "freitag": "friday", "samstag": "saturday",
                                   "sonntag": "sunday"})},
    ),
    "french": Phrases(
        leads=("quoi de neuf sur|avec|à|en|concernant|chez", "quoi de neuf", "quelles nouvelles de|sur",
               "quelles sont les nouvelles de|sur", "les dernières nouvelles de|sur",
               "des nouvelles de|sur", "les nouvelles de|sur", "nouvelles de|sur", "actualités sur|de",
               "l'actualité de|sur"),
        periods={"aujourd'hui": "today", "hier": "yesterday", "cette semaine": "this week",
                 "la semaine dernière": "week", "ce mois-ci": "this month",
                 "ces {n} derniers jours": "last {n} days", "les {n} derniers jours": "last {n} days",
                 "ces {n} dernières heures": "last {n} hours",
                 **_since("depuis", {"lundi": "monday", "mardi": "tuesday", "mercredi": "wednesday",
                                     "jeudi": "thursday", "vendredi": "friday", "samedi": "saturday",
                                     "dimanche": "sunday"})},
    ),
    "italian": Phrases(
        leads=("cosa c'è di nuovo su|sul|sulla|sugli|riguardo|a|in", "che c'è di nuovo su|sul|sulla",
               "cosa c'è di nuovo", "che novità ci sono su|sul|sulla", "novità su|sul|sulla|da",
               "notizie su|sul|sulla|di|da", "ultime notizie su|sul|sulla|da"),
        periods={"oggi": "today", "ieri": "yesterday", "questa settimana": "this week",
                 "l'ultima settimana": "week", "questo mese": "this month",
                 "negli ultimi {n} giorni": "last {n} days", "nelle ultime {n} ore": "last {n} hours",
                 **_since("da", {"lunedì": "monday", "martedì": "tuesday", "mercoledì": "wednesday",
                                 "giovedì": "thursday", "venerdì": "friday", "sabato": "saturday",
                                 "domenica": "sunday"})},
    ),
    "dutch": Phrases(
        leads=("wat is er nieuw over|met|in|bij", "wat is er nieuw", "wat is het laatste nieuws over|uit",
               "het laatste nieuws over|uit", "nieuws over|uit|van"),
        periods={"vandaag": "today", "gisteren": "yesterday", "deze week": "this week",
                 "afgelopen week": "week", "deze maand": "this month",
                 "de afgelopen {n} dagen": "last {n} days", "de afgelopen {n} uur": "last {n} hours",
                 **_since("sinds", {"maandag": "monday", "dinsdag": "tuesday", "woensdag": "wednesday",
                                    "donderdag": "thursday", "vrijdag": "friday", "zaterdag": "saturday",
                                    "zondag": "sunday"})},
    ),
    "polish": Phrases(
        leads=("co nowego w sprawie", "co nowego na temat", "co nowego o|w|u|na", "co nowego",
               "co słychać w sprawie", "co słychać u|w", "najnowsze wiadomości o|z", "wiadomości o|z",
               "wiadomości na temat"),
        periods={"dzisiaj": "today", "dziś": "today", "wczoraj": "yesterday", "w tym tygodniu": "this week",
                 "w ostatnim tygodniu": "week", "w tym miesiącu": "this month",
                 "w ciągu ostatnich {n} dni": "last {n} days", "w ostatnich {n} dniach": "last {n} days",
                 **_since("od", {"poniedziałku": "monday", "wtorku": "tuesday", "środy": "wednesday",
                                 "czwartku": "thursday", "piątku": "friday", "soboty": "saturday",
                                 "niedzieli": "sunday"})},
    ),
    "turkish": Phrases(
        leads=("son haberler", "haberler"),
        tails=("hakkında ne var ne yok", "hakkında son haberler", "hakkında haberler", "hakkında neler var",
               "ile ilgili son haberler", "ile ilgili haberler", "ile ilgili ne var", "haberleri",
               "hakkında"),
        periods={"bugün": "today", "dün": "yesterday", "bu hafta": "this week", "geçen hafta": "week",
                 "bu ay": "this month", "son {n} gün": "last {n} days", "son {n} saat": "last {n} hours"},
    ),
    "persian": Phrases(
        leads=("چه خبر از", "چه خبر درباره", "خبرهای جدید درباره", "تازه‌ترین اخبار", "آخرین اخبار",
               "اخبار", "از", "درباره"),
        tails=("چه خبر",),
        periods={"امروز": "today", "دیروز": "yesterday", "این هفته": "this week", "هفته گذشته": "week",
                 "این ماه": "this month"},
    ),
    "arabic": Phrases(
        leads=("ما الجديد عن|حول|في|بشأن", "ما الجديد", "آخر أخبار", "اخر اخبار", "أخبار", "اخبار"),
        periods={"اليوم": "today", "أمس": "yesterday", "امس": "yesterday", "هذا الأسبوع": "this week",
                 "هذا الشهر": "this month"},
    ),
    "hebrew": Phrases(
        leads=("מה חדש עם|על|ב", "מה חדש", "חדשות על|מ", "חדשות"),
        periods={"היום": "today", "אתמול": "yesterday", "השבוע": "this week", "החודש": "this month"},
    ),
    "czech": Phrases(
        leads=("co je nového o|v|u|s", "co je nového", "zprávy o|z", "novinky o|z"),
        periods={"dnes": "today", "včera": "yesterday", "tento týden": "this week", "tento měsíc": "this month"},
    ),
    "slovak": Phrases(
        leads=("čo je nové o|v|u|s", "čo je nové", "správy o|z", "novinky o|z"),
        periods={"dnes": "today", "včera": "yesterday", "tento týždeň": "this week", "tento mesiac": "this month"},
    ),
    "swedish": Phrases(
        leads=("vad är nytt om|med|i", "vad är nytt", "nyheter om|från", "senaste nytt om|från"),
        periods={"idag": "today", "i dag": "today", "igår": "yesterday", "i går": "yesterday",
                 "den här veckan": "this week", "denna vecka": "this week", "den här månaden": "this month"},
    ),
}
