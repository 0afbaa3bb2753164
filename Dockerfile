# syntax=docker/dockerfile:1
# watchsync: one image for the worker and the bridge (the command picks which; see deploy/entrypoint.sh).
# Debian (glibc), not Alpine: the Temporal SDK's native core bridge is built against glibc.
ARG NODE_IMAGE=node:20.19.5-bookworm-slim

# Production dependencies only, installed from the lockfile.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The same `npm run build` as a developer runs: dist/ (tsc), dist/store/migrations, dist/workflow-bundle.js.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle-workflows.ts ./scripts/bundle-workflows.ts
COPY src ./src
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# production: the worker loads the prebuilt workflow bundle instead of running webpack at start (src/worker.ts).
ENV NODE_ENV=production \
    WATCHSYNC_CONFIG=/config/config.json
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY --from=build /app/dist ./dist
COPY deploy/healthcheck.js ./deploy/healthcheck.js
COPY --chmod=755 deploy/entrypoint.sh /usr/local/bin/watchsync-entrypoint
COPY --chmod=755 deploy/watchsync.sh /usr/local/bin/watchsync
# The image's own unprivileged user (uid 1000); the code and dependencies stay root-owned and read-only to it.
# /state: the writable volume `watchsync auth` saves to (a fresh named volume takes this directory's owner).
RUN mkdir /state && chown node:node /state
USER node
EXPOSE 8787
ENTRYPOINT ["watchsync-entrypoint"]
CMD ["worker"]
