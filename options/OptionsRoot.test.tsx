// @vitest-environment happy-dom
// options.html?add=<text> is read once and taken out of the address, so a reload does not open the add form again.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeAddText } from './OptionsRoot';

vi.mock('webextension-polyfill', () => ({ default: {} }));

afterEach(() => history.replaceState(null, '', '/options.html'));

describe('takeAddText', () => {
  it('returns the text once and leaves the rest of the address as it was', () => {
    history.replaceState(null, '', '/options.html?add=Jan+Kowalski&x=1#entities');
    expect(takeAddText()).toBe('Jan Kowalski');
    expect(`${location.pathname}${location.search}${location.hash}`).toBe('/options.html?x=1#entities');
    expect(takeAddText()).toBeNull();
  });

  it('takes an empty ?add= (the empty add form) out too', () => {
    history.replaceState(null, '', '/options.html?add=#entities');
    expect(takeAddText()).toBe('');
    expect(`${location.pathname}${location.search}${location.hash}`).toBe('/options.html#entities');
  });

  it('leaves an address without ?add= alone', () => {
    history.replaceState(null, '', '/options.html#rules');
    const spy = vi.spyOn(history, 'replaceState');
    expect(takeAddText()).toBeNull();
    expect(spy).not.toHaveBeenCalled();
  });
});
