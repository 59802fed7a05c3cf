"""``newsbrief run`` for bench/load.py, with the per-user input limit raised to the load model's.

The bot's abuse guard (``bot.telegram.abuse``) allows one person about 10 questions a minute;
the load model of issue 12 has 50 people asking every 2-4 s (about 17 a minute each) to produce
~15 answers a second. Everything else is the real ``newsbrief run`` in the bot's own process:
settings from the environment, ``build_application``, long polling, the pipeline job.

    python bench/serve_bot.py PER_MINUTE
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from bot.telegram.abuse import input_limits
    from bot.telegram.application import build_application, run_application
    from config import configure_logging, load_settings

    settings = load_settings()
    configure_logging(settings.log_level, secrets=[settings.token or ""])
    application = build_application(settings)
    limits = input_limits(application.bot_data)
    limits.per_minute = float(sys.argv[1])
    limits.burst = max(limits.burst, int(limits.per_minute))
    run_application(application, settings)


if __name__ == "__main__":
    main()
