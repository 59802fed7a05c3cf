"""The bot's own words in the chat's language: a small catalog of its most seen replies, the
command menu's descriptions and the names of months.

Telegram tells each update's user language (``language_code``, e.g. "ru", "pt-br"); the glue
puts the catalog language it maps to on ``Env.language``, and a feature looks its words up by
key. Only the bot's own words change: article sentences stay in the article's language, and
a language or key missing here reads in English. Values are Telegram HTML; the ``{fields}``
are filled with text the caller has already escaped.

A chat's language is that of the last person heard in it: in a private chat its user, in a
group whoever last addressed the bot (a command, a mention, a reply, a button), since a group
has no language of its own in Telegram. Updates from bots (an anonymous admin posts as
@GroupAnonymousBot) and without a sender change nothing. The glue stores it with the chat
(``NewsService.remember_language``), so digests sent with nobody writing (scheduled, retried,
after a restart) speak it; a channel speaks the language of the manager who last changed it.
"""

from __future__ import annotations

from datetime import date
from typing import Final

__all__ = ["CHAT_LANGUAGE", "DEFAULT", "LANGUAGES", "command_description", "format_day",
           "language_of", "t", "translated"]

DEFAULT: Final = "en"
# chat_data key: the language last stored for the chat (the glue writes only when it changes)
CHAT_LANGUAGE: Final = "language"

_CATALOG: Final[dict[str, dict[str, str]]] = {
    "welcome": {
        "en": "<b>Hello! I read the news for you.</b>\n{usage}\nFollow topics with /subscribe and "
              "get one digest a day at your time (/settings). Send me a link and I will summarize "
              "it. /help lists everything.",
        "ru": "<b>Здравствуйте! Я читаю новости за вас.</b>\n{usage}\nПодпишитесь на темы "
              "(/subscribe) и получайте одну сводку в день в удобное время (/settings). Пришлите "
              "ссылку, и я перескажу статью. /help: все команды.",
        "es": "<b>¡Hola! Leo las noticias por ti.</b>\n{usage}\nSigue temas con /subscribe y "
              "recibe un resumen al día a tu hora (/settings). Envíame un enlace y lo resumiré. "
              "/help lo explica todo.",
        "pt": "<b>Olá! Eu leio as notícias por você.</b>\n{usage}\nSiga temas com /subscribe e "
              "receba um resumo por dia no seu horário (/settings). Envie um link e eu o resumo. "
              "/help mostra tudo.",
        "de": "<b>Hallo! Ich lese die Nachrichten für dich.</b>\n{usage}\nFolge Themen mit "
              "/subscribe und bekomme täglich eine Zusammenfassung zu deiner Zeit (/settings). "
              "Schick mir einen Link, und ich fasse ihn zusammen. /help zeigt alles.",
        "fr": "<b>Bonjour ! Je lis l'actualité pour vous.</b>\n{usage}\nSuivez des sujets avec "
              "/subscribe et recevez un résumé par jour à votre heure (/settings). Envoyez-moi un "
              "lien et je le résume. /help explique tout.",
        "it": "<b>Ciao! Leggo le notizie per te.</b>\n{usage}\nSegui argomenti con /subscribe e "
              "ricevi un riepilogo al giorno alla tua ora (/settings). Mandami un link e lo "
              "riassumo. /help spiega tutto.",
    },
    # English is news.QUESTION_USAGE (``translated`` gives None for it). Every example here is
    # a form news.answers understands in that language (a test asks).
    "question_usage": {
        "ru": "Спросите, например: «что нового о Байкале?», «что нового по выборам за неделю» "
              "или просто напишите тему, например «климат».",
        "es": "Pregunta, por ejemplo: «qué hay de nuevo sobre Gaza?», «noticias sobre Apple "
              "esta semana» o escribe solo un tema, como «clima».",
        "pt": "Pergunte, por exemplo: «o que há de novo sobre Gaza?», «notícias sobre a Apple "
              "esta semana» ou escreva só um tema, como «clima».",
        "de": "Frag zum Beispiel: „was gibt es Neues zu Gaza?“, „Nachrichten über Apple diese "
              "Woche“ oder schreib nur ein Thema wie „Klima“.",
        "fr": "Demandez par exemple : « quoi de neuf sur Gaza ? », « nouvelles sur Apple cette "
              "semaine » ou écrivez simplement un sujet, comme « climat ».",
        "it": "Chiedi per esempio: «novità su Gaza?», «notizie su Apple questa settimana» "
              "oppure scrivi solo un argomento, come «clima».",
    },
    "help_header": {
        "en": "Commands", "ru": "Команды", "es": "Comandos", "pt": "Comandos",
        "de": "Befehle", "fr": "Commandes", "it": "Comandi",
    },
    "help_link": {
        "en": "You can also just send a link to get it summarized.",
        "ru": "Можно просто прислать ссылку: я перескажу статью.",
        "es": "También puedes enviar un enlace para recibir su resumen.",
        "pt": "Você também pode enviar um link para receber o resumo.",
        "de": "Du kannst auch einfach einen Link schicken, um ihn zusammenzufassen.",
        "fr": "Vous pouvez aussi envoyer un lien pour en recevoir le résumé.",
        "it": "Puoi anche mandare un link per riceverne il riassunto.",
    },
    "new_usage": {
        "en": "Usage: /new &lt;topic&gt; [period]",
        "ru": "Как пользоваться: /new &lt;тема&gt; [период]",
        "es": "Uso: /new &lt;tema&gt; [periodo]",
        "pt": "Uso: /new &lt;tema&gt; [período]",
        "de": "So geht's: /new &lt;Thema&gt; [Zeitraum]",
        "fr": "Utilisation : /new &lt;sujet&gt; [période]",
        "it": "Uso: /new &lt;argomento&gt; [periodo]",
    },
    "too_long": {  # English: bot.telegram.handlers.ask.TOO_LONG
        "ru": "Слишком длинно для вопроса. Спросите в нескольких словах, например «что нового "
              "о Газе?», или пришлите ссылку.",
        "es": "Es demasiado largo para una pregunta. Pregunta en pocas palabras, por ejemplo "
              "«qué hay de nuevo sobre Gaza?», o envíame un enlace.",
        "pt": "É longo demais para uma pergunta. Pergunte em poucas palavras, por exemplo «o que "
              "há de novo sobre Gaza?», ou envie um link.",
        "de": "Das ist zu lang für eine Frage. Frag in wenigen Worten, z. B. „was gibt es Neues "
              "zu Gaza?“, oder schick mir einen Link.",
        "fr": "C'est trop long pour une question. Demandez en quelques mots, par exemple « quoi "
              "de neuf sur Gaza ? », ou envoyez-moi un lien.",
        "it": "È troppo lungo per una domanda. Chiedi in poche parole, per esempio «novità su "
              "Gaza?», oppure mandami un link.",
    },
    "answer_header": {
        "en": "What's new on {topic}", "ru": "Что нового: {topic}",
        "es": "Novedades sobre {topic}", "pt": "Novidades sobre {topic}",
        "de": "Neues zu {topic}", "fr": "Quoi de neuf sur {topic}", "it": "Novità su {topic}",
    },
    "nothing_new": {
        "ru": "Ничего нового по теме «{topic}» за этот период. Последние материалы:",
        "es": "Nada nuevo sobre {topic} en este periodo. Lo más reciente:",
        "pt": "Nada de novo sobre {topic} neste período. O mais recente:",
        "de": "Nichts Neues zu {topic} in diesem Zeitraum. Das Neueste:",
        "fr": "Rien de neuf sur {topic} sur cette période. Le plus récent :",
        "it": "Niente di nuovo su {topic} in questo periodo. Le ultime notizie:",
    },
    "no_news": {
        "ru": "Пока нет новостей по теме «{topic}».",
        "es": "Todavía no hay noticias sobre {topic}.",
        "pt": "Ainda não há notícias sobre {topic}.",
        "de": "Noch keine Nachrichten zu {topic}.",
        "fr": "Pas encore de nouvelles sur {topic}.",
        "it": "Ancora nessuna notizia su {topic}.",
    },
    "digest_header": {
        "en": "Your news digest, {day}", "ru": "Ваша сводка новостей, {day}",
        "es": "Tu resumen de noticias, {day}", "pt": "Seu resumo de notícias, {day}",
        "de": "Deine Nachrichten, {day}", "fr": "Votre résumé de l'actualité, {day}",
        "it": "Il tuo riepilogo di notizie, {day}",
    },
    "digest_top": {
        "en": "the top stories", "ru": "главные новости", "es": "las noticias principales",
        "pt": "as principais notícias", "de": "die wichtigsten Meldungen",
        "fr": "les principales nouvelles", "it": "le notizie principali",
    },
    "digest_nothing_new": {
        "en": "Nothing new on your topics since {date}.",
        "ru": "По вашим темам ничего нового с {date}.",
        "es": "Nada nuevo sobre tus temas desde el {date}.",
        "pt": "Nada de novo sobre seus temas desde {date}.",
        "de": "Nichts Neues zu deinen Themen seit {date}.",
        "fr": "Rien de neuf sur vos sujets depuis le {date}.",
        "it": "Niente di nuovo sui tuoi argomenti dal {date}.",
    },
    "digest_no_new_stories": {
        "en": "No new stories since {date}.", "ru": "Новых материалов с {date} нет.",
        "es": "No hay noticias nuevas desde el {date}.", "pt": "Sem notícias novas desde {date}.",
        "de": "Keine neuen Meldungen seit {date}.", "fr": "Pas de nouvelles depuis le {date}.",
        "it": "Nessuna nuova notizia dal {date}.",
    },
    "digest_more": {
        "en": "…and {count} more; ask me about a topic for details.",
        "ru": "…и ещё {count}; спросите меня о теме, чтобы узнать подробности.",
        "es": "…y {count} más; pregúntame por un tema para ver detalles.",
        "pt": "…e mais {count}; pergunte-me sobre um tema para ver detalhes.",
        "de": "…und {count} weitere; frag mich nach einem Thema für Details.",
        "fr": "…et {count} de plus ; interrogez-moi sur un sujet pour les détails.",
        "it": "…e altre {count}; chiedimi di un argomento per i dettagli.",
    },
    "update": {  # a digest story the chat has read, back with new facts: "Update · <title>"
        "en": "Update", "ru": "Обновление", "es": "Actualización", "pt": "Atualização",
        "de": "Aktualisierung", "fr": "Mise à jour", "it": "Aggiornamento",
    },
    "admins_only": {
        "en": "admins only", "ru": "только для администраторов", "es": "solo administradores",
        "pt": "só administradores", "de": "nur für Admins", "fr": "administrateurs seulement",
        "it": "solo amministratori",
    },
    "unknown_command": {
        "en": "I don't know {name}. /help lists what I can do.",
        "ru": "Я не знаю команду {name}. /help: что я умею.",
        "es": "No conozco {name}. /help muestra lo que sé hacer.",
        "pt": "Não conheço {name}. /help mostra o que sei fazer.",
        "de": "{name} kenne ich nicht. /help zeigt, was ich kann.",
        "fr": "Je ne connais pas {name}. /help liste ce que je sais faire.",
        "it": "Non conosco {name}. /help elenca cosa so fare.",
    },
}

LANGUAGES: Final = frozenset(lang for entry in _CATALOG.values() for lang in entry)

# The Telegram menu (setMyCommands with a language_code) and /help, by command name; English is
# each CommandSpec's own description (bot.telegram.handlers), so there is one English text.
_COMMANDS: Final[dict[str, dict[str, str]]] = {
    "start": {"ru": "приветствие и как задать вопрос", "es": "bienvenida y cómo preguntar",
              "pt": "boas-vindas e como perguntar", "de": "Begrüßung und wie man fragt",
              "fr": "accueil et comment poser une question", "it": "benvenuto e come chiedere"},
    "help": {"ru": "все команды", "es": "todos los comandos", "pt": "todos os comandos",
             "de": "alle Befehle", "fr": "toutes les commandes", "it": "tutti i comandi"},
    "new": {"ru": "что нового по теме", "es": "novedades sobre un tema",
            "pt": "novidades sobre um tema", "de": "Neues zu einem Thema",
            "fr": "quoi de neuf sur un sujet", "it": "novità su un argomento"},
    "digest": {"ru": "ваша сводка сейчас", "es": "tu resumen ahora", "pt": "seu resumo agora",
               "de": "deine Zusammenfassung jetzt", "fr": "votre résumé maintenant",
               "it": "il tuo riepilogo ora"},
    "story": {"ru": "материал целиком: главное, точки зрения, цитата, хронология, источники",
              "es": "una noticia completa: puntos clave, perspectivas, cita, cronología, fuentes",
              "pt": "uma notícia completa: pontos-chave, perspectivas, citação, cronologia, fontes",
              "de": "eine Meldung komplett: Kernpunkte, Perspektiven, Zitat, Chronik, Quellen",
              "fr": "un sujet en entier : points clés, points de vue, citation, chronologie, sources",
              "it": "una notizia per intero: punti chiave, prospettive, citazione, cronologia, fonti"},
    "subscribe": {"ru": "подписаться на темы ежедневной сводки",
                  "es": "seguir temas en un resumen diario", "pt": "seguir temas num resumo diário",
                  "de": "Themen in einer täglichen Zusammenfassung folgen",
                  "fr": "suivre des sujets dans un résumé quotidien",
                  "it": "seguire argomenti in un riepilogo quotidiano"},
    "unsubscribe": {"ru": "отписаться от тем", "es": "dejar de seguir temas",
                    "pt": "deixar de seguir temas", "de": "Themen nicht mehr folgen",
                    "fr": "ne plus suivre des sujets", "it": "smettere di seguire argomenti"},
    "settings": {"ru": "время сводки, часовой пояс, вкл./выкл.",
                 "es": "hora del resumen, zona horaria, activar/desactivar",
                 "pt": "horário do resumo, fuso horário, ligar/desligar",
                 "de": "Uhrzeit, Zeitzone, an/aus",
                 "fr": "heure du résumé, fuseau horaire, activé/désactivé",
                 "it": "ora del riepilogo, fuso orario, attivo/disattivo"},
    "sources": {"ru": "ленты и издания, которые я читаю", "es": "fuentes y medios que leo",
                "pt": "fontes e veículos que leio", "de": "Feeds und Medien, die ich lese",
                "fr": "flux et médias que je lis", "it": "feed e testate che leggo"},
    "summarize": {"ru": "пересказать веб-страницу", "es": "resumir una página web",
                  "pt": "resumir uma página da web", "de": "eine Webseite zusammenfassen",
                  "fr": "résumer une page web", "it": "riassumere una pagina web"},
    "trend": {"ru": "график освещения темы по дням",
              "es": "un gráfico de la cobertura de un tema por día",
              "pt": "um gráfico da cobertura de um tema por dia",
              "de": "ein Diagramm der Berichte zu einem Thema pro Tag",
              "fr": "un graphique de la couverture d'un sujet par jour",
              "it": "un grafico della copertura di un argomento al giorno"},
    "channel": {"ru": "вести сводку канала или группы отсюда",
                "es": "gestionar desde aquí el resumen de un canal o grupo",
                "pt": "gerir daqui o resumo de um canal ou grupo",
                "de": "die Zusammenfassung eines Kanals oder einer Gruppe von hier steuern",
                "fr": "gérer d'ici le résumé d'une chaîne ou d'un groupe",
                "it": "gestire da qui il riepilogo di un canale o gruppo"},
    "addfeed": {"ru": "добавить ленту", "es": "añadir una fuente", "pt": "adicionar um feed",
                "de": "einen Feed hinzufügen", "fr": "ajouter un flux", "it": "aggiungere un feed"},
    "removefeed": {"ru": "удалить ленту", "es": "quitar una fuente", "pt": "remover um feed",
                   "de": "einen Feed entfernen", "fr": "retirer un flux", "it": "rimuovere un feed"},
    "stats": {"ru": "сбор новостей и доставка в цифрах", "es": "cifras de recogida y envío",
              "pt": "números de coleta e entrega", "de": "Zahlen zu Abruf und Zustellung",
              "fr": "chiffres de collecte et d'envoi", "it": "cifre di raccolta e consegna"},
}

# Dates in the bot's own words ("Your news digest, 20 Nov 2026"). A table rather than a
# library: strftime's %b follows the process-wide C locale, which a container rarely has for
# anything but English; Babel is here only as trafilatura's dependency and loads CLDR data for
# 7 x 12 words. English keeps its short month; the others are CLDR's long date without the year
# suffix ("20 ноября 2026"), which tests/bot/telegram/test_i18n.py compares with CLDR.
_MONTHS: Final[dict[str, tuple[str, ...]]] = {
    language: tuple(names.split()) for language, names in {
        "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
        "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
              "diciembre",
        "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
              "dezembro",
        "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
              "dicembre",
    }.items()
}
_DATE_PATTERNS: Final = {"es": "{day} de {month} de {year}", "pt": "{day} de {month} de {year}",
                         "de": "{day}. {month} {year}"}


def language_of(code: str | None) -> str:
    """The catalog language for a Telegram ``language_code`` ("pt-br" -> "pt"), else English."""
    if not code:
        return DEFAULT
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else DEFAULT


def command_description(name: str, language: str, english: str) -> str:
    """The menu's description of ``/name`` in ``language``; ``english`` where it has none."""
    return _COMMANDS.get(name, {}).get(language) or english


def format_day(moment: date, language: str = DEFAULT) -> str:
    """'6 May 2024', '6 мая 2024', '6. Mai 2024': a day, unambiguous, in ``language``."""
    months = _MONTHS.get(language) or _MONTHS[DEFAULT]
    pattern = _DATE_PATTERNS.get(language, "{day} {month} {year}")
    return pattern.format(day=moment.day, month=months[moment.month - 1], year=moment.year)


def t(key: str, language: str, **fields: object) -> str:
    """The bot's words for ``key`` in ``language`` (English if it has none), ``fields`` filled."""
    entry = _CATALOG[key]
    text = entry.get(language) or entry[DEFAULT]
    return text.format(**fields)


def translated(key: str, language: str, **fields: object) -> str | None:
    """Like ``t``, but None where ``language`` has no words of its own for ``key``.

    For replies whose English text the news core writes with more detail than a catalog line
    ("Nothing new on X in the last 7 days. The most recent coverage is 3 days old:"): English
    chats keep that text, the others get the catalog's shorter line.
    """
    text = _CATALOG[key].get(language)
    return text.format(**fields) if text is not None else None
