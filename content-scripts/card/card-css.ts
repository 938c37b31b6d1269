// Styles of the hover card, applied inside its shadow root; px sizes so the page's root font size cannot shrink or blow it up.
export const CARD_CSS = `
:host { all: initial !important; position: fixed !important; z-index: 2147483647 !important; top: 0 !important; left: 0 !important;
  display: block !important; transform: translate(var(--backstory-x, 0px), var(--backstory-y, 0px)) !important;
  contain: layout style !important; pointer-events: auto !important; }
:host([hidden]) { display: none !important; }
* { box-sizing: border-box; }
.card { width: 340px; max-width: calc(100vw - 16px); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  color: #1b1f24; background: #ffffff; border: 1px solid #d0d7de; border-radius: 10px; box-shadow: 0 8px 28px rgba(0,0,0,.18);
  padding: 12px 14px; text-align: left; letter-spacing: normal; text-transform: none; }
header { display: flex; align-items: baseline; gap: 8px; }
.name { font-weight: 650; font-size: 16px; flex: 1 1 auto; }
.mine { font-size: 11px; padding: 0 6px; border: 1px solid; border-radius: 9px; white-space: nowrap; }
.type { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; }
.close { all: unset; cursor: pointer; font-size: 18px; line-height: 1; padding: 2px 6px; border-radius: 4px; color: #57606a; }
.summary { margin: 8px 0; }
.muted { color: #57606a; margin: 8px 0; }
.facts { margin: 6px 0; padding: 0 0 0 16px; }
.facts li { margin: 2px 0; }
.date { font-variant-numeric: tabular-nums; color: #57606a; font-size: 12px; }
.count { margin: 6px 0 10px; font-size: 12px; color: #57606a; }
footer { display: flex; gap: 6px; flex-wrap: wrap; }
footer button { all: unset; cursor: pointer; font-size: 13px; padding: 4px 10px; border-radius: 6px; border: 1px solid #d0d7de; color: #1b1f24; background: #f6f8fa; }
footer button.primary { background: #1d3557; color: #fff; border-color: #1d3557; }
button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  .card { color: #e6edf3; background: #161b22; border-color: #30363d; }
  .type, .muted, .date, .count, .close { color: #9da7b3; }
  footer button { color: #e6edf3; background: #21262d; border-color: #30363d; }
  footer button.primary { background: #f4a261; color: #161b22; border-color: #f4a261; }
}
:host([data-theme="light"]) .card { color: #1b1f24; background: #fff; border-color: #d0d7de; }
:host([data-theme="dark"]) .card { color: #e6edf3; background: #161b22; border-color: #30363d; }
`;
