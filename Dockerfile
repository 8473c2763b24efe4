# evalloop: the server (`evalloop serve`). Postgres comes from docker-compose.yml (DATABASE_URL).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts
COPY . .
ENV NODE_ENV=production PORT=4318 HOST=0.0.0.0
EXPOSE 4318 4317
USER node
CMD ["npx", "tsx", "cli/evalloop.ts", "serve"]
