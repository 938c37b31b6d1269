// Loopback HTTP server for the browser bench: generated pages from memory and saved corpus pages read from disk (never copied), scripts off.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface BenchServer {
  origin: string;
  /** Serves `html` at /gen/<name>.html and returns its URL. */
  addPage(name: string, html: string): string;
  /** URL of a corpus file (served from `corpusDir` by file name). */
  corpusUrl(file: string): string;
  close(): Promise<void>;
}

/**
 * Corpus pages are served with a CSP that blocks their scripts, frames and every third-party request (the machine is
 * offline and their trackers would only add noise); the extension's content script is not subject to page CSP. Bytes are
 * sent unchanged; the charset is declared only when the file is valid UTF-8, so a Shift_JIS page keeps its own <meta>.
 */
const CORPUS_CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:";

export async function startBenchServer(corpusDir: string | null): Promise<BenchServer> {
  const pages = new Map<string, Buffer>();
  const utf8 = new Map<string, boolean>();
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const send = (status: number, body: Buffer | string, headers: Record<string, string>) => {
      res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const page = pages.get(pathname);
    if (page) return send(200, page, { 'Content-Type': 'text/html; charset=utf-8' });
    if (corpusDir && pathname.startsWith('/corpus/')) {
      const name = path.basename(pathname);
      const file = path.join(corpusDir, name);
      if (name.endsWith('.html') && fs.existsSync(file)) {
        const bytes = fs.readFileSync(file);
        let isUtf8 = utf8.get(name);
        if (isUtf8 === undefined) {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes);
            isUtf8 = true;
          } catch {
            isUtf8 = false;
          }
          utf8.set(name, isUtf8);
        }
        return send(200, bytes, { 'Content-Type': isUtf8 ? 'text/html; charset=utf-8' : 'text/html', 'Content-Security-Policy': CORPUS_CSP });
      }
    }
    if (pathname === '/favicon.ico') return send(204, '', {});
    return send(404, 'not found', { 'Content-Type': 'text/plain' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    addPage(name, html) {
      const p = `/gen/${name}.html`;
      pages.set(p, Buffer.from(html, 'utf8'));
      return origin + p;
    },
    corpusUrl: (file) => `${origin}/corpus/${encodeURIComponent(file)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
