// Test helper: sets a fixture page body from markup through DOMParser, so tests need no HTML sink either.
export function setBody(html: string): void {
  const parsed = new DOMParser().parseFromString(`<!doctype html><body>${html}</body>`, 'text/html');
  document.body.replaceChildren(...[...parsed.body.childNodes].map((n) => document.importNode(n, true)));
}
