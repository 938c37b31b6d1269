// The published page catalog: what a page revives with loadIndex matches bundled and personal entities, honours phrase rules, never shows stop phrases.
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createStorage } from '../src/browser/storage';
import { compileDataset } from '../src/dataset/compile';
import { findMentions, loadIndex } from '../src/matcher';
import type { PublishedIndex } from '../src/messages';
import { matchEntities } from '../src/stop-phrases';
import { createFakeStorage } from '../test/fakes/storage';
import { publishMatchIndex } from './match-index';
import type { UserDataDeps } from './userdata';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bundled = matchEntities(compileDataset(ROOT).index);

function setup() {
  const fake = createFakeStorage();
  const store = createStorage(fake.area, fake.events);
  const d = { store, bundledEntities: async () => bundled } as unknown as UserDataDeps;
  const saved: PublishedIndex[] = [];
  const io = { version: () => '9.9.9', save: async (p: PublishedIndex) => void saved.push(p) };
  return { store, d, io, saved };
}

const ids = (p: PublishedIndex, text: string) => findMentions(text, loadIndex(p.index)).map((m) => m.entityId);

describe('publishMatchIndex', () => {
  it('publishes a loadable index of the bundled catalog without the stop-phrase pseudo-entity', async () => {
    const { d, io, saved } = setup();
    const p = await publishMatchIndex(d, io);
    expect(saved).toEqual([p]);
    expect(p.version).toBe('9.9.9');
    // "Washington Post" is matched (so "Washington" inside it is not), then never shown: no entity carries its id.
    expect(ids(p, 'Lukashenko met the CSTO; the Washington Post reported it.')).toEqual(['lukashenko', 'csto', '~stop']);
    expect(p.entities.some((e) => e.id.startsWith('~'))).toBe(false);
    expect(p.entities.find((e) => e.id === 'lukashenko')).toEqual({ id: 'lukashenko', type: 'person', name: expect.any(String) });
  });

  it("adds the reader's entities (marked personal) and drops phrases never to highlight", async () => {
    const { d, io, store } = setup();
    const mine = await store.saveEntityDraft({ name: 'Eastern Ledger', type: 'organization', aliases: ['Ledger'] });
    await store.addPhraseRule('CSTO');
    const p = await publishMatchIndex(d, io);
    expect(ids(p, 'The Ledger says Lukashenko left the CSTO.')).toEqual([mine.id, 'lukashenko']);
    expect(p.entities.find((e) => e.id === mine.id)).toMatchObject({ personal: true, name: 'Eastern Ledger' });
  });

  it('runs calls one after another, so the last stored catalog is the newest', async () => {
    const { d, io, saved, store } = setup();
    const first = publishMatchIndex(d, io);
    await store.addPhraseRule('Minsk');
    const second = publishMatchIndex(d, io);
    await Promise.all([first, second]);
    expect(saved.length).toBe(2);
    expect(ids(saved[1]!, 'Minsk')).toEqual([]);
  });
});
