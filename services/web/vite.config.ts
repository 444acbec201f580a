// Vite config for the ProdDash SPA. The dev server and `vite preview` proxy the
// backend paths so the page works without Caddy in front; in production Caddy
// serves dist/ and routes /auth, /.well-known and /api itself.
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

const authTarget = process.env.AUTH_URL ?? 'http://127.0.0.1:3001'
const apiTarget = process.env.API_URL ?? 'http://127.0.0.1:3002'
const port = Number(process.env.WEB_PORT ?? process.env.PORT ?? 5173)

// changeOrigin stays false: the auth service compares Origin/Host for
// login/register (cross-site refusal), so the browser's Host must pass through.
const proxy = {
  '/auth': { target: authTarget, changeOrigin: false },
  '/.well-known': { target: authTarget, changeOrigin: false },
  '/api': { target: apiTarget, changeOrigin: false },
}

// The same policy Caddy sends, so `vite preview` (and browser tests against it)
// catch anything that would break under it. Not on the dev server: React's
// fast-refresh preamble is an inline script.
const contentSecurityPolicy = [
  "default-src 'self'",
  "img-src 'self' https: data:",
  "style-src 'self'",
  "script-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ')

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: true,
    // Hashed file names (Vite's default) let Caddy cache assets forever.
    rollupOptions: { output: { entryFileNames: 'assets/[name]-[hash].js' } },
  },
  server: { host: '127.0.0.1', port, strictPort: false, proxy },
  preview: { host: '127.0.0.1', port, strictPort: true, proxy, headers: { 'content-security-policy': contentSecurityPolicy } },
})
