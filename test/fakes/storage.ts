// In-memory storage.local and storage.onChanged for unit tests: JSON-serialised like the real thing, an optional quota, and failure switches.
import type { StorageArea, StorageChange, StorageChangeEvents, StorageChangeListener } from '../../src/browser/storage';

export interface FakeStorage {
  area: StorageArea;
  events: StorageChangeEvents;
  /** A deep copy of everything stored. */
  dump(): Record<string, unknown>;
  /** Makes every set() reject (as a full quota does) until switched back; nothing is written while it is on. */
  failSets(on: boolean, message?: string): void;
  /** Makes every remove() reject until switched back. */
  failRemoves(on: boolean): void;
  /** Every set()/remove() call made, in order (keys only). */
  writes: Array<{ op: 'set' | 'remove'; keys: string[] }>;
  /** Resolves after pending onChanged notifications were delivered. */
  flush(): Promise<void>;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * `quotaBytes` mimics Chrome's storage.local quota (10 MB by default there): a set() that would exceed it rejects with
 * Chrome's message and stores nothing, like the real API.
 */
export function createFakeStorage(initial: Record<string, unknown> = {}, options: { quotaBytes?: number; areaName?: string } = {}): FakeStorage {
  const data = new Map<string, unknown>(Object.entries(clone(initial)));
  const listeners = new Set<StorageChangeListener>();
  const areaName = options.areaName ?? 'local';
  let failSet: string | null = null;
  let failRemove = false;
  let pending = Promise.resolve();
  const writes: FakeStorage['writes'] = [];

  const size = (m: Map<string, unknown>) => {
    let n = 0;
    for (const [k, v] of m) n += k.length + JSON.stringify(v).length;
    return n;
  };
  const notify = (changes: Record<string, StorageChange>) => {
    if (Object.keys(changes).length === 0) return;
    // Like the browsers: listeners run later, never inside the call that changed storage.
    pending = pending.then(() => {
      for (const cb of [...listeners]) cb(clone(changes), areaName);
    });
  };

  const area: StorageArea = {
    async get(keys) {
      const out: Record<string, unknown> = {};
      const wanted = keys === null || keys === undefined ? [...data.keys()] : typeof keys === 'string' ? [keys] : keys;
      for (const k of wanted) if (data.has(k)) out[k] = clone(data.get(k));
      return out;
    },
    async set(items) {
      writes.push({ op: 'set', keys: Object.keys(items) });
      if (failSet !== null) throw new Error(failSet);
      const next = new Map(data);
      for (const [k, v] of Object.entries(items)) next.set(k, clone(v));
      if (options.quotaBytes !== undefined && size(next) > options.quotaBytes) throw new Error('QUOTA_BYTES quota exceeded');
      const changes: Record<string, StorageChange> = {};
      for (const [k, v] of Object.entries(items)) {
        changes[k] = { ...(data.has(k) ? { oldValue: clone(data.get(k)) } : {}), newValue: clone(v) };
        data.set(k, clone(v));
      }
      notify(changes);
    },
    async remove(keys) {
      const list = typeof keys === 'string' ? [keys] : keys;
      writes.push({ op: 'remove', keys: list });
      if (failRemove) throw new Error('remove failed');
      const changes: Record<string, StorageChange> = {};
      for (const k of list) {
        if (!data.has(k)) continue;
        changes[k] = { oldValue: clone(data.get(k)) };
        data.delete(k);
      }
      notify(changes);
    },
  };

  return {
    area,
    events: { addListener: (cb) => void listeners.add(cb), removeListener: (cb) => void listeners.delete(cb) },
    dump: () => clone(Object.fromEntries(data)),
    failSets(on, message = 'QUOTA_BYTES quota exceeded') {
      failSet = on ? message : null;
    },
    failRemoves(on) {
      failRemove = on;
    },
    writes,
    flush: async () => {
      await pending;
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}
