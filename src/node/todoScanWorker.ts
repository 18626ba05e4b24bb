// Entry of a scan worker thread (bundled to dist/todoScanWorker.js): reads and scans the files
// it is sent with the same code as the in-thread scan, and posts the results back.
import { parentPort } from 'node:worker_threads';
import { TodoScanner } from '../core/todos/scanner';
import type { ScanReply, ScanRequest, WireSource } from './scanWorkers';
import { readBounded, scanSourceBytes, type SkippedSource } from './workspaceScan';

let current: { key: string; scanner: TodoScanner } | undefined;

parentPort?.on('message', (request: ScanRequest) => {
  try {
    const key = JSON.stringify(request.scanner);
    if (current?.key !== key) current = { key, scanner: new TodoScanner(request.scanner) };
    const scanner = current.scanner;
    const transfer: ArrayBuffer[] = [];
    const results = request.files.map((f) => {
      let read: Buffer | 'too-large';
      try {
        read = readBounded(f.abs, request.maxSize);
      } catch (e) {
        return { path: f.rel, reason: 'unreadable', detail: (e as Error).message } satisfies SkippedSource;
      }
      if (read === 'too-large') return { path: f.rel, reason: 'too-large', detail: `over ${request.maxSize} bytes` } satisfies SkippedSource;
      const r = scanSourceBytes(read, f.abs, f.rel, scanner);
      if (r === undefined) return null;
      if ('reason' in r) return r;
      // Its own buffer (small reads share a pool), moved to the other thread without a copy.
      const bytes = new Uint8Array(read);
      transfer.push(bytes.buffer);
      return { path: r.path, absolutePath: r.absolutePath, encoding: r.encoding, todos: r.todos, ...(r.capped ? { capped: true } : {}), bytes } satisfies WireSource;
    });
    parentPort!.postMessage({ id: request.id, results } satisfies ScanReply, transfer);
  } catch (e) {
    parentPort!.postMessage({ id: request.id, error: (e as Error).message } satisfies ScanReply);
  }
});
