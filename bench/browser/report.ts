// Small statistics and Markdown helpers for the browser bench report (medians, number formatting, tables).

/** Median of the finite numbers in `xs`, or NaN when there are none. */
export function median(xs: ReadonlyArray<number | null | undefined>): number {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

export function max(xs: ReadonlyArray<number | null | undefined>): number {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return v.length === 0 ? NaN : Math.max(...v);
}

/** Milliseconds with sensible precision: 0.42, 3.1, 27, 1,234. */
export function ms(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a < 10) return x.toFixed(a < 1 ? 2 : 1);
  return Math.round(x).toLocaleString('en-US');
}

export function int(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–';
}

/** A ratio as "12×" / "0.95×". */
export function ratio(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x >= 100) return `${Math.round(x).toLocaleString('en-US')}×`;
  if (x >= 10) return `${x.toFixed(0)}×`;
  return `${x.toFixed(2)}×`;
}

export function mb(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : '–';
}

export function kb(bytes: number): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KB` : '–';
}

/** A Markdown table; cells are escaped for pipes. */
export function table(head: string[], rows: string[][]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}
