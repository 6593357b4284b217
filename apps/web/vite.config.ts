import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server (apps/server) serves dist/ in production; in development Vite proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Each page is its own lazy chunk; keep an eye on anything that grows past this.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
});
