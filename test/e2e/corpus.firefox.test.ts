// Corpus e2e in Firefox ESR: each saved real news page from ../shared/corpus, counted by dist/firefox, against pinned counts and the matcher's regex oracle.
import { defineCorpusSuite } from './hostile-cases';

defineCorpusSuite('firefox');
