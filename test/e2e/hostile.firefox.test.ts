// Hostile-page e2e in Firefox ESR: every case of hostile-cases.ts against dist/firefox, compared with an extension-off Firefox.
import { defineHostileSuite } from './hostile-cases';

defineHostileSuite('firefox');
