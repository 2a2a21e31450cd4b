// Real worker threads for runtime tests: each runs a snippet against the built runtime (dist/),
// with `rt` (runtime/index), `L` (runtime/layout), `h` (the attached Heap) and `data` in scope.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const dist = (p: string): string => pathToFileURL(resolve(import.meta.dirname, '..', 'dist', p)).href;

export function spawn(sab: SharedArrayBuffer, body: string, data: Record<string, unknown> = {}): Worker {
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    Promise.all([import(${JSON.stringify(dist('runtime/index.js'))}), import(${JSON.stringify(dist('runtime/layout.js'))})])
      .then(async ([rt, L]) => {
        const h = rt.attachRuntime(workerData.sab);
        const data = workerData.data;
        const post = (m) => parentPort.postMessage(m);
        try { ${body} } catch (e) { post({ error: e.name, code: e.code, message: e.message }); }
      });`;
  const w = new Worker(code, { eval: true, workerData: { sab, data } });
  // Buffer every message from the start: a message posted before a test waits for it is not lost.
  const inbox: unknown[] = [];
  inboxes.set(w, inbox);
  w.on('message', (m) => inbox.push(m));
  // Likewise the exit: a worker may finish before a test starts waiting for it.
  exits.set(w, new Promise((res) => w.once('exit', res)));
  return w;
}

const inboxes = new WeakMap<Worker, unknown[]>();
const exits = new WeakMap<Worker, Promise<number>>();

/** The first message (buffered or future) that matches; each message is consumed once. */
export async function message<T = Record<string, unknown>>(w: Worker, pred: (m: T) => boolean = () => true, timeoutMs = 10_000): Promise<T> {
  const inbox = inboxes.get(w) ?? [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const i = inbox.findIndex((m) => pred(m as T));
    if (i >= 0) return inbox.splice(i, 1)[0] as T;
    if (Date.now() > deadline) throw new Error(`no matching message within ${timeoutMs} ms (got ${JSON.stringify(inbox)})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resolves with the exit code, even when the worker exited before this was called. */
export function exited(w: Worker): Promise<number> {
  return exits.get(w) ?? new Promise((res) => w.once('exit', res));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
