"""The Telegram face: the application (one builder), the per-chat update processor, the glue
from updates to features, the features themselves (``handlers/``), rendering, sending and
daily digests."""
