// Backup: export everything as one JSON file; import one with a preview of what it adds or replaces and an explicit "Apply"; data kept aside.
import { useState } from 'preact/hooks';
import type { Settings } from '../../src/settings';
import { formatBytes, sizeProblem, type Diff, type ImportPreview, type ParsedBackup } from '../../src/userdata';
import type { CorruptEntry, ImportCheck } from '../../src/browser/storage';

export interface BackupPageProps {
  onExport(): Promise<{ problems: string[] }>;
  onCheckImport(text: string): Promise<ImportCheck>;
  onApplyImport(backup: ParsedBackup): Promise<ImportPreview>;
  corrupt: readonly CorruptEntry[];
  onDownloadCorrupt(entry: CorruptEntry): void;
  onRemoveCorrupt(entry: CorruptEntry): Promise<void>;
}

type ImportState =
  | { kind: 'none' }
  | { kind: 'reading'; name: string }
  | { kind: 'refused'; name: string; error: string; problems: string[] }
  | { kind: 'preview'; name: string; backup: ParsedBackup; preview: ImportPreview }
  | { kind: 'applying'; name: string }
  | { kind: 'applied'; name: string; preview: ImportPreview }
  | { kind: 'failed'; name: string; error: string };

const SETTING_LABELS: Record<Exclude<keyof Settings, 'version'>, string> = {
  paused: 'paused everywhere',
  disabledSites: 'sites switched off',
  renderMode: 'highlight method',
  enabledTypes: 'types highlighted',
  highlightStyle: 'highlight style',
  hoverCard: 'hover card',
  badge: 'toolbar badge',
  theme: 'theme',
  siteRules: 'entities ignored on sites',
};

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function BackupPage(p: BackupPageProps) {
  const [exportState, setExportState] = useState<{ busy: boolean; text: string | null; error: boolean }>({ busy: false, text: null, error: false });
  const [imp, setImp] = useState<ImportState>({ kind: 'none' });
  const [confirming, setConfirming] = useState<string | null>(null);

  const doExport = () => {
    setExportState({ busy: true, text: null, error: false });
    p.onExport().then(
      (r) =>
        setExportState({
          busy: false,
          error: false,
          text: r.problems.length > 0 ? `Downloaded. Some stored data could not be read and is not in the file (it is kept aside below).` : 'Downloaded.',
        }),
      (err: unknown) => setExportState({ busy: false, error: true, text: `The backup could not be made: ${message(err)}` }),
    );
  };

  const onFile = (ev: Event) => {
    const input = ev.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const tooBig = sizeProblem(file.size);
    if (tooBig) {
      setImp({ kind: 'refused', name: file.name, error: tooBig, problems: [] });
      return;
    }
    setImp({ kind: 'reading', name: file.name });
    file
      .text()
      .then((text) => p.onCheckImport(text))
      .then(
        (r) =>
          setImp(r.ok ? { kind: 'preview', name: file.name, backup: r.backup, preview: r.preview } : { kind: 'refused', name: file.name, error: r.error, problems: r.problems }),
        (err: unknown) => setImp({ kind: 'refused', name: file.name, error: `The file could not be read: ${message(err)}`, problems: [] }),
      );
  };

  const apply = () => {
    if (imp.kind !== 'preview') return;
    const { name, backup } = imp;
    setImp({ kind: 'applying', name });
    p.onApplyImport(backup).then(
      (preview) => setImp({ kind: 'applied', name, preview }),
      (err: unknown) => setImp({ kind: 'failed', name, error: message(err) }),
    );
  };

  return (
    <section class="page backup-page" data-testid="backup-page" aria-labelledby="backup-title">
      <h2 id="backup-title">Backup</h2>

      <h3>Export</h3>
      <p class="meta">One JSON file with your settings, rules, entities and saved articles. It stays on your computer.</p>
      <button type="button" class="primary" data-testid="export" disabled={exportState.busy} onClick={doExport}>
        Download a backup
      </button>{' '}
      {exportState.text && (
        <span class={exportState.error ? 'notice error' : 'meta'} role={exportState.error ? 'alert' : 'status'}>
          {exportState.text}
        </span>
      )}

      <h3>Import</h3>
      <p class="meta">
        Choose a backup file. You will see what it adds or replaces before anything is changed; nothing you have is removed. Files
        up to {formatBytes(20 * 1024 * 1024)}.
      </p>
      <label for="import-file" class="file-label">
        Backup file
      </label>{' '}
      <input id="import-file" type="file" accept=".json,application/json" data-testid="import-file" onChange={onFile} />
      <div data-testid="import-state" data-state={imp.kind}>
        {imp.kind === 'reading' && <p class="meta">Reading {imp.name}…</p>}
        {imp.kind === 'refused' && (
          <div class="notice error" role="alert">
            <p>{imp.error}</p>
            {imp.problems.length > 0 && (
              <ul>
                {imp.problems.map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {imp.kind === 'preview' && (
          <div class="import-preview" data-testid="import-preview">
            <p>
              <strong>{imp.name}</strong>
              {imp.backup.exportedAt ? `, made ${imp.backup.exportedAt.slice(0, 10)}` : ''}:
            </p>
            <PreviewList preview={imp.preview} />
            {imp.preview.blocked ? (
              <p class="notice error" role="alert">
                {imp.preview.blocked}
              </p>
            ) : imp.preview.empty ? (
              <p class="meta">This backup holds nothing you do not already have.</p>
            ) : (
              <div class="actions">
                <button type="button" class="primary" data-testid="apply-import" onClick={apply}>
                  Apply
                </button>
                <button type="button" onClick={() => setImp({ kind: 'none' })}>
                  Cancel
                </button>
              </div>
            )}
          </div>
        )}
        {imp.kind === 'applying' && <p class="meta">Importing…</p>}
        {imp.kind === 'applied' && (
          <p class="notice" role="status">
            Imported {imp.name}: {summary(imp.preview)}.
          </p>
        )}
        {imp.kind === 'failed' && (
          <p class="notice error" role="alert">
            {imp.error}
          </p>
        )}
      </div>

      {p.corrupt.length > 0 && (
        <>
          <h3>Kept aside</h3>
          <p class="meta">Stored data Backstory could not read. It was copied here instead of being thrown away; download it to inspect it.</p>
          <ul class="corrupt-list" data-testid="corrupt-list">
            {p.corrupt.map((c) => (
              <li key={c.key}>
                <span>
                  {c.source} <span class="meta">({c.time ? new Date(c.time).toISOString().slice(0, 19).replace('T', ' ') : 'unknown time'})</span>
                </span>{' '}
                <button type="button" class="link" onClick={() => p.onDownloadCorrupt(c)}>
                  Download
                </button>{' '}
                {confirming === c.key ? (
                  <>
                    <span>Delete for good?</span>{' '}
                    <button type="button" class="link danger" onClick={() => void p.onRemoveCorrupt(c).finally(() => setConfirming(null))}>
                      Yes, delete
                    </button>{' '}
                    <button type="button" class="link" onClick={() => setConfirming(null)}>
                      No
                    </button>
                  </>
                ) : (
                  <button type="button" class="link danger" onClick={() => setConfirming(c.key)}>
                    Delete
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function summary(pv: ImportPreview): string {
  const parts: string[] = [];
  const e = pv.entities.added.length + pv.entities.replaced.length;
  if (e) parts.push(count(e, 'entity', 'entities'));
  if (pv.phrases.added.length) parts.push(count(pv.phrases.added.length, 'phrase rule', 'phrase rules'));
  const a = pv.articles.added.length + pv.articles.replaced.length;
  if (a) parts.push(count(a, 'saved article', 'saved articles'));
  if (pv.settings.length) parts.push('settings');
  return parts.length ? parts.join(', ') : 'nothing changed';
}

function DiffBlock<T>(p: { title: string; diff: Diff<T>; label(x: T): string; testid: string }) {
  const { added, replaced, unchanged } = p.diff;
  if (added.length + replaced.length + unchanged === 0) return null;
  return (
    <div class="diff" data-testid={p.testid}>
      <h4>{p.title}</h4>
      <ul>
        {added.map((x, i) => (
          <li key={`a${i}`} class="added">
            <span class="tag">Add</span> {p.label(x)}
          </li>
        ))}
        {replaced.map((r, i) => (
          <li key={`r${i}`} class="replaced">
            <span class="tag">Replace</span> {p.label(r.before) === p.label(r.after) ? p.label(r.after) : `${p.label(r.before)} → ${p.label(r.after)}`}
          </li>
        ))}
        {unchanged > 0 && <li class="meta">{count(unchanged, 'is', 'are')} already the same</li>}
      </ul>
    </div>
  );
}

function PreviewList({ preview }: { preview: ImportPreview }) {
  return (
    <div class="diffs">
      <DiffBlock title="Your entities" testid="diff-entities" diff={preview.entities} label={(e) => e.name} />
      <DiffBlock title="Never highlight" testid="diff-phrases" diff={preview.phrases} label={(r) => `“${r.phrase}”`} />
      <DiffBlock title="Saved articles" testid="diff-articles" diff={preview.articles} label={(a) => a.title} />
      {preview.settings.length > 0 && (
        <div class="diff" data-testid="diff-settings">
          <h4>Settings</h4>
          <ul>
            <li class="replaced">
              <span class="tag">Replace</span> {preview.settings.map((f) => SETTING_LABELS[f]).join(', ')}
            </li>
          </ul>
        </div>
      )}
    </div>
  );
}
