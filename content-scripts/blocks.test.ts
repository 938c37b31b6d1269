// @vitest-environment happy-dom
// Tests the block walker: runs across inline elements, block boundaries, skipped subtrees and offset mapping back to text nodes.
import { setBody } from '../test/dom';
import { beforeEach, describe, expect, it } from 'vitest';
import { blockShown, locate, walkBlocks } from './blocks';

/** The texts of the blocks that render (what the highlighter reads). */
function blocks(html: string) {
  setBody(html);
  return [...walkBlocks(document.body)].filter(blockShown).map((b) => b.text);
}

describe('walkBlocks', () => {
  beforeEach(() => {
    setBody('');
  });

  it('joins text across inline elements into one run', () => {
    expect(blocks('<p><b>Alexander</b> Lukashenko said</p>')).toEqual(['Alexander Lukashenko said']);
  });

  it('ends a run at block elements and <br>', () => {
    expect(blocks('<div>One<p>Two</p>Three<br>Four</div>')).toEqual(['One', 'Two', 'Three', 'Four']);
  });

  it('skips form fields, editors, code, scripts and hidden or aria-hidden subtrees', () => {
    const html = [
      '<p>Keep CSTO</p>',
      '<textarea>Lukashenko</textarea><input value="Lukashenko"><select><option>CSTO</option></select>',
      '<div contenteditable="true">Lukashenko typed</div>',
      '<pre><code>Lukashenko()</code></pre>',
      '<script>var a = "Lukashenko"</script><style>.Lukashenko{}</style><noscript>Lukashenko</noscript>',
      '<template><p>Lukashenko</p></template>',
      '<div hidden>Lukashenko</div><div aria-hidden="true">Lukashenko</div>',
      '<div data-backstory-ignore>Lukashenko</div>',
      '<svg><text>CSTO</text></svg>',
    ].join('');
    expect(blocks(html)).toEqual(['Keep CSTO']);
  });

  it('splits words at inline tags laid out as blocks by CSS, but keeps words split across inline tags', () => {
    expect(blocks('<div><span style="display:block">Lukashenko</span><span style="display:block">Minsk</span></div>')).toEqual(['Lukashenko', 'Minsk']);
    expect(blocks('<p>Luka<b>shenko</b> and <i>CSTO</i></p>')).toEqual(['Lukashenko and CSTO']);
  });

  it('skips hidden inline spans', () => {
    expect(blocks('<p>Seen <span style="display:none">West-2017</span> and <span hidden>Zapad</span> end</p>')).toEqual(['Seen  and  end']);
  });

  it('enters open shadow roots', () => {
    setBody('<div id="host"></div>');
    const host = document.getElementById('host')!;
    const sr = host.attachShadow({ mode: 'open' });
    const p = document.createElement('p');
    p.textContent = 'Inside Minsk';
    sr.appendChild(p);
    expect([...walkBlocks(document.body)].map((b) => b.text)).toEqual(['Inside Minsk']);
  });

  it('maps run offsets back to nodes, ends at the earlier node on a boundary', () => {
    setBody('<p><b>Alexander</b> Lukashenko</p>');
    const [b] = [...walkBlocks(document.body)];
    expect(b).toBeDefined();
    const start = locate(b!, 0, false);
    expect(start.node.data).toBe('Alexander');
    const mid = locate(b!, 9, false);
    expect(mid.node.data).toBe(' Lukashenko');
    expect(mid.offset).toBe(0);
    const endAtBoundary = locate(b!, 9, true);
    expect(endAtBoundary.node.data).toBe('Alexander');
    expect(endAtBoundary.offset).toBe(9);
  });

  it('handles very deep nesting without recursion limits', () => {
    const depth = 1500;
    setBody(`${'<span>'.repeat(depth)}Moscow${'</span>'.repeat(depth)}`);
    expect([...walkBlocks(document.body)].map((b) => b.text)).toEqual(['Moscow']);
  });
});

describe('walkBlocks on a page that changes during the walk', () => {
  it('hands the parent back when the sibling it was about to read has moved', () => {
    setBody('<div id="d"><p>A Lukashenko</p><p>B Minsk</p><p>C CSTO</p></div>');
    const moved: Node[] = [];
    const gen = walkBlocks(document.body, undefined, undefined, (p) => moved.push(p));
    expect(gen.next().value?.text).toBe('A Lukashenko');
    document.querySelectorAll('p')[1]!.remove();
    const rest = [...gen].map((b) => b.text);
    expect(moved).toEqual([document.getElementById('d')]);
    expect(rest).not.toContain('B Minsk');
  });

  it('reads a long run of siblings in order, one at a time', () => {
    const parts: string[] = [];
    for (let i = 0; i < 2000; i++) parts.push(`<p>Report ${i} Minsk</p>`);
    setBody(`<main>${parts.join('')}</main>`);
    expect([...walkBlocks(document.body)].length).toBe(2000);
  });
});
