// One error class per failure, each with a stable code and a sentence that says how to fix it.
// Workers never let these fly across threads: they are caught and returned as data
// (see harness/protocol.ts), so `code` and `details` are what crosses.

export type RuntimeErrorCode =
  | 'PIN_MUTEX_RELOCK'
  | 'PIN_UNPIN_UNDERFLOW'
  | 'PIN_OUT_OF_MEMORY'
  | 'PIN_INVARIANT'
  | 'PIN_ABORTED'
  | 'PIN_BAD_HANDLE'
  | 'PIN_HEAP_CORRUPT';

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly hint: string;
  readonly details: Record<string, unknown>;
  constructor(code: RuntimeErrorCode, message: string, hint: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
    this.details = details;
  }
}

/** gc_mutex was locked again by the thread that already owns it (errorcheck mode). */
export class MutexRelockError extends RuntimeError {
  constructor(message: string, details: Record<string, unknown>) {
    super('PIN_MUTEX_RELOCK', message,
      'gc_mutex is not recursive: do not call code that takes it (gc_init, allocation) while it is held, ' +
      'or build the object eagerly outside the lock.', details);
  }
}

/** unpin() on an object whose pin count is already zero. */
export class UnpinUnderflowError extends RuntimeError {
  constructor(message: string, details: Record<string, unknown>) {
    super('PIN_UNPIN_UNDERFLOW', message, 'every unpin() must match an earlier pin() of the same object.', details);
  }
}

export class OutOfMemoryError extends RuntimeError {
  constructor(message: string, details: Record<string, unknown>) {
    super('PIN_OUT_OF_MEMORY', message, 'give the run a larger old space (--old) or fewer live objects.', details);
  }
}

/** A named invariant of the runtime does not hold; `details` carries the values that broke it. */
export class InvariantError extends RuntimeError {
  readonly invariant: string;
  constructor(invariant: string, message: string, details: Record<string, unknown> = {}) {
    super('PIN_INVARIANT', `${invariant}: ${message}`, 'this is a bug in the runtime or an injected fault.', details);
    this.invariant = invariant;
  }
}

/** The harness asked every thread to stop (hang, failure elsewhere, or the run's end). */
export class AbortedError extends RuntimeError {
  constructor(where: string) {
    super('PIN_ABORTED', `aborted while ${where}`, 'not an error of its own: another thread ended the run.');
  }
}

/**
 * kHeapParseable does not hold: a chunk header at `address` cannot be parsed (runtime/walk.ts).
 * Thrown by every heap walk, so no loop runs on over memory it cannot read.
 */
export class HeapCorruptError extends RuntimeError {
  readonly invariant = 'kHeapParseable';
  constructor(h: { spaceOf(a: number): string }, address: number, size: number) {
    super('PIN_HEAP_CORRUPT',
      `kHeapParseable: the chunk at ${hex(address)} (${h.spaceOf(address)}) has ${size === (0xdeadbeef | 0) ? 'a poisoned header' : `size ${size}`}, so the space cannot be walked past it`,
      'this is a bug in the runtime (a header overwritten, a wrong size copied) or an injected fault.', { address, size });
  }
}

export class BadHandleError extends RuntimeError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('PIN_BAD_HANDLE', message, 'use handles returned by alloc() or getRef() that have not been released.', details);
  }
}

export function hex(addr: number): string {
  return '0x' + (addr >>> 0).toString(16).padStart(6, '0');
}
