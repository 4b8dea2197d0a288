# One image for every service; the command picks which one runs.
#   docker build -t booking .  &&  docker run booking node subgraphs/users/dist/index.js
# The build stage compiles and generates the Prisma clients; the runtime image keeps only
# production dependencies (no embedded PostgreSQL binaries, no Prisma CLI, no test tools),
# the built code, the schema and the SQL migrations the services apply at start.
FROM node:24-slim AS build
WORKDIR /app
COPY . .
# npm keeps the Prisma CLI after the prune (an optional peer of @prisma/client), so it goes by name.
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf .test-data .data test $(cat docker/cli-only-packages.txt)

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000
CMD ["node", "router/dist/index.js"]
