// Reader-facing UI e2e in Chromium: the shared hover-card, popup, badge and settings cases plus real key presses for the mention commands and the real toolbar popup on pages extensions may not read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandShortcuts, listTabs, newTabWithId, openRealPopup, pressBrowserShortcut, textOf, waitFor } from './harness';
import type { ChromiumContext } from './harness';
import { checkMentionStepping, uiSuite } from './ui-cases';

const env = uiSuite('chromium');

test('keyboard commands: a real Alt+Shift+J / Alt+Shift+K key press steps through the mentions (default binding)', async (t) => {
  const e = env();
  const ctx = e.ctx as ChromiumContext;
  // Covered here: the whole real path of a key press. CDP Input.dispatchKeyEvent with type "rawKeyDown" is delivered
  // like OS input, so Chromium's browser-side accelerator handling sees it: it fires commands.onCommand in the service
  // worker, whose handler (background/handlers.ts onCommand) queries the active tab and sends it {type:'stepMention'}.
  // The manifest's suggested keys are used as Chromium assigned them (Alt+Shift+N/P were refused: Chrome uses them itself).
  assert.deepEqual(await commandShortcuts(ctx), { _execute_action: '', 'next-mention': 'Alt+Shift+J', 'previous-mention': 'Alt+Shift+K' });
  await checkMentionStepping(e, t, (page, direction) => pressBrowserShortcut(page, direction === 1 ? 'Alt+Shift+J' : 'Alt+Shift+K'));
});

test('real toolbar popup: about:blank and a data: URL are pages browsers do not let extensions read', async () => {
  const e = env();
  const ctx = e.ctx as ChromiumContext;
  for (const url of ['about:blank', 'data:text/html,<p>Alexander Lukashenko</p>']) {
    const { page, tabId } = await newTabWithId(ctx);
    e.opened.push(page);
    await page.goto(url);
    await page.bringToFront();
    await waitFor(() => listTabs(ctx), (tabs) => tabs.some((x) => x.id === tabId && x.active), { describe: (tabs) => `tab ${tabId} never became active: ${JSON.stringify(tabs)}` });
    // The real popup (toolbar click): activeTab is granted for this tab, as for a reader.
    const popup = await openRealPopup(ctx, page);
    e.opened.push(popup);
    assert.equal(await textOf(popup, '#page-summary'), 'Browsers do not let extensions read this page.', `real popup on ${url}`);
  }
});
