"""Everything that brings articles in, as ``ArticleDraft``s; storing them is ``news.articles``.

    files         article files: the seed format, text, Markdown, HTML, JSON lines
    decode        bytes to text (size limit, binary detection, legacy encodings)
    normalize     clean bodies, dates, canonical URLs, content hashes
    http          the HTTP client: polite, bounded GETs (the one meaning of "fetch")
    netguard      which URLs may be fetched (the SSRF guard)
    pages         one web page to one article (trafilatura)
    feeds/        RSS/Atom: parsing, the feed poll, adding feeds, OPML
    text_sources  one-off texts for ``summarize``
"""
