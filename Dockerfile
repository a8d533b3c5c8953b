# syntax=docker/dockerfile:1
# Cardepass platform image: `cardepass serve` (API + worker, or one role) and
# `cardepass migrate`. Two stages: the first builds and packs the `cardepass`
# npm package exactly as CI does (npm ci runs the build through `prepare`);
# the second installs only that tarball and its runtime dependencies.
#
#   docker build -t cardepass:0.1.0 .
#   docker run -p 8080:8080 -v cardepass-data:/var/lib/cardepass/data cardepass:0.1.0
#
# See docs/operations.md for every environment variable and compose.yaml for
# a PostgreSQL deployment with separate api and worker processes.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
# `npm ci` installs the workspace and its `prepare` script builds every package
# (tsc into packages/*/dist, esbuild bundles). The cache mount keeps npm's
# download cache between builds without putting it in a layer.
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
RUN mkdir /pack && npm pack -w packages/cli --pack-destination /pack

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
COPY --from=build /pack/ /tmp/pack/
# The package brings its own runtime dependencies (fastify, pglite, pg, kysely…);
# nothing of the build stage but the tarball reaches this image.
RUN --mount=type=cache,target=/root/.npm npm install -g --no-audit --no-fund /tmp/pack/cardepass-*.tgz \
 && rm -rf /tmp/pack \
 && cardepass --help >/dev/null

# A system user of its own: the data directory holds admin.key and data.key
# (and the embedded store), which nobody else may read.
RUN groupadd --system cardepass \
 && useradd --system --gid cardepass --home-dir /var/lib/cardepass --shell /usr/sbin/nologin cardepass \
 && mkdir -p /var/lib/cardepass/data \
 && chown -R cardepass:cardepass /var/lib/cardepass \
 && chmod 0700 /var/lib/cardepass/data
WORKDIR /var/lib/cardepass
VOLUME ["/var/lib/cardepass/data"]

# Listen on every interface of the container (the default 127.0.0.1 would be
# unreachable from outside it); data in the volume above.
ENV HOST=0.0.0.0 \
    PORT=8080 \
    CARDEPASS_DATA_DIR=/var/lib/cardepass/data
EXPOSE 8080

USER cardepass
# Ready = database reachable and migrations current. The slim image has no
# curl: Node's own fetch asks. A worker-only container serves no HTTP; compose
# turns this check off for it.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM (Docker's stop signal) drains in-flight requests and jobs within
# CARDEPASS_SHUTDOWN_TIMEOUT_MS; give `docker stop -t` a little more than that.
STOPSIGNAL SIGTERM
CMD ["cardepass", "serve"]
