# One Node image for the API, the workers and the bootstrap step (docker-compose.yml picks the command).
# Build context: the repository root.

# --- dependencies and the web modeler bundle -------------------------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN npm run build:modeler && npm prune --omit=dev --no-audit --no-fund

# --- runtime ---------------------------------------------------------------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    API_PORT=3000 \
    WORKER_METRICS_PORT=9464
WORKDIR /app
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /data && chown node:node /data
# The image's unprivileged user.
USER node
EXPOSE 3000 9464
CMD ["node", "--import", "tsx", "src/main.ts"]
