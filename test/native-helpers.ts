// What the native-runtime test files share: native/build.mjs (plain JavaScript, shipped as it is,
// imported by a path TypeScript does not resolve), whether this machine can build a library, a
// process check, and stub libraries that pass every check before a run and then misbehave.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

interface NativeBuild {
  nativeAvailability(): { ok: boolean; reason?: string };
  buildAddon(): string;
  buildExample(): string;
  buildRuntime(sources: string[], o: { name: string }): string;
}
export const build = (await import('../native/build.mjs' as string)) as NativeBuild;
export const available = build.nativeAvailability();

/** Whether a process with this pid exists (a zombie counts): signal 0 checks without sending anything. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ESRCH');
    return false;
  }
}

// A library that passes every check before the run and then takes its process down with it.
const stub = (create: string): string => `#include <signal.h>
#include <unistd.h>
#include "pinstress.h"
int ps_abi_version(void) { return PS_ABI_VERSION; }
uint32_t ps_capabilities(void) { return PS_CAP_HEAP_RANGE; }
static const char *const names[] = {0};
const char *const *ps_fault_names(void) { return names; }
ps_runtime *ps_create(const ps_config *c) { (void)c; ${create} return 0; }
void ps_destroy(ps_runtime *r) { (void)r; }
ps_thread *ps_thread_attach(ps_runtime *r, int t) { (void)r; (void)t; return 0; }
void ps_thread_detach(ps_thread *t) { (void)t; }
int32_t ps_alloc(ps_thread *t, uint32_t b, uint32_t n) { (void)t; (void)b; (void)n; return -1; }
void ps_release(ps_thread *t, int32_t h) { (void)t; (void)h; }
int32_t ps_dup(ps_thread *t, int32_t h) { (void)t; return h; }
void *ps_payload(ps_thread *t, int32_t h, uint32_t *b) { (void)t; (void)h; (void)b; return 0; }
void ps_set_ref(ps_thread *t, int32_t h, uint32_t f, int32_t v) { (void)t; (void)h; (void)f; (void)v; }
int32_t ps_get_ref(ps_thread *t, int32_t h, uint32_t f) { (void)t; (void)h; (void)f; return -1; }
void ps_set_global(ps_thread *t, uint32_t i, int32_t h) { (void)t; (void)i; (void)h; }
int32_t ps_get_global(ps_thread *t, uint32_t i) { (void)t; (void)i; return -1; }
void *ps_pin(ps_thread *t, int32_t h) { (void)t; (void)h; return 0; }
int ps_unpin(ps_thread *t, int32_t h) { (void)t; (void)h; return 0; }
int32_t ps_adopt(ps_thread *t, void *p) { (void)t; (void)p; return -1; }
int ps_safepoint(ps_thread *t) { (void)t; return 0; }
void ps_enter_native(ps_thread *t) { (void)t; }
int ps_leave_native(ps_thread *t) { (void)t; return 0; }
void ps_collect(ps_thread *t, int k) { (void)t; (void)k; }
void ps_stats(ps_runtime *r, ps_counters *o) { (void)r; (void)o; }
int ps_heap_range(ps_runtime *r, void **b, size_t *n) { (void)r; (void)b; (void)n; return -1; }
`;
/** A stub library named `name`, built from a source written into `dir`, whose ps_create runs `create`. */
export function stubLibrary(dir: string, name: string, create: string): string {
  const src = join(dir, `${name}.c`);
  writeFileSync(src, stub(create));
  return build.buildRuntime([src], { name });
}
