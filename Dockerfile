# Coach: one image for `coach serve` replicas, one-shot admin commands (`coach db upgrade`, `coach ingest`,
# `coach token ...`) and, with `chroma` as the entrypoint, the Chroma server (same chromadb version as the
# client, so the two always speak the same API). See docs/deploy.md.
#
# Not built in this project's CI (no container engine there); `docker build .` is the check.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY assistant ./assistant
COPY prompts ./prompts
COPY retrieval ./retrieval
COPY guardrails ./guardrails
COPY evals ./evals
RUN pip install --prefix=/install ".[postgres,redis]"

FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    COACH_DATA_DIR=/var/lib/coach \
    COACH_LOG_FORMAT=json
COPY --from=build /install /usr/local
RUN useradd --system --uid 10001 --home-dir /var/lib/coach --create-home coach \
 && mkdir -p /var/lib/chroma && chown coach /var/lib/chroma
USER coach
WORKDIR /var/lib/coach
EXPOSE 8000
# liveness only: readiness (/readyz) is the load balancer's business
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
ENTRYPOINT ["coach"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]
