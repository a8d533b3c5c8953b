// The console's build: React + Vite, served by the server under /console/ (packages/server/src/plugins/console-assets.ts).
// The contract is compiled from its sources (the `@cardepass/source` export condition), so the console
// uses the very permission table, error codes and money helpers the server uses.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  // This folder, wherever the build is started from (scripts/build.mjs runs it from the repository root).
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  resolve: { conditions: ['@cardepass/source', 'module', 'browser', 'development|production'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The page's Content-Security-Policy allows no inline script or style: Vite's modulepreload
    // polyfill is an inline script, and inlined assets would be data: URLs in places the policy refuses.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // The contract's schema modules build TypeBox objects at load time, which a bundler must keep
      // (calls may have effects). They have none: the console needs only the contract's tables and
      // helpers, so modules of the contract and TypeBox are kept only for what is imported from them.
      treeshake: { moduleSideEffects: (id: string) => !/[\\/](packages[\\/]contract|@sinclair[\\/]typebox)[\\/]/.test(id) },
    },
  },
});
