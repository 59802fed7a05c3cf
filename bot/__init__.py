"""The faces of newsbrief: the Telegram application, the console chat and the `newsbrief` CLI."""
