// The real catalog (generated/dataset/index.json): it compiles, and every alias finds its own entity in a sentence.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { IndexBundle } from '../types';
import { aliasCount, buildIndex, findMentions } from './index';
import { oracleFindMentions } from './oracle';

const BUNDLE = fileURLToPath(new URL('../../generated/dataset/index.json', import.meta.url));

function load(): IndexBundle {
  // Missing is a failure, not a skip: a skipped catalog test would let a broken alias ship unnoticed.
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run dataset:build first (npx tsx scripts/dataset.ts build)`);
  return JSON.parse(readFileSync(BUNDLE, 'utf8')) as IndexBundle;
}

describe('dataset catalog', () => {
  it('builds an index', () => {
    const bundle = load();
    const index = buildIndex(bundle.entities);
    expect(aliasCount(index)).toBeGreaterThan(0);
  });

  it('matches every alias to its own entity in "Reports: <alias>."', () => {
    const bundle = load();
    const index = buildIndex(bundle.entities);
    const failures: string[] = [];
    for (const entity of bundle.entities) {
      for (const a of entity.aliases) {
        const text = `Reports: ${a.text}.`;
        // A needsContext alias needs its entity on the page; pass it, as the content script would.
        const opts = a.needsContext ? { context: new Set([entity.id]) } : undefined;
        const found = findMentions(text, index, opts);
        const want = { start: 9, end: 9 + a.text.length, entityId: entity.id, alias: a.text };
        if (JSON.stringify(found) !== JSON.stringify([want])) failures.push(`${entity.id}: ${JSON.stringify(a.text)} → ${JSON.stringify(found)}`);
        expect(found).toEqual(oracleFindMentions(text, index, opts));
      }
    }
    expect(failures).toEqual([]);
  });
});
