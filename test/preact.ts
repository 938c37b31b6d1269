// Test helper: renders Preact trees into fresh roots in the document, and unmounts and removes them all after a test.
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

const roots: HTMLElement[] = [];

/** Renders `node` into a new element appended to the body, and returns that element. */
export function mountInBody(node: ComponentChild): HTMLElement {
  const root = document.createElement('div');
  document.body.appendChild(root);
  act(() => render(node, root));
  roots.push(root);
  return root;
}

/** Unmounts (so effects clean up) and removes every root mountInBody made. */
export function unmountAll(): void {
  for (const root of roots.splice(0)) {
    render(null, root);
    root.remove();
  }
}
