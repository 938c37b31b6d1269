// Corpus e2e in Chromium: each saved real news page from ../shared/corpus, counted by dist/chrome, against pinned counts and the matcher's regex oracle.
import { defineCorpusSuite } from './hostile-cases';

defineCorpusSuite('chromium');
