/**
 * Builds the workspace front end into web/dist, served by `lockstep serve` under /app/. No CDN:
 * sigma, graphology and zod are bundled. No inline script or style in the output (the server's CSP
 * forbids them): Vite emits one module script and one stylesheet, linked from index.html.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/app/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The module preload polyfill is injected inline by default; modern browsers need none.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
});
