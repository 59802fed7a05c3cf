# newsbrief: the bot and the scheduled pipeline. Data (SQLite database, inbox) lives in /data.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NEWSBRIEF_DATA_DIR=/data

WORKDIR /app

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY config ./config
COPY news ./news
COPY summarizers ./summarizers
COPY examples ./examples

# Installs this project; its dependency ranges live in pyproject.toml.
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[postgres]" \
    && useradd --create-home --uid 10001 newsbrief \
    && mkdir -p /data \
    && chown newsbrief:newsbrief /data

USER 10001:10001
VOLUME ["/data"]

CMD ["newsbrief", "run"]
