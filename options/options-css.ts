// Options page styles on top of popup.css (colours, type, buttons): injected as a <style> by index.tsx so the build needs no extra file.
export const OPTIONS_CSS = `
body.options { width: auto; max-height: none; min-height: 100vh; }
.options-page { max-width: 780px; margin: 0 auto; padding: 20px 24px 48px; }
.options-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 12px; border-bottom: 1px solid var(--line); padding-bottom: 8px; margin-bottom: 12px; }
.options-head h1 { font-size: 20px; margin: 0; }
.tabs { display: flex; flex-wrap: wrap; gap: 4px; }
.tab { border: 1px solid transparent; background: none; border-radius: 6px; padding: 4px 10px; cursor: pointer; }
.tab:hover { background: var(--hover); }
.tab[aria-current="page"] { border-color: var(--line); background: var(--hover); font-weight: 600; }
.page h2 { font-size: 16px; text-transform: none; letter-spacing: 0; color: var(--fg); margin: 12px 0 4px; }
.page h3 { font-size: 14px; margin: 18px 0 4px; }
.page h4 { font-size: 13px; margin: 8px 0 2px; }
.page-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.page ul { margin: 6px 0; }
.entity-rows > li, .article-rows > li, .rule-list > li, .corrupt-list > li { display: flex; justify-content: space-between; align-items: flex-start; gap: 12px; padding: 8px 0; border-bottom: 1px solid var(--line); }
.entity-main, .article-main { flex: 1 1 auto; min-width: 0; }
.rule-list > li { align-items: baseline; }
.rule-text { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.rule-list > li > button { flex: none; }
.entity-row .name { border-left: 3px solid var(--topic); padding-left: 8px; }
.entity-row.type-person .name { border-color: var(--person); } .entity-row.type-organization .name { border-color: var(--organization); }
.entity-row.type-place .name { border-color: var(--place); } .entity-row.type-facility .name { border-color: var(--facility); }
.entity-row.type-event .name { border-color: var(--event); }
.note { margin: 4px 0; white-space: pre-wrap; }
.entity-actions { display: flex; gap: 10px; flex: none; }
.danger { color: #b42318; }
:root[data-theme="dark"] .danger { color: #ff8a80; }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) .danger { color: #ff8a80; } }
.entity-form { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; margin: 10px 0; background: var(--bg); }
.entity-form .row { display: flex; flex-direction: column; gap: 2px; margin: 8px 0; }
.entity-form input, .entity-form select, .entity-form textarea, .inline-form input, .link-row input, .link-row select {
  font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
.entity-form textarea { resize: vertical; }
.entity-form fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; }
.link-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.actions { display: flex; gap: 8px; margin-top: 10px; }
.actions button:not(.primary), .inline-form button, .link-row button { border: 1px solid var(--line); background: var(--bg); border-radius: 6px; padding: 5px 12px; cursor: pointer; }
.inline-form { display: flex; gap: 6px; margin: 6px 0; }
.inline-form input { flex: 1 1 auto; max-width: 360px; }
.undo-bar { min-height: 0; }
.undo-bar.visible { position: sticky; top: 0; z-index: 1; display: flex; gap: 8px; align-items: center; padding: 6px 10px; margin: 8px 0; border-radius: 6px; background: var(--warn-bg); }
.undo-bar .dismiss { margin-left: auto; text-decoration: none; }
.import-preview { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 10px 0; }
.diff .tag { display: inline-block; min-width: 5.2em; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.diff li { margin: 2px 0; }
.article-main .title { font-weight: 600; }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
`;
