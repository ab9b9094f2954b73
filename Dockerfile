# Folio's container image: the API (`npm start`, the default command) and, with another
# command, the projector (`npm run projector`), both from the same sources. Two stages: the
# first installs every dependency, type-checks the sources (a broken tree fails the build) and
# builds the web console;
# the second installs the runtime dependencies only (tsx runs the TypeScript directly) and runs
# as the unprivileged `node` user. See docs/operations.md, "Running with docker compose".

# --- build: all dependencies, type-check -------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The web console is built here (Vite is a dev dependency): console/dist, stamped with its
# sources' hash, is served as is by the runtime stage. The runtime stage copies the checked
# sources and the build from here, without these dev node_modules.
RUN npm run typecheck && npm run console:build && rm -rf node_modules

# --- runtime: production dependencies, non-root -----------------------------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    FOLIO_DATA_DIR=/app/.folio
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app ./
# FOLIO_DATA_DIR (only used without DATABASE_URL: the embedded PostgreSQL) must be writable.
RUN mkdir -p /app/.folio && chown node:node /app/.folio
USER node
EXPOSE 3000
# Liveness of the API; the projector's compose service overrides it (FOLIO_PROJECTOR_PORT).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself (not npm) receives SIGTERM and stops gracefully.
CMD ["node", "--max-semi-space-size=64", "--import", "tsx", "api/server.ts"]
