// Dataset CLI: `build` compiles and writes generated/dataset/{index,dataset}.json, `check` validates and compiles in memory; both print a summary.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileDataset, DatasetError, DEFAULT_OUT_DIR, MAX_FILE_BYTES, summarize, writeDataset, type DatasetSummary } from '../src/dataset/compile';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = 'usage: tsx scripts/dataset.ts build|check';

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function printSummary(summary: DatasetSummary, wrote: string | null): void {
  console.log(`articles: ${summary.articles}`);
  console.log(`entities: ${summary.entities}`);
  console.log(`aliases:  ${summary.aliases}`);
  console.log(`passages: ${summary.passages}`);
  for (const [name, bytes] of Object.entries(summary.sizes)) {
    const where = wrote ? path.join(wrote, name) : `${name} (in memory)`;
    console.log(`${where}: ${bytes} bytes (${kb(bytes)}; limit ${kb(MAX_FILE_BYTES)})`);
  }
}

function main(argv: string[]): number {
  const command = argv[0];
  if (argv.length !== 1 || (command !== 'build' && command !== 'check')) {
    console.error(USAGE);
    return 2;
  }
  try {
    if (command === 'build') {
      printSummary(writeDataset(ROOT, DEFAULT_OUT_DIR), DEFAULT_OUT_DIR);
    } else {
      printSummary(summarize(compileDataset(ROOT)), null);
      console.log('dataset OK');
    }
    return 0;
  } catch (err) {
    if (err instanceof DatasetError) {
      console.error(`dataset ${command} failed: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}`);
      for (const problem of err.problems) console.error(problem);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main(process.argv.slice(2));
