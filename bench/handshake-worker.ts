// Worker side of the handshake benchmark: one mutator running managed code (safepoint polls)
// until the main thread raises the stop flag, so every collection must really park it.
import { parentPort, workerData } from 'node:worker_threads';
import { attachRuntime } from '../runtime/heap.ts';
import { Mutator } from '../runtime/mutator.ts';

const { sab, tid, stop } = workerData as { sab: SharedArrayBuffer; tid: number; stop: SharedArrayBuffer };
const m = new Mutator(attachRuntime(sab), tid);
const flag = new Int32Array(stop);
parentPort!.postMessage('ready');
// Polls in small batches: the flag check stays off the per-poll path, as a hot loop would have it.
while (Atomics.load(flag, 0) === 0) {
  for (let k = 0; k < 64; k++) m.safepoint();
}
m.exit();
