"""The bot's own words in the chat's language: a small catalog of its most seen replies.

Telegram tells each update's user language (``language_code``, e.g. "ru", "pt-br"); the glue
puts the catalog language it maps to on ``Env.language``, and a feature looks its words up by
key. Only the bot's own words change: article sentences stay in the article's language, and
a language or key missing here reads in English. Values are Telegram HTML; the ``{fields}``
are filled with text the caller has already escaped.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CHAT_LANGUAGE", "DEFAULT", "LANGUAGES", "language_of", "t", "translated"]

DEFAULT: Final = "en"
CHAT_LANGUAGE: Final = "language"  # chat_data key: the language last heard in a chat

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


def language_of(code: str | None) -> str:
    """The catalog language for a Telegram ``language_code`` ("pt-br" -> "pt"), else English."""
    if not code:
        return DEFAULT
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else DEFAULT


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
