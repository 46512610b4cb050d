# One replica of the dashboard in a container (docs/deploying.md).
#   docker build -t landscape .
#   docker run -p 8501:8501 -v /srv/landscape-data:/data \
#     -e LANDSCAPE_DATA=/data -e LANDSCAPE_PUBLIC_URL=https://map.example.org/ landscape
# Several containers behind a balancer: give each the same data and LANDSCAPE_COOKIE_SECRET.
FROM python:3.11-slim-bookworm

# make runs the install; npm installs the PMTiles renderer from js/package-lock.json
RUN apt-get update \
 && apt-get install -y --no-install-recommends make npm \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN make install PYTHON=python3 && rm -rf /root/.npm /root/.cache

# the bundled data unless a volume and LANDSCAPE_DATA say otherwise
ENV LANDSCAPE_DATA=/app/geodata
EXPOSE 8501
HEALTHCHECK --interval=10s --timeout=3s \
  CMD python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health')"
# the shared cookie secret, when set, signs the cookies every replica accepts
CMD ["sh", "-c", "exec .venv/bin/python -m landscape.ui.serve --server.port 8501 --server.address 0.0.0.0 ${LANDSCAPE_COOKIE_SECRET:+--server.cookieSecret $LANDSCAPE_COOKIE_SECRET}"]
