import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TodoScanOptions } from '../core/todos/scanner';
import type { ScannedSource, SkippedSource } from './workspaceScan';

/**
 * A scanned file as it crosses threads: its comments and its raw bytes (moved, not copied),
 * without the decoded text: cloning megabytes of strings costs more than the worker saves, and
 * most callers never need the text (the receiving side decodes it on first use).
 */
export type WireSource = Omit<ScannedSource, 'language' | 'text'> & { readonly bytes: Uint8Array };

/** One batch of files for a worker. */
export interface ScanRequest {
  readonly id: number;
  readonly scanner: TodoScanOptions;
  readonly maxSize: number;
  readonly files: readonly { readonly abs: string; readonly rel: string }[];
}

export type ScanResults = readonly (WireSource | SkippedSource | null)[];

export type ScanReply = { readonly id: number; readonly results: ScanResults } | { readonly id: number; readonly error: string };

/** The worker script next to the running bundle (`dist/todoScanWorker.js`), if it was built. */
export function bundledWorkerScript(dir: string = __dirname): string | undefined {
  const script = join(dir, 'todoScanWorker.js');
  return existsSync(script) ? script : undefined;
}

interface Job {
  readonly resolve: (r: ScanResults) => void;
  readonly reject: (e: Error) => void;
}

/**
 * A few worker threads that read and scan files for `scanWorkspace`. Batches go to whichever
 * worker is free; workers start on first use and stop after `idleMs` without work, so an idle
 * editor holds no threads, and an idle worker never keeps a process alive.
 */
export class ScanWorkerPool {
  private readonly workers: { worker: Worker; busy: boolean }[] = [];
  private readonly queue: (Job & { request: Omit<ScanRequest, 'id'> })[] = [];
  private readonly inFlight = new Map<number, Job & { worker: Worker }>();
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly script: string,
    readonly size = 2,
    private readonly idleMs = 30_000,
  ) {}

  /** Reads and scans files on a worker; results are in the order of `files`. */
  scan(files: ScanRequest['files'], scanner: TodoScanOptions, maxSize: number): Promise<ScanResults> {
    clearTimeout(this.idleTimer);
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { scanner, maxSize, files }, resolve, reject });
      this.pump();
    });
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    for (const { worker } of this.workers.splice(0)) void worker.terminate();
    for (const q of this.queue.splice(0)) q.reject(new Error('Scan workers stopped'));
    for (const f of this.inFlight.values()) f.reject(new Error('Scan workers stopped'));
    this.inFlight.clear();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.workers.find((w) => !w.busy);
      if (!slot && this.workers.length < this.size) slot = this.start();
      if (!slot) return;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      slot.busy = true;
      slot.worker.ref();
      this.inFlight.set(id, { worker: slot.worker, resolve: job.resolve, reject: job.reject });
      slot.worker.postMessage({ id, ...job.request } satisfies ScanRequest);
    }
    if (this.inFlight.size === 0) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => this.stopIdle(), this.idleMs);
      this.idleTimer.unref?.();
    }
  }

  private start(): { worker: Worker; busy: boolean } {
    const worker = new Worker(this.script);
    worker.unref();
    const slot = { worker, busy: false };
    this.workers.push(slot);
    worker.on('message', (reply: ScanReply) => {
      const job = this.inFlight.get(reply.id);
      this.inFlight.delete(reply.id);
      slot.busy = false;
      worker.unref();
      if (job) {
        if ('error' in reply) job.reject(new Error(reply.error));
        else job.resolve(reply.results);
      }
      this.pump();
    });
    const fail = (e: Error) => {
      const at = this.workers.indexOf(slot);
      if (at !== -1) this.workers.splice(at, 1);
      for (const [id, job] of this.inFlight) {
        if (job.worker !== worker) continue;
        this.inFlight.delete(id);
        job.reject(e);
      }
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.workers.includes(slot)) fail(new Error(`scan worker exited with code ${code}`));
    });
    return slot;
  }

  private stopIdle(): void {
    if (this.inFlight.size > 0 || this.queue.length > 0) return;
    for (const { worker } of this.workers.splice(0)) void worker.terminate();
  }
}
