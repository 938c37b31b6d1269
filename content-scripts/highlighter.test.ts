// @vitest-environment happy-dom
// Tests the highlighter on a DOM: counts, rescans of changed blocks, removed nodes, back-off, and the wrap renderer's exact undo.
import { setBody } from '../test/dom';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/matcher';
import type { IndexEntity } from '../src/types';
import { createHighlighter, type Highlighter } from './highlighter';
import { LIMITS } from './limits';
import type { PageMention, Renderer } from './mentions';
import { observePage } from './observer';
import { frameworkRegions } from './frameworks';
import { createMixedRenderer } from './render-mixed';
import { createWrapRenderer } from './render-wrap';

const ENTITIES: IndexEntity[] = [
  { id: 'lukashenko', type: 'person', name: 'Alexander Lukashenko', aliases: [{ text: 'Alexander Lukashenko' }, { text: 'Lukashenko' }, { text: 'Лукашенко' }] },
  { id: 'csto', type: 'organization', name: 'CSTO', aliases: [{ text: 'CSTO' }] },
  { id: 'minsk', type: 'place', name: 'Minsk', aliases: [{ text: 'Minsk' }] },
];
const index = buildIndex(ENTITIES);
const entities = new Map(ENTITIES.map((e) => [e.id, e]));

function fakeRenderer(): Renderer & { shown: Set<PageMention> } {
  const shown = new Set<PageMention>();
  return {
    mode: 'paint',
    shown,
    add: (m) => void shown.add(m),
    remove: (m) => void shown.delete(m),
    setCurrent: () => undefined,
    hitTest: () => null,
    owns: () => false,
    clear: () => shown.clear(),
  };
}

let stops: Array<() => void> = [];
afterEach(() => {
  for (const s of stops) s();
  stops = [];
  setBody('');
});

function start(renderer: Renderer & { repair?(records: readonly MutationRecord[]): void } = fakeRenderer(), types = ['person', 'organization', 'place'] as const) {
  let observer: ReturnType<typeof observePage> | null = null;
  const h: Highlighter = createHighlighter({
    index,
    entities,
    renderer,
    byNode: new Map(),
    enabledTypes: new Set(types),
    ignored: new Set(),
    hidden: new WeakMap(),
    onChange: () => undefined,
    withOwnWrites: (fn) => (observer ? observer.withOwnWrites(fn) : fn()),
  });
  observer = observePage(document, {
    added: (n) => h.scan(n),
    removed: (n) => h.forget(n),
    rescanAll: () => h.scan(document),
    isOurs: (n) => renderer.owns(n),
    ...(renderer.repair ? { repair: (records: readonly MutationRecord[]) => renderer.repair!(records) } : {}),
  });
  stops.push(() => {
    observer?.stop();
    h.stop();
  });
  h.scan(document);
  return h;
}

const settle = async (h: Highlighter) => {
  await new Promise((r) => setTimeout(r, Math.max(LIMITS.MUTATION_DEBOUNCE_MS, LIMITS.MIN_BATCH_INTERVAL_MS) + 20));
  await h.idle();
};

describe('highlighter', () => {
  it('counts mentions per entity, across inline elements, skipping form fields', async () => {
    setBody('<p><b>Alexander</b> Lukashenko met the CSTO in Minsk.</p><p>Лукашенко again; csto is not CSTO.</p><textarea>Lukashenko</textarea>');
    const h = start();
    await h.idle();
    expect(Object.fromEntries(h.counts())).toEqual({ lukashenko: 2, csto: 2, minsk: 1 });
    expect(h.total()).toBe(5);
  });

  it('re-reads only changed blocks and forgets removed ones', async () => {
    setBody('<p id="a">Minsk</p><p id="b">CSTO</p>');
    const h = start();
    await h.idle();
    const p = document.createElement('p');
    p.textContent = 'Lukashenko in Minsk';
    document.body.appendChild(p);
    await settle(h);
    expect(Object.fromEntries(h.counts())).toEqual({ minsk: 2, csto: 1, lukashenko: 1 });
    document.getElementById('b')!.remove();
    await settle(h);
    expect(h.counts().get('csto')).toBeUndefined();
    (document.getElementById('a')!.firstChild as Text).data = 'Minsk, Minsk and Lukashenko';
    await settle(h);
    expect(Object.fromEntries(h.counts())).toEqual({ minsk: 3, lukashenko: 2 });
  });

  it('never counts a mention twice when its text node is removed and its block is read again', async () => {
    setBody('<p id="p">Minsk <span>Lukashenko</span> CSTO</p>');
    const h = start();
    await h.idle();
    document.querySelector('#p span')!.remove();
    await settle(h);
    expect(Object.fromEntries(h.counts())).toEqual({ minsk: 1, csto: 1 });
    expect(h.total()).toBe(2);
  });

  it('honours the enabled types', async () => {
    setBody('<p>Lukashenko in Minsk with CSTO</p>');
    const h = start(fakeRenderer(), ['place'] as unknown as readonly ['person', 'organization', 'place']);
    await h.idle();
    expect([...h.counts().keys()]).toEqual(['minsk']);
  });

  it('follows a page that re-renders often in paint mode (it writes nothing the page could be undoing)', async () => {
    setBody('<p id="p">Minsk</p>');
    const h = start();
    await h.idle();
    const text = document.getElementById('p')!.firstChild as Text;
    for (let i = 0; i < 2 * LIMITS.MAX_RETRIES_PER_WINDOW; i++) {
      text.data = i % 2 ? 'Minsk' : 'Minsk Minsk';
      await settle(h);
      expect(h.counts().get('minsk')).toBe(i % 2 ? 1 : 2);
    }
  });

  it('backs off in wrap mode from a block the page rewrites again and again', async () => {
    setBody('<p id="p">Minsk</p>');
    const h = start(createWrapRenderer('underline'));
    await h.idle();
    const p = document.getElementById('p')!;
    let passes = 0;
    for (let i = 0; i < 3 * LIMITS.MAX_RETRIES_PER_WINDOW; i++) {
      p.textContent = i % 2 ? 'Minsk' : 'Minsk Minsk';
      await settle(h);
    }
    // Each rewrite was a chance to rescan; after the bound the block is left as it was.
    passes = h.perf().passes;
    expect(passes).toBeLessThanOrEqual(LIMITS.MAX_RETRIES_PER_WINDOW + 2);
  });
});

describe('wrap renderer', () => {
  it('wraps mentions in our own element and restores the exact DOM without normalize()', async () => {
    const html = '<p>Alexander <i>Lukashenko</i> and Lukashenko met CSTO in Minsk, then Minsk.</p><p>No mentions.</p>';
    setBody(html);
    const originals = [...document.body.querySelectorAll('p')].flatMap((p) => [...p.childNodes]);
    const textNodes = () => {
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const out: Text[] = [];
      while (w.nextNode()) out.push(w.currentNode as Text);
      return out;
    };
    const before = textNodes();
    const renderer = createWrapRenderer('underline');
    const h = start(renderer);
    await h.idle();
    expect(document.querySelectorAll('backstorymark').length).toBeGreaterThanOrEqual(5);
    expect(document.body.textContent).toBe(new DOMParser().parseFromString(html, 'text/html').body.textContent);
    stops.pop()!();
    expect(document.body.innerHTML).toBe(html);
    // The page's own text nodes are the same objects again (frameworks hold references to them).
    expect(textNodes()).toEqual(before);
    expect([...document.body.querySelectorAll('p')].flatMap((p) => [...p.childNodes])).toEqual(originals);
  });
});

describe('wrap mode: a pass reads first and writes after', () => {
  it('writes nothing until the pass has read, and never wraps text the page changed in between', async () => {
    setBody('<p id="a">Lukashenko met the CSTO.</p><p id="b">Minsk waits.</p>');
    const wrap = createWrapRenderer('underline');
    const a = document.getElementById('a')!.firstChild as Text;
    let marksWhileReading = -1;
    // placement() runs while a block is read: reading #b, the "page" edits #a, which was read and not yet written.
    // (Within one slice nothing else runs; across slices the page can, and this stands in for it.)
    const renderer = Object.assign(Object.create(wrap) as typeof wrap, {
      placement(owner: Element) {
        if (owner.id === 'b') {
          marksWhileReading = document.querySelectorAll('backstorymark').length;
          a.data = 'Lukashenka met the ODKB.';
        }
        return 'wrap' as const;
      },
    });
    const h = start(renderer);
    await h.idle();
    expect(marksWhileReading).toBe(0);
    // #a's held wraps no longer match its text: none is written, and their mentions are dropped, not left unshown.
    expect([...document.querySelectorAll('#a backstorymark')]).toEqual([]);
    expect(document.getElementById('a')!.textContent).toBe('Lukashenka met the ODKB.');
    expect([...document.querySelectorAll('#b backstorymark')].map((m) => m.textContent)).toEqual(['Minsk']);
    expect(Object.fromEntries(h.counts())).toEqual({ minsk: 1 });
  });
});

describe('wrap mode on framework-owned text', () => {
  function startMixed(regions: Element[] = []) {
    const paint = fakeRenderer();
    const mixed = createMixedRenderer(createWrapRenderer('underline'), () => paint, regions);
    return { h: start(mixed), mixed, paint };
  }
  const settle = async (h: Highlighter) => {
    await new Promise((r) => setTimeout(r, LIMITS.MIN_BATCH_INTERVAL_MS + LIMITS.MUTATION_DEBOUNCE_MS + 20));
    await h.idle();
  };

  it('mends a split text node the page rewrites before the page paints, then paints that block instead', async () => {
    setBody('<p id="t">Update 1: <i>x</i>Lukashenko met CSTO officials</p><p id="o">Minsk is calm.</p>');
    const { h, mixed } = startMixed();
    await h.idle();
    const p = document.getElementById('t')!;
    const head = [...p.childNodes].find((n) => n.nodeType === 3 && n.previousSibling?.nodeName === 'I') as Text;
    expect(mixed.owns(head.nextSibling!)).toBe(true);
    // A framework's text update: it sets the node it created, unaware we split it.
    head.data = 'No news from Minsk today';
    await Promise.resolve();
    expect(p.textContent).toBe('Update 1: xNo news from Minsk today');
    await settle(h);
    expect(p.textContent).toBe('Update 1: xNo news from Minsk today');
    expect(Object.fromEntries(h.counts())).toEqual({ minsk: 2 });
    expect(mixed.paintedCount()).toBe(1);
    // The untouched paragraph stays wrapped.
    expect([...document.getElementById('o')!.children].some((c) => mixed.owns(c))).toBe(true);
    head.data = ' Lukashenko again';
    await settle(h);
    expect(p.textContent).toBe('Update 1: x Lukashenko again');
    expect(Object.fromEntries(h.counts())).toEqual({ minsk: 1, lukashenko: 1 });
  });

  it('drops the rest of a split text node the page removes', async () => {
    setBody('<p id="t"><b>Note:</b>CSTO met in Minsk</p>');
    const { h } = startMixed();
    await h.idle();
    const p = document.getElementById('t')!;
    const head = p.childNodes[1] as Text;
    p.removeChild(head);
    await Promise.resolve();
    expect(p.textContent).toBe('Note:');
    await settle(h);
    expect(h.total()).toBe(0);
  });

  it('paints, never wraps, inside framework regions found at start', async () => {
    setBody('<div id="app"><p>Lukashenko<!-- --> met CSTO</p></div><p id="plain">Minsk</p>');
    const regions = frameworkRegions(document);
    expect(regions.map((r) => r.id)).toEqual(['app']);
    const { h, mixed, paint } = startMixed(regions);
    await h.idle();
    expect(document.getElementById('app')!.innerHTML).toBe('<p>Lukashenko<!-- --> met CSTO</p>');
    expect(paint.shown.size).toBe(2);
    expect(mixed.paintedCount()).toBe(2);
    expect([...document.getElementById('plain')!.children].some((c) => mixed.owns(c))).toBe(true);
  });
});

describe('frameworkRegions', () => {
  it('finds React and Vue roots by their markers and nothing on a plain page', () => {
    setBody('<main><article><p>Plain <!-- a comment --> text</p></article></main>');
    expect(frameworkRegions(document)).toEqual([]);
    setBody('<header>x</header><div id="root"><section><p>a<!--$-->b<!--/$--></p></section></div><div data-v-app=""><p>v</p></div>');
    expect(frameworkRegions(document).map((r) => r.localName + (r.id ? '#' + r.id : ''))).toEqual(['div', 'div#root']);
    setBody('<p>Lukashenko<!-- --></p>');
    expect(frameworkRegions(document)).toEqual([document.querySelector('p')]);
  });
});
