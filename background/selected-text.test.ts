// @vitest-environment happy-dom
// The function "Add to Backstory…" runs in the page: the document's selection, or the selected part of a focused text field.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectedText } from './userdata';

vi.mock('webextension-polyfill', () => ({ default: {} }));

afterEach(() => {
  getSelection()?.removeAllRanges();
  document.body.replaceChildren();
});

describe('selectedText', () => {
  it('reads the page selection, or nothing', () => {
    expect(selectedText()).toBe('');
    const p = document.createElement('p');
    p.textContent = 'Talks with Jan Kowalski in Minsk.';
    document.body.append(p);
    const r = document.createRange();
    r.setStart(p.firstChild!, 11);
    r.setEnd(p.firstChild!, 23);
    getSelection()!.addRange(r);
    expect(selectedText()).toBe('Jan Kowalski');
  });

  it('reads the selected part of a focused text field', () => {
    const input = document.createElement('input');
    input.value = 'search: Alexander Surikov';
    document.body.append(input);
    input.focus();
    input.setSelectionRange(8, 25);
    expect(selectedText()).toBe('Alexander Surikov');
  });

  it('never hands back more than 1,000 characters', () => {
    const p = document.createElement('p');
    p.textContent = 'word '.repeat(1_000);
    document.body.append(p);
    getSelection()!.selectAllChildren(p);
    expect(selectedText()).toHaveLength(1_000);
  });
});
