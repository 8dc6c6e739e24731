# Production image: Node 20 on Debian slim, dependencies from the lockfile, runs as the unprivileged "node" user.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app

COPY package.json package-lock.json ./
# esbuild (the build) and tsx (the maintenance scripts) are production dependencies: no dev ones needed.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
# The server runs as compiled JavaScript (dist/), without the tsx loader; src/ stays for the
# scripts (npm run migrate, create-admin, …, which run through tsx) and for the source maps.
RUN node scripts/build.mjs
COPY views ./views
COPY public ./public
COPY locales ./locales
COPY migrations ./migrations

USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/server.js"]
