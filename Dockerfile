# Tonearm: one image for API + UI + embedded worker, or workers only (`tonearm worker`).
# Conventions of the *arr world: PUID/PGID, volumes /config /downloads /music, port 8080.
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
# The matching engine is compiled with mypyc (scripts/build_native.py): the C compiler and the
# pinned build tools stay in this stage; the wheel carries the extension modules.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.lock requirements-native.lock pyproject.toml hatch_build.py README.md ./
RUN python -m venv /opt/tonearm \
    && /opt/tonearm/bin/pip install -r requirements.lock \
    && /opt/tonearm/bin/pip install --target /opt/native-tools -r requirements-native.lock
COPY scripts/build_native.py ./scripts/
COPY src ./src
RUN PYTHONPATH=/opt/native-tools /opt/tonearm/bin/python scripts/build_native.py --require \
    && /opt/tonearm/bin/pip install --no-deps . \
    && /opt/tonearm/bin/python -c "import tonearm.matching as m; assert m.compiled()"

FROM python:3.11-slim
LABEL org.opencontainers.image.title="Tonearm" \
      org.opencontainers.image.description="Self-hosted music automation hub" \
      org.opencontainers.image.licenses="GPL-3.0-or-later"
# util-linux brings setpriv (drop to PUID:PGID); passwd brings useradd/groupadd.
RUN apt-get update \
    && apt-get install -y --no-install-recommends util-linux passwd \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/tonearm /opt/tonearm
COPY docker/entrypoint.sh /usr/local/bin/tonearm-entrypoint
RUN chmod 0755 /usr/local/bin/tonearm-entrypoint \
    && mkdir -p /config /downloads /music
ENV PATH="/opt/tonearm/bin:${PATH}" \
    PYTHONUNBUFFERED=1 \
    PUID=1000 \
    PGID=1000 \
    TONEARM_DATA_DIR=/config \
    TONEARM_DOWNLOADS_DIR=/downloads \
    TONEARM_LIBRARY_DIR=/music \
    TONEARM_HOST=0.0.0.0 \
    TONEARM_PORT=8080
VOLUME ["/config", "/downloads", "/music"]
EXPOSE 8080
# Readiness needs the API key: the entrypoint-owned data dir holds it (api_key file) unless
# TONEARM_API_KEY is set; the probe reads whichever applies.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import os,pathlib,sys,urllib.request as u; k=os.environ.get('TONEARM_API_KEY') or pathlib.Path(os.environ.get('TONEARM_DATA_DIR','/config'),'api_key').read_text().strip(); r=u.urlopen(u.Request('http://127.0.0.1:8080/api/health/ready',headers={'X-API-Key':k}),timeout=4); sys.exit(0 if r.status==200 else 1)"
ENTRYPOINT ["/usr/local/bin/tonearm-entrypoint"]
CMD ["tonearm", "serve", "--host", "0.0.0.0", "--port", "8080"]
