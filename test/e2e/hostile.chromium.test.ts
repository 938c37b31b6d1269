// Hostile-page e2e in Chromium: every case of hostile-cases.ts against dist/chrome, compared with an extension-off Chromium.
import { defineHostileSuite } from './hostile-cases';

defineHostileSuite('chromium');
