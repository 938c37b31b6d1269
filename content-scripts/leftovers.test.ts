// @vitest-environment happy-dom
// Tests that a new instance removes exactly what an earlier one left: our marks and card hosts, never the page's look-alikes.
import { describe, expect, it } from 'vitest';
import { setBody } from '../test/dom';
import { removeLeftovers } from './leftovers';

describe('removeLeftovers', () => {
  it('unwraps marks of our exact shape and leaves forged or page-styled ones alone', () => {
    setBody(
      '<p id="a">A <backstorymark class="backstory-u-person" data-markjs="true">Lukashenko</backstorymark> met ' +
        '<backstorymark class="backstory-b-organization" data-markjs="true" data-backstory-current="">CSTO</backstorymark>.</p>' +
        '<p id="b"><backstorymark data-forged class="backstory-u-person">Forged</backstorymark> ' +
        '<backstorymark class="backstory-u-person" style="color:red">Styled</backstorymark> ' +
        '<backstorymark class="page-class">Other</backstorymark> <mark class="backstory-u-person">mark</mark></p>',
    );
    const b = document.getElementById('b')!.innerHTML;
    expect(removeLeftovers(document)).toBe(2);
    expect(document.getElementById('a')!.innerHTML).toBe('A Lukashenko met CSTO.');
    expect(document.getElementById('b')!.innerHTML).toBe(b);
  });

  it('removes card hosts left at the document root', () => {
    setBody('<p>text</p>');
    const host = document.createElement('backstory-card-qwerty');
    host.attachShadow({ mode: 'open' });
    document.documentElement.appendChild(host);
    const page = document.createElement('backstory-card-page');
    document.body.appendChild(page);
    removeLeftovers(document);
    expect(host.isConnected).toBe(false);
    expect(page.isConnected).toBe(true);
  });
});
