// Builds the extension: compiles the dataset, bundles each context with esbuild and writes dist/chrome and dist/firefox (--watch, --package).
import { build, context, type BuildOptions, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDataset } from '../src/dataset/compile';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GENERATED = join(ROOT, 'generated', 'dataset');
const TARGETS = ['chrome', 'firefox'] as const;
const argv = process.argv.slice(2);
const args = new Set(argv);
/** `--index=<file>` builds with another match index (benchmarks use synthetic catalogs); `--out=<dir>` writes only a Chromium build there. */
const optArg = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const INDEX_OVERRIDE = optArg('index');
/** `--no-minify` keeps names readable in CPU profiles (development only; the bundle-size target is for minified code). */
const MINIFY = !args.has('--no-minify');
const OUT_OVERRIDE = optArg('out');

/** Resolves `import index from 'backstory:index'` to the compiled match index, so no generated file is needed to typecheck. */
const datasetIndexPlugin: Plugin = {
  name: 'backstory-index',
  setup(b) {
    b.onResolve({ filter: /^backstory:index$/ }, () => ({ path: INDEX_OVERRIDE ? resolve(INDEX_OVERRIDE) : join(GENERATED, 'index.json') }));
  },
};

/**
 * Compiles Preact's dangerouslySetInnerHTML path out of every bundle (we never use it), so no HTML sink ships at all;
 * checkNoHtmlSinks() then fails the build if one appears from anywhere.
 */
const noHtmlSinksPlugin: Plugin = {
  name: 'no-html-sinks',
  setup(b) {
    b.onLoad({ filter: /[\\/]preact[\\/]dist[\\/]preact\.module\.js$/ }, (args) => {
      const src = readFileSync(args.path, 'utf8');
      const out = src
        .replace(/\((\w+)\.innerHTML=(\w+)\.__html\)/g, '(()=>{throw new Error("Backstory: dangerouslySetInnerHTML is disabled")})()')
        .replace(/\((\w+)\.innerHTML=""\)/g, '($1.textContent="")');
      if (out === src) throw new Error(`${args.path}: Preact changed; update the no-html-sinks patterns`);
      return { contents: out, loader: 'js' };
    });
  },
};

const HTML_SINKS = /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write\(/;

function checkNoHtmlSinks(outdir: string): void {
  // extract.js is left out on purpose: Readability rewrites innerHTML inside its own clone of the page, a document
  // with no browsing context (nothing in it runs or loads); content-scripts/extract.ts never builds HTML itself.
  for (const f of ['background.js', 'content.js', 'popup.js', 'options.js']) {
    const m = HTML_SINKS.exec(readFileSync(join(outdir, f), 'utf8'));
    if (m) throw new Error(`${outdir}/${f} contains an HTML sink (${m[0]}): page and dataset text must never become HTML`);
  }
}

function options(outdir: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    entryPoints: {
      background: 'background/index.ts',
      content: 'content-scripts/index.ts',
      popup: 'popup/index.tsx',
      options: 'options/index.tsx',
      // Injected on demand ("Save this article"), so Readability never weighs on every page.
      extract: 'content-scripts/extract.ts',
    },
    outdir,
    bundle: true,
    format: 'iife',
    target: ['chrome110', 'firefox128'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // Minified (allowed by both stores, unlike obfuscation) to keep the content script small; the build is reproducible from this repo for AMO review.
    minify: MINIFY,
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
    plugins: [datasetIndexPlugin, noHtmlSinksPlugin],
    loader: { '.json': 'json', '.css': 'text' },
    define: { 'process.env.NODE_ENV': '"production"' },
  };
}

function copyStatic(outdir: string): void {
  copyFileSync(join(ROOT, 'manifest.json'), join(outdir, 'manifest.json'));
  copyFileSync(join(ROOT, 'popup', 'popup.html'), join(outdir, 'popup.html'));
  copyFileSync(join(ROOT, 'popup', 'popup.css'), join(outdir, 'popup.css'));
  copyFileSync(join(ROOT, 'options', 'options.html'), join(outdir, 'options.html'));
  copyFileSync(join(ROOT, 'content-scripts', 'content.css'), join(outdir, 'content.css'));
  mkdirSync(join(outdir, 'icons'), { recursive: true });
  for (const size of [16, 32, 48, 128]) copyFileSync(join(ROOT, 'icons', `icon-${size}.png`), join(outdir, 'icons', `icon-${size}.png`));
  mkdirSync(join(outdir, 'data'), { recursive: true });
  copyFileSync(join(GENERATED, 'dataset.json'), join(outdir, 'data', 'dataset.json'));
}

/** Fails the build when a shipped file reaches the store limit (addons-linter refuses text files of 5 MB or more). */
function checkSizes(outdir: string): void {
  for (const f of ['background.js', 'content.js', 'popup.js', 'options.js', 'extract.js', 'data/dataset.json']) {
    const size = statSync(join(outdir, f)).size;
    if (size >= 4 * 1024 * 1024) throw new Error(`${outdir}/${f} is ${size} bytes: over the 4 MB budget (store limit 5 MB)`);
  }
}

async function buildAll(): Promise<void> {
  writeDataset(ROOT, GENERATED);
  const targets = OUT_OVERRIDE ? [resolve(OUT_OVERRIDE)] : TARGETS.map((t) => join(ROOT, 'dist', t));
  for (const outdir of targets) {
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    const result = await build(options(outdir));
    if (result.warnings.length > 0) throw new Error(`esbuild warnings in the build of ${outdir}`);
    copyStatic(outdir);
    checkSizes(outdir);
    checkNoHtmlSinks(outdir);
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { version: string };
  console.log(`built Backstory ${manifest.version}: ${targets.map((t) => t.replace(ROOT + '/', '')).join(', ')}`);
}

function packageAll(): void {
  const version = (JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as { version: string }).version;
  const artifacts = join(ROOT, 'dist', 'packages');
  mkdirSync(artifacts, { recursive: true });
  for (const t of TARGETS) {
    const name = `backstory-${t}-${version}.zip`;
    rmSync(join(artifacts, name), { force: true });
    execFileSync(join(ROOT, 'node_modules', '.bin', 'web-ext'), ['build', '--source-dir', join(ROOT, 'dist', t), '--artifacts-dir', artifacts, '--filename', name, '--overwrite-dest'], { stdio: 'inherit' });
  }
  console.log(`packages in ${artifacts}`);
}

async function watch(): Promise<void> {
  writeDataset(ROOT, GENERATED);
  for (const t of TARGETS) {
    const outdir = join(ROOT, 'dist', t);
    mkdirSync(outdir, { recursive: true });
    copyStatic(outdir);
    const ctx = await context(options(outdir));
    await ctx.watch();
  }
  console.log('watching for changes (static files and the dataset are copied at start; restart to pick them up)');
}

if (args.has('--watch')) {
  await watch();
} else {
  await buildAll();
  if (args.has('--package')) packageAll();
}
