// The global shadow pairs each global root with the identity it must hold. Several threads publish
// to one slot in pin-nesting; a second writer that comes in while the first is between its root and
// its id must not leave the slot holding one writer's root with the other's id (a false
// wrong-object for every later reader and for the collector-side check).
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { globalShadowBytes } from '../harness/common/global-shadow.ts';

const shadowUrl = new URL('../dist/harness/common/global-shadow.js', import.meta.url).href;

// root[0] stands for the runtime's root slot; ctl[0] tells the second writer that the first one is
// inside its publish (root stored, id not yet); ctl[1] tells the first that the second is about to
// publish, and the first lingers 50 ms more from there, so the second's publish has every chance
// to run in between (as it does against a seqlock without writer exclusion).
const body = `
const { workerData, parentPort } = require('node:worker_threads');
import(workerData.shadowUrl).then(({ GlobalShadow }) => {
  const shadow = new GlobalShadow(workerData.shadow);
  const root = new Int32Array(workerData.root);
  const ctl = new Int32Array(workerData.ctl);
  if (workerData.role === 'first') {
    shadow.publish(0, 1, () => {
      Atomics.store(root, 0, 1);
      Atomics.store(ctl, 0, 1);
      Atomics.notify(ctl, 0);
      Atomics.wait(ctl, 1, 0, 5000);
      Atomics.wait(ctl, 2, 0, 50);
    });
  } else {
    Atomics.wait(ctl, 0, 0);
    Atomics.store(ctl, 1, 1);
    Atomics.notify(ctl, 1);
    shadow.publish(0, 2, () => Atomics.store(root, 0, 2));
  }
  parentPort.postMessage('done');
});
`;

function start(role: 'first' | 'second', shared: Record<string, SharedArrayBuffer>): Promise<unknown> {
  const w = new Worker(body, { eval: true, workerData: { role, shadowUrl, ...shared } });
  return new Promise((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
}

describe('global shadow', () => {
  it('a second writer waits for the first, so the slot ends with a root and id of one writer', async () => {
    const shared = { shadow: new SharedArrayBuffer(globalShadowBytes(1)), root: new SharedArrayBuffer(4), ctl: new SharedArrayBuffer(12) };
    await Promise.all([start('first', shared), start('second', shared)]);
    const root = new Int32Array(shared.root)[0];
    expect(root).toBe(2); // the second writer went last
    expect(new Int32Array(shared.shadow)[1]).toBe(root);
  });
});
