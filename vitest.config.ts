// Vitest setup: unit tests sit next to their modules; src/ runs under Node, UI tests opt into happy-dom with a "// @vitest-environment happy-dom" line.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The build's virtual module (scripts/build.ts), here as the file `npm run dataset:build` writes.
  resolve: { alias: { 'backstory:index': fileURLToPath(new URL('./generated/dataset/index.json', import.meta.url)) } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['src/**/*.test.ts', 'content-scripts/**/*.test.{ts,tsx}', 'popup/**/*.test.{ts,tsx}', 'options/**/*.test.{ts,tsx}', 'background/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    pool: 'threads',
  },
});
