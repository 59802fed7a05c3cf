"""``python -m bot.cli``: the same as the ``newsbrief`` command."""

from bot.cli import main

main()
