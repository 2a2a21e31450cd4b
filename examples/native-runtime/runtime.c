/* runtime.c: a small moving collector behind pinstress.h, for pinstress to stress (Linux: futex).
 *
 * Heap: one mapping = nursery (blocks of block_bytes) | old space (bump, slid by major GCs) |
 * large-object space (first fit, never moves). Each mutator allocates from its own nursery block
 * (a TLAB) and takes gc_mutex only to get a new block. Objects: see heap.h.
 *
 * A collection, by the thread that needs it (an allocation that found no free block, or
 * ps_collect from a mutator or the driver):
 *   1. lock gc_mutex (a non-recursive pthread mutex; a thread waiting for it is "blocked": safe);
 *   2. stop the world: make gc_word odd, then wait until no other thread is managed (parked at a
 *      safepoint, in native, blocked on gc_mutex, exited); a thread returning from native
 *      publishes "managed" first and then re-reads gc_word, so one of the two sides always sees
 *      the other (sequentially consistent atomics);
 *   3. major phase if asked (gc.c: mark from roots and pins, slide old space around pinned
 *      objects, update references, sweep large objects);
 *   4. minor phase (gc.c): pinned young objects stay and their blocks are retained; everything
 *      reachable from roots, globals, old and large objects, and pinned objects is copied into
 *      old space (Cheney); freed blocks are poisoned;
 *   5. restart: make gc_word even and wake every parked thread; unlock gc_mutex.
 *
 * Faults (ps_config.faults, by index into ps_fault_names):
 *   nested-init  the evacuation allocator is built lazily inside minor_gc, where gc_mutex is held;
 *                its constructor calls gc_init, which locks gc_mutex again: a self-deadlock.
 *   move-pinned  evacuation ignores pin counts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "heap.h"

static const char *const kFaultNames[] = {"nested-init", "move-pinned", NULL};
static ps_runtime *the_runtime; /* one per process: the ABI says so, and ps_create checks it */

static void futex_wait(_Atomic uint32_t *word, uint32_t seen) {
  syscall(SYS_futex, (uint32_t *)word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}
static void futex_wake(_Atomic uint32_t *word) {
  syscall(SYS_futex, (uint32_t *)word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

const char *enter(ps_thread *t, const char *activity) {
  if (!t) return NULL;
  const char *previous = atomic_load_explicit(&t->activity, memory_order_relaxed);
  atomic_store_explicit(&t->activity, activity, memory_order_relaxed);
  return previous;
}
void leave(ps_thread *t, const char *previous) {
  if (t) atomic_store_explicit(&t->activity, previous, memory_order_relaxed);
}

static uint64_t collections(ps_runtime *rt) { return READ(rt->minor) + READ(rt->major); }

/* Publishes a safe state, then wakes a collector that may be waiting for this very thread. */
static void publish_safe(ps_thread *t, int state, int waiting_on, int arg) {
  ps_runtime *rt = t->rt;
  atomic_store(&t->waiting_on, waiting_on);
  atomic_store(&t->wait_arg, arg);
  atomic_store(&t->state, state);
  atomic_fetch_add(&rt->safe_seq, 1);
  if (atomic_load(&rt->gc_word) & 1) futex_wake(&rt->safe_seq);
}

/* Makes the thread managed, parking first for as long as a collection is requested or running. */
static void become_managed(ps_thread *t) {
  ps_runtime *rt = t->rt;
  for (;;) {
    atomic_store(&t->state, PS_STATE_MANAGED);
    uint32_t w = atomic_load(&rt->gc_word);
    if (!(w & 1)) break;
    const char *prev = enter(t, "park");
    publish_safe(t, PS_STATE_PARKED, PS_WAIT_EPOCH, (int)(w >> 1));
    BUMP(t->parks, 1);
    while (atomic_load(&rt->gc_word) == w) futex_wait(&rt->gc_word, w);
    leave(t, prev);
  }
  atomic_store(&t->waiting_on, PS_WAIT_NONE);
  atomic_store(&t->wait_arg, -1);
}

void gc_lock(ps_runtime *rt, ps_thread *t) {
  int r = pthread_mutex_trylock(&rt->gc_mutex);
  if (r != 0) {
    if (t) {
      BUMP(t->mutex_contended, 1);
      publish_safe(t, PS_STATE_BLOCKED, PS_WAIT_GC_MUTEX, atomic_load(&rt->gc_owner));
    }
    r = pthread_mutex_lock(&rt->gc_mutex); /* with the nested-init fault, the owner never returns */
    if (r == EDEADLK) {
      fprintf(stderr, "example runtime: gc_mutex locked again by its owner, thread %d, in %s (errorcheck mutex)\n",
              t ? t->tid : -1, t ? atomic_load(&t->activity) : "ps_create");
      abort();
    }
    /* No collection can be running now: collecting needs gc_mutex, which this thread holds. */
    if (t) {
      atomic_store(&t->state, PS_STATE_MANAGED);
      atomic_store(&t->waiting_on, PS_WAIT_NONE);
    }
  }
  atomic_store(&rt->gc_owner, t ? t->tid : -2);
  if (t) BUMP(t->mutex_acq, 1);
}

void gc_unlock(ps_runtime *rt, ps_thread *t) {
  (void)t;
  atomic_store(&rt->gc_owner, -1);
  pthread_mutex_unlock(&rt->gc_mutex);
}

/* Sets up the nursery's free-block stack once. Locks gc_mutex, so it must never run under it. */
void gc_init(ps_runtime *rt, ps_thread *t) {
  const char *prev = enter(t, "gc_init");
  gc_lock(rt, t);
  if (!rt->initialized) {
    for (uint32_t b = 0; b < rt->n_blocks; b++) rt->free_blocks[b] = rt->n_blocks - 1 - b;
    rt->n_free_blocks = rt->n_blocks;
    rt->initialized = 1;
  }
  gc_unlock(rt, t);
  leave(t, prev);
}

static void stop_world(ps_runtime *rt, ps_thread *self) {
  atomic_fetch_add(&rt->gc_word, 1);
  atomic_store(&self->waiting_on, PS_WAIT_SAFEPOINT);
  for (;;) {
    uint32_t seq = atomic_load(&rt->safe_seq);
    int unsafe = -1;
    for (int i = 0; i < rt->n_threads && unsafe < 0; i++)
      if (&rt->threads[i] != self && atomic_load(&rt->threads[i].state) == PS_STATE_MANAGED) unsafe = i;
    if (unsafe < 0) break;
    atomic_store(&self->wait_arg, unsafe);
    futex_wait(&rt->safe_seq, seq);
  }
  atomic_store(&self->waiting_on, PS_WAIT_NONE);
  atomic_store(&self->wait_arg, -1);
}

static void restart_world(ps_runtime *rt) {
  atomic_fetch_add(&rt->gc_word, 1);
  futex_wake(&rt->gc_word);
}

/* gc_mutex held. A minor collection that cannot fit the nursery into old space runs a major
 * phase first; if even that leaves no room, the nursery stays as it is and allocation fails. */
static void collect_locked(ps_thread *self, int kind) {
  ps_runtime *rt = self->rt;
  rt->collector = self;
  stop_world(rt, self);
  const char *prev = enter(self, kind ? "major_gc" : "minor_gc");
  int ran_major = 0;
  if (kind) {
    major_gc(rt);
    ran_major = 1;
  }
  if (minor_gc(rt) < 0 && !ran_major) {
    major_gc(rt);
    ran_major = 1;
    minor_gc(rt);
  }
  if (ran_major) BUMP(rt->major, 1);
  else BUMP(rt->minor, 1);
  leave(self, prev);
  rt->collector = NULL;
  restart_world(rt);
}

int ps_abi_version(void) { return PS_ABI_VERSION; }
uint32_t ps_capabilities(void) {
  return PS_CAP_REFS | PS_CAP_LARGE | PS_CAP_NATIVE | PS_CAP_THREAD_INFO | PS_CAP_VERIFY | PS_CAP_HEAP_RANGE;
}
const char *const *ps_fault_names(void) { return kFaultNames; }

static int config_error(const char *why) {
  fprintf(stderr, "example runtime: %s\n", why);
  return 1;
}
static int check_config(const ps_config *c) {
  if (c->mutators < 1 || c->mutators > 1024) return config_error("mutators must be 1..1024");
  if (c->block_bytes < 256 || (c->block_bytes & (c->block_bytes - 1)))
    return config_error("block_bytes must be a power of two, at least 256");
  if (c->nursery_bytes < c->block_bytes || c->nursery_bytes % c->block_bytes)
    return config_error("nursery_bytes must be a multiple of block_bytes");
  if (c->old_bytes < c->nursery_bytes) return config_error("old_bytes must be at least nursery_bytes");
  if (c->nursery_bytes + c->old_bytes * 3 / 2 > 0x7fffffffull)
    return config_error("the heap must stay under 2 GiB (forwarding addresses are 32-bit offsets)");
  if (c->roots_per_thread < 1) return config_error("roots_per_thread must be at least 1");
  if (c->faults >> 2) return config_error("unknown fault bit (this runtime has 2 faults)");
  return 0;
}

ps_runtime *ps_create(const ps_config *cfg) {
  if (the_runtime) {
    fprintf(stderr, "example runtime: one runtime per process\n");
    return NULL;
  }
  if (check_config(cfg)) return NULL;
  ps_runtime *rt = calloc(1, sizeof *rt);
  rt->cfg = *cfg;
  size_t los_bytes = cfg->old_bytes / 2;
  rt->heap_bytes = cfg->nursery_bytes + cfg->old_bytes + los_bytes;
  rt->heap = mmap(NULL, rt->heap_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (rt->heap == MAP_FAILED) {
    free(rt);
    config_error("cannot map the heap");
    return NULL;
  }
  memset(rt->heap, POISON, rt->heap_bytes);
  rt->nursery = rt->heap;
  rt->old = rt->old_top = rt->nursery + cfg->nursery_bytes;
  rt->old_end = rt->old + cfg->old_bytes;
  rt->los = rt->los_top = rt->old_end;
  rt->los_end = rt->los + los_bytes;
  rt->n_blocks = cfg->nursery_bytes / cfg->block_bytes;
  rt->block_top = calloc(rt->n_blocks, sizeof *rt->block_top);
  rt->block_state = calloc(rt->n_blocks, 1);
  rt->free_blocks = calloc(rt->n_blocks, sizeof *rt->free_blocks);
  rt->globals = calloc(cfg->global_roots ? cfg->global_roots : 1, sizeof *rt->globals);
  rt->n_threads = (int)cfg->mutators + 1;
  rt->threads = aligned_alloc(128, sizeof(ps_thread) * (size_t)rt->n_threads);
  memset(rt->threads, 0, sizeof(ps_thread) * (size_t)rt->n_threads);
  for (int i = 0; i < rt->n_threads; i++) {
    ps_thread *t = &rt->threads[i];
    t->rt = rt;
    t->tid = i;
    t->block = -1;
    t->wait_arg = -1;
    t->roots = calloc(cfg->roots_per_thread, sizeof *t->roots);
    t->free_slots = malloc(cfg->roots_per_thread * sizeof *t->free_slots);
    for (uint32_t s = 0; s < cfg->roots_per_thread; s++) t->free_slots[s] = (int32_t)(cfg->roots_per_thread - 1 - s);
    t->n_free = cfg->roots_per_thread;
  }
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, cfg->errorcheck_mutex ? PTHREAD_MUTEX_ERRORCHECK : PTHREAD_MUTEX_NORMAL);
  pthread_mutex_init(&rt->gc_mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  rt->gc_owner = -1;
  gc_init(rt, NULL);
  /* The fix for the seed's bug: build the evacuation allocator here, where gc_mutex is free. */
  if (!fault_on(rt, FAULT_NESTED_INIT)) rt->evac = evac_allocator_new(rt, NULL);
  the_runtime = rt;
  return rt;
}

void ps_destroy(ps_runtime *rt) {
  for (int i = 0; i < rt->n_threads; i++) {
    free(rt->threads[i].roots);
    free(rt->threads[i].free_slots);
  }
  pthread_mutex_destroy(&rt->gc_mutex);
  munmap(rt->heap, rt->heap_bytes);
  free(rt->threads);
  free(rt->globals);
  free(rt->block_top);
  free(rt->block_state);
  free(rt->free_blocks);
  free(rt->evac);
  free(rt);
  the_runtime = NULL;
}

ps_thread *ps_thread_attach(ps_runtime *rt, int tid) {
  if (tid < 0 || tid >= rt->n_threads) return NULL;
  ps_thread *t = &rt->threads[tid];
  if (atomic_load(&t->state) != PS_STATE_UNATTACHED) return NULL;
  t->is_driver = tid == (int)rt->cfg.mutators;
  /* The driver idles in native: collections never wait for it. */
  if (t->is_driver) publish_safe(t, PS_STATE_NATIVE, PS_WAIT_NONE, -1);
  else become_managed(t);
  return t;
}

void ps_thread_detach(ps_thread *t) {
  leave(t, NULL);
  publish_safe(t, PS_STATE_EXITED, PS_WAIT_NONE, -1);
}

static int32_t new_handle(ps_thread *t, obj *o) {
  if (t->n_free == 0) return -2;
  int32_t h = t->free_slots[--t->n_free];
  t->roots[h] = o;
  return h;
}

/* Takes gc_mutex: a new nursery block (collecting if none is free, then falling back to old
 * space when pins retain every block), or space in the large-object space. */
static obj *alloc_slow(ps_thread *t, uint32_t size, int large) {
  ps_runtime *rt = t->rt;
  const char *prev = enter(t, large ? "large_alloc" : "tlab_refill");
  gc_lock(rt, t);
  obj *o = NULL;
  if (large) {
    o = large_alloc(rt, size);
    if (!o) {
      collect_locked(t, 1);
      o = large_alloc(rt, size);
    }
    if (o) BUMP(t->large_bytes, size);
  } else {
    if (rt->n_free_blocks == 0) collect_locked(t, 0);
    if (rt->n_free_blocks > 0) {
      uint32_t b = rt->free_blocks[--rt->n_free_blocks];
      char *start = rt->nursery + (size_t)b * rt->cfg.block_bytes;
      rt->block_state[b] = B_USED;
      rt->block_top[b] = size;
      t->block = (int32_t)b;
      t->cur = start + size;
      t->end = start + rt->cfg.block_bytes;
      o = (obj *)start;
    } else {
      o = old_alloc(rt, size);
      if (!o) {
        collect_locked(t, 1);
        o = old_alloc(rt, size);
      }
    }
  }
  gc_unlock(rt, t);
  leave(t, prev);
  return o;
}

int32_t ps_alloc(ps_thread *t, uint32_t payload_bytes, uint32_t n_refs) {
  ps_runtime *rt = t->rt;
  if (t->n_free == 0) return -2;
  if (payload_bytes > 0x40000000u || n_refs > 0xffffu) return -1;
  uint32_t size = obj_size(payload_bytes, n_refs);
  obj *o;
  int large = size > rt->cfg.block_bytes || (rt->cfg.large_threshold && payload_bytes >= rt->cfg.large_threshold);
  if (!large && (size_t)(t->end - t->cur) >= size) {
    o = (obj *)t->cur;
    t->cur += size;
    rt->block_top[t->block] = (uint32_t)(t->cur - (rt->nursery + (size_t)t->block * rt->cfg.block_bytes));
  } else {
    o = alloc_slow(t, size, large);
    if (!o) return -1;
  }
  memset(o, 0, size);
  o->size = size;
  o->n_refs = (uint16_t)n_refs;
  o->kind = K_OBJ;
  o->payload_bytes = payload_bytes;
  BUMP(t->allocs, 1);
  BUMP(t->bytes_allocated, size);
  return new_handle(t, o);
}

void ps_release(ps_thread *t, int32_t h) {
  t->roots[h] = NULL;
  t->free_slots[t->n_free++] = h;
}

int32_t ps_dup(ps_thread *t, int32_t h) { return new_handle(t, t->roots[h]); }

void *ps_payload(ps_thread *t, int32_t h, uint32_t *bytes) {
  obj *o = t->roots[h];
  if (bytes) *bytes = o->payload_bytes;
  return payload_of(o);
}

/* No write barrier: every minor collection scans old and large objects for young references. */
void ps_set_ref(ps_thread *t, int32_t h, uint32_t field, int32_t target) {
  refs_of(t->roots[h])[field] = target < 0 ? NULL : t->roots[target];
}

int32_t ps_get_ref(ps_thread *t, int32_t h, uint32_t field) {
  obj *o = refs_of(t->roots[h])[field];
  return o ? new_handle(t, o) : -1;
}

void ps_set_global(ps_thread *t, uint32_t index, int32_t h) {
  atomic_store_explicit(&t->rt->globals[index], h < 0 ? NULL : t->roots[h], memory_order_release);
}

int32_t ps_get_global(ps_thread *t, uint32_t index) {
  obj *o = atomic_load_explicit(&t->rt->globals[index], memory_order_acquire);
  return o ? new_handle(t, o) : -1;
}

void *ps_pin(ps_thread *t, int32_t h) {
  obj *o = t->roots[h];
  atomic_fetch_add_explicit(&o->pin, 1, memory_order_relaxed);
  BUMP(t->pins, 1);
  return payload_of(o);
}

int ps_unpin(ps_thread *t, int32_t h) {
  obj *o = t->roots[h];
  int32_t n = atomic_load_explicit(&o->pin, memory_order_relaxed);
  do {
    if (n <= 0) return -1;
  } while (!atomic_compare_exchange_weak_explicit(&o->pin, &n, n - 1, memory_order_relaxed, memory_order_relaxed));
  BUMP(t->unpins, 1);
  return 0;
}

int32_t ps_adopt(ps_thread *t, void *pinned_payload) {
  ps_runtime *rt = t->rt;
  char *p = pinned_payload;
  if (p < rt->heap + HEADER || p >= rt->heap + rt->heap_bytes || ((uintptr_t)p & 7)) return -1;
  obj *o = (obj *)(p - HEADER);
  if (o->kind != K_OBJ || (o->flags & F_FORWARDED) || pin_count(o) <= 0) return -1;
  return new_handle(t, o);
}

int ps_safepoint(ps_thread *t) {
  BUMP(t->polls, 1);
  if (!(atomic_load(&t->rt->gc_word) & 1)) return 0;
  uint64_t before = collections(t->rt);
  become_managed(t);
  return collections(t->rt) != before;
}

void ps_enter_native(ps_thread *t) {
  BUMP(t->native_calls, 1);
  t->native_collections = collections(t->rt);
  publish_safe(t, PS_STATE_NATIVE, PS_WAIT_NONE, -1);
}

int ps_leave_native(ps_thread *t) {
  become_managed(t);
  return collections(t->rt) != t->native_collections;
}

void ps_collect(ps_thread *t, int kind) {
  ps_runtime *rt = t->rt;
  const char *prev = enter(t, "collect");
  if (t->is_driver) become_managed(t);
  gc_lock(rt, t);
  collect_locked(t, kind);
  gc_unlock(rt, t);
  if (t->is_driver) publish_safe(t, PS_STATE_NATIVE, PS_WAIT_NONE, -1);
  leave(t, prev);
}

int ps_verify_heap(ps_thread *t, char *msg, size_t cap) {
  ps_runtime *rt = t->rt;
  const char *prev = enter(t, "verify_heap");
  if (t->is_driver) become_managed(t);
  gc_lock(rt, t);
  stop_world(rt, t);
  int r = verify_heap(rt, msg, cap);
  restart_world(rt);
  gc_unlock(rt, t);
  if (t->is_driver) publish_safe(t, PS_STATE_NATIVE, PS_WAIT_NONE, -1);
  leave(t, prev);
  return r;
}

void ps_stats(ps_runtime *rt, ps_counters *out) {
  memset(out, 0, sizeof *out);
  out->minor_collections = READ(rt->minor);
  out->major_collections = READ(rt->major);
  out->bytes_promoted = READ(rt->bytes_promoted);
  out->bytes_copied = READ(rt->bytes_copied);
  out->objects_copied = READ(rt->objects_copied);
  out->pinned_seen = READ(rt->pinned_seen);
  out->retained_blocks = READ(rt->retained_blocks);
  out->retained_bytes = READ(rt->retained_bytes);
  out->old_used_bytes = READ(rt->old_used);
  for (int i = 0; i < rt->n_threads; i++) {
    ps_thread *t = &rt->threads[i];
    out->allocs += READ(t->allocs);
    out->bytes_allocated += READ(t->bytes_allocated);
    out->pins += READ(t->pins);
    out->unpins += READ(t->unpins);
    out->safepoint_polls += READ(t->polls);
    out->parks += READ(t->parks);
    out->native_calls += READ(t->native_calls);
    out->mutex_acquisitions += READ(t->mutex_acq);
    out->mutex_contended += READ(t->mutex_contended);
    out->large_bytes += READ(t->large_bytes);
  }
}

int ps_heap_range(ps_runtime *rt, void **base, size_t *bytes) {
  *base = rt->heap;
  *bytes = rt->heap_bytes;
  return 0;
}

int ps_thread_info(ps_runtime *rt, int tid, ps_thread_status *out) {
  if (tid < 0 || tid >= rt->n_threads) return -1;
  ps_thread *t = &rt->threads[tid];
  out->state = atomic_load(&t->state);
  out->waiting_on = atomic_load(&t->waiting_on);
  out->wait_arg = atomic_load(&t->wait_arg);
  out->gc_mutex_owner = atomic_load(&rt->gc_owner);
  out->activity = atomic_load_explicit(&t->activity, memory_order_relaxed);
  return 0;
}
