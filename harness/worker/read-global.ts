// Reading a global root with the identity it must hold, for both mutator contexts: through its
// shadow (common/global-shadow.ts) so the root and the id are seen together, dropping the handle
// of a read that raced a publish. A null where an object was stored is a lost reference. Worker side.
import type { GlobalShadow } from '../common/global-shadow.ts';
import type { Handle, MutatorSide } from '../../runtime/contract.ts';
import { NULL_HANDLE } from '../common/scenario.ts';
import { type Finding, globalLost } from './findings.ts';

/** The handle (NULL_HANDLE for null) and the id its object must have; `fail` records a lost reference and does not return. */
export function readGlobal(shadow: GlobalShadow, g: number, m: Pick<MutatorSide, 'getGlobal' | 'release'>, fail: (f: Finding) => never): { hd: Handle; id: number } {
  const r = shadow.read(g, () => m.getGlobal(g), (x) => { if (x !== NULL_HANDLE) m.release(x); });
  if (r.value === NULL_HANDLE && r.id !== 0) fail(globalLost(r.id));
  return { hd: r.value, id: r.id };
}
