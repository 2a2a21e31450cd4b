// The mutator side of the runtime contract over a native library (runtime/contract.ts): each
// operation is one addon call, with the call recorded around those that may block (NativeThread)
// and the library's return codes turned into the runtime's errors, as the built-in Mutator throws
// them. Checks, identities and schedules are NativeContext's, on top. Worker side.
import { BadHandleError, OutOfMemoryError, UnpinUnderflowError } from '../../runtime/errors.ts';
import type { GcKind } from '../../runtime/layout.ts';
import { nativeCall, type NativeAddon } from '../common/native-addon.ts';
import * as R from '../common/run-memory.ts';
import type { RunMemory } from '../common/run-memory.ts';
import type { Address, Handle, MutatorSide } from '../../runtime/contract.ts';
import { NativeThread } from './native-thread.ts';

const kAlloc = nativeCall('ps_alloc');
const kSafepoint = nativeCall('ps_safepoint');
const kPin = nativeCall('ps_pin');
const kUnpin = nativeCall('ps_unpin');
const kEnterNative = nativeCall('ps_enter_native');
const kLeaveNative = nativeCall('ps_leave_native');

export class NativeMutator extends NativeThread implements MutatorSide {
  /** The heap's words, by byte offset >> 2 (the addon's view of ps_heap_range). */
  readonly heap: Int32Array;
  private readonly runMemory: RunMemory;

  constructor(ps: NativeAddon, tid: number, run: RunMemory, runStartMs: number) {
    super(ps, tid, run, runStartMs);
    this.heap = new Int32Array(ps.heap().buffer);
    this.runMemory = run;
  }

  private handle(h: number, what: string, bytes = 0): Handle {
    if (h === -1) throw new OutOfMemoryError(`${this.ps.library.path} is out of memory: ${what} of ${bytes} bytes failed (ps_alloc returned -1)`, { size: bytes });
    if (h === -2) throw new BadHandleError(`mutator-${this.tid} has no free handle slot for ${what} (the library returned -2)`, { tid: this.tid });
    return h;
  }

  allocBytes(payloadBytes: number): Handle {
    return this.allocRefs(0, payloadBytes);
  }

  allocRefs(nRefs: number, dataBytes = 0): Handle {
    this.inside(kAlloc);
    const h = this.ps.alloc(dataBytes, nRefs);
    this.done();
    return this.handle(h, 'an allocation', dataBytes);
  }

  release(hd: Handle): void {
    this.ps.release(hd);
  }

  dup(hd: Handle): Handle {
    return this.handle(this.ps.dup(hd), 'dup');
  }

  addressOf(hd: Handle): Address {
    return this.ps.payload(hd);
  }

  /** The payload's length in bytes, as allocated. */
  payloadBytes(hd: Handle): number {
    return this.ps.payloadBytes(hd);
  }

  read(hd: Handle, i: number): number {
    return this.heap[(this.ps.payload(hd) >> 2) + i];
  }

  write(hd: Handle, i: number, v: number): void {
    this.heap[(this.ps.payload(hd) >> 2) + i] = v;
  }

  setRef(hd: Handle, field: number, target: Handle): void {
    this.ps.setRef(hd, field, target);
  }

  /** A handle to the field's object, or -1 (null). */
  getRef(hd: Handle, field: number): Handle {
    const r = this.ps.getRef(hd, field);
    return r === -1 ? r : this.handle(r, 'getRef');
  }

  setGlobal(g: number, hd: Handle): void {
    this.ps.setGlobal(g, hd);
  }

  getGlobal(g: number): Handle {
    const r = this.ps.getGlobal(g);
    return r === -1 ? r : this.handle(r, 'getGlobal');
  }

  pin(hd: Handle): Address {
    this.inside(kPin);
    const a = this.ps.pin(hd);
    this.done();
    return a;
  }

  unpin(hd: Handle): void {
    this.inside(kUnpin);
    const r = this.ps.unpin(hd);
    this.done();
    if (r !== 0) throw new UnpinUnderflowError(`unpin of handle ${hd} of mutator-${this.tid}: ${this.ps.library.path} refused it (the pin count is already 0)`, { handle: hd, tid: this.tid });
  }

  /** A handle to the pinned object at `addr`, or -1 when the library knows no pinned object there. */
  rootFromPinned(addr: Address): Handle {
    const r = this.ps.adopt(addr);
    return r === -1 ? r : this.handle(r, 'adopt');
  }

  safepoint(): boolean {
    this.inside(kSafepoint);
    const r = this.ps.safepoint();
    this.done();
    return r === 1;
  }

  enterNative(): number {
    this.inside(kEnterNative);
    this.ps.enterNative();
    this.done();
    return 0;
  }

  leaveNative(_token: number): boolean {
    this.inside(kLeaveNative);
    const r = this.ps.leaveNative();
    this.done();
    return r === 1;
  }

  /** The library has no request that does not wait: the driver thread collects for it. */
  requestGc(kind: GcKind): void {
    Atomics.store(this.runMemory.i32, R.kGcRequest, kind);
    Atomics.notify(this.runMemory.i32, R.kGcRequest);
  }

  /** Minor + major collections completed so far: the epoch after a safepoint call. */
  collections(): number {
    return this.ps.collections();
  }
}
