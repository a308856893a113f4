# The API as a container: gunicorn on port 8000 with gunicorn.conf.py, as a non-root user.
#   docker build -t authapi .
#   docker compose up          # with PostgreSQL and Redis: see docker-compose.yml
# Settings come from the environment, as everywhere (deploy/authapi.env.example lists them).
# The container needs at least SECRET_KEY, JWT_SECRET_KEY and DATABASE_URL: its files are
# read-only for the app, so the default SQLite file cannot be written.

ARG PYTHON_IMAGE=python:3.12-slim-bookworm

# --- build: the pinned requirements into a virtual environment, and the static files ------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
# Every requirement has a wheel for this Python, so no compiler is needed, here or later.
RUN pip install --no-cache-dir -r /tmp/requirements.txt
WORKDIR /app
COPY . .
# Django refuses to load without its keys, or with one value for both. These exist only in
# this command's environment: they are in no layer of the final image, which gets its keys when it runs.
RUN SECRET_KEY=build-only-not-a-secret-used-for-collectstatic \
    JWT_SECRET_KEY=build-only-another-non-secret-for-collectstatic \
    MFA_SECRET_KEY=build-only-a-third-non-secret-for-collectstatic \
    python manage.py collectstatic --noinput --verbosity 0

# --- runtime: Python, the virtual environment and the app; no pip cache, no build stage -----
FROM ${PYTHON_IMAGE}
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
# A fixed numeric id, so the host and orchestrators (runAsNonRoot) can tell it is not root.
RUN groupadd --system --gid 10001 authapi \
    && useradd --system --no-log-init --uid 10001 --gid authapi --no-create-home \
      --home-dir /app --shell /usr/sbin/nologin authapi
COPY --from=build /opt/venv /opt/venv
# Owned by root: the app can read its code but not change it.
COPY --from=build /app /app
WORKDIR /app
USER 10001:10001
EXPOSE 8000
# urllib, not curl (the slim image has none); see deploy/healthcheck.py for the Host header.
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
    CMD ["python", "deploy/healthcheck.py"]
CMD ["gunicorn", "--config", "gunicorn.conf.py"]
