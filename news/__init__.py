"""The news core: sources, storage, search, stories, the pipeline and answers. Knows nothing of Telegram."""
