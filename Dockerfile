# One image for every service; the command picks which one runs.
#   docker build -t booking .  &&  docker run booking node subgraphs/users/dist/index.js
FROM node:24-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
CMD ["node", "router/dist/index.js"]
