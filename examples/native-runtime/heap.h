/* heap.h: the example runtime's object layout, spaces, threads and counters, shared by runtime.c
 * (the ABI entry points, locking and safepoints) and gc.c (the collections and the verifier). */
#ifndef EXAMPLE_HEAP_H
#define EXAMPLE_HEAP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "../../native/pinstress.h"

/* An object is a 16-byte header, the payload (rounded up to 8 bytes), then n_refs object pointers.
 * Payload before references puts the payload at a fixed distance from the header, so ps_adopt can
 * find an object from its payload address alone. */
typedef struct obj {
  uint32_t size;          /* whole object in bytes, a multiple of 8 (fillers: 8 or more) */
  uint16_t n_refs;
  uint8_t kind;           /* K_OBJ or K_FILLER; anything else is a corrupt header */
  uint8_t flags;          /* F_* */
  _Atomic int32_t pin;    /* pin count; once F_FORWARDED or F_MOVING: heap offset of the new copy */
  uint32_t payload_bytes;
} obj;

#define HEADER 16u
#define K_OBJ 0x5A
#define K_FILLER 0xF1 /* dead space that must stay walkable: a header with only size and kind */
#define F_FORWARDED 1 /* minor GC copied it; pin word = new location */
#define F_MARKED 2    /* minor: pinned young object staying in place; major: reachable */
#define F_MOVING 4    /* major: will slide to the offset in its pin word */
#define POISON 0xDB   /* freed memory, so a stale read shows as 0xDBDBDBDB */

static inline uint32_t align8(uint32_t n) { return (n + 7u) & ~7u; }
static inline uint32_t obj_size(uint32_t payload, uint32_t n_refs) { return HEADER + align8(payload) + 8u * n_refs; }
static inline char *payload_of(obj *o) { return (char *)o + HEADER; }
static inline obj **refs_of(obj *o) { return (obj **)((char *)o + HEADER + align8(o->payload_bytes)); }
static inline obj *next_obj(obj *o) { return (obj *)((char *)o + o->size); }

enum { B_FREE, B_USED, B_RETAINED }; /* nursery block states */

/* Counters with one writer at a time (the owning thread, or the gc_mutex holder) and racy readers
 * (ps_stats, possibly while the runtime is hung): relaxed atomics, no locked instructions. */
typedef _Atomic uint64_t counter;
#define BUMP(c, n) atomic_store_explicit(&(c), atomic_load_explicit(&(c), memory_order_relaxed) + (n), memory_order_relaxed)
#define READ(c) atomic_load_explicit(&(c), memory_order_relaxed)

struct ps_thread {
  struct ps_runtime *rt;
  int tid, is_driver;
  _Atomic int state;           /* PS_STATE_* */
  _Atomic int waiting_on;      /* PS_WAIT_* */
  _Atomic int wait_arg;
  const char *_Atomic activity;
  obj **roots;                 /* the shadow stack: handle = index; NULL = free slot */
  int32_t *free_slots;
  uint32_t n_free;
  char *cur, *end;             /* TLAB: the unused part of this thread's nursery block */
  int32_t block;               /* that block, -1 if none */
  uint64_t native_collections; /* collections completed when the thread entered native */
  counter allocs, bytes_allocated, pins, unpins, polls, parks, native_calls, mutex_acq, mutex_contended, large_bytes;
} __attribute__((aligned(128))); /* one thread's hot words never share a cache line with another's */

struct ps_runtime {
  ps_config cfg;
  char *heap;
  size_t heap_bytes;
  char *nursery, *old, *old_top, *old_end, *los, *los_top, *los_end;
  uint32_t n_blocks, n_free_blocks;
  uint32_t *block_top;         /* bytes of objects in each block */
  uint8_t *block_state;
  uint32_t *free_blocks;       /* stack of free block indices */
  obj *_Atomic *globals;
  struct ps_thread *threads;   /* mutators + 1 (the driver last) */
  int n_threads;

  pthread_mutex_t gc_mutex;    /* NORMAL (or ERRORCHECK): never recursive, on purpose */
  _Atomic int gc_owner;        /* tid of the holder, -1 free; -2 held by ps_create */
  /* Even: no collection. Odd: a collection is requested or running. The collector adds 1 to
   * start and 1 to finish, so a parked thread sleeps on this one futex word with no lost wake-up. */
  _Atomic uint32_t gc_word;
  _Atomic uint32_t safe_seq;   /* bumped whenever a thread becomes safe; the collector sleeps on it */
  int initialized;             /* by gc_init, under gc_mutex */
  struct evac_allocator *evac; /* built in ps_create; lazily in minor_gc with the nested-init fault */
  struct ps_thread *collector; /* the thread running the current collection */

  counter minor, major, bytes_promoted, bytes_copied, objects_copied, pinned_seen, retained_blocks, retained_bytes;
  counter old_used;
};

enum { FAULT_NESTED_INIT = 0, FAULT_MOVE_PINNED = 1 };
static inline int fault_on(const struct ps_runtime *rt, int f) { return (rt->cfg.faults >> f) & 1; }

static inline int in_nursery(const struct ps_runtime *rt, const void *p) {
  return (const char *)p >= rt->nursery && (const char *)p < rt->nursery + rt->cfg.nursery_bytes;
}
static inline int in_old(const struct ps_runtime *rt, const void *p) {
  return (const char *)p >= rt->old && (const char *)p < rt->old_end;
}
static inline obj *forwardee(const struct ps_runtime *rt, obj *o) {
  return (obj *)(rt->heap + (uint32_t)atomic_load_explicit(&o->pin, memory_order_relaxed));
}
static inline void set_forwardee(struct ps_runtime *rt, obj *o, void *to) {
  atomic_store_explicit(&o->pin, (int32_t)(uint32_t)((char *)to - rt->heap), memory_order_relaxed);
}
static inline int32_t pin_count(obj *o) { return atomic_load_explicit(&o->pin, memory_order_relaxed); }
static inline void make_filler(char *p, uint32_t bytes) {
  memset(p, POISON, bytes);
  obj *f = (obj *)p;
  f->size = bytes;
  f->kind = K_FILLER;
  f->n_refs = 0;
  f->flags = 0;
}

/* runtime.c */
const char *enter(struct ps_thread *t, const char *activity);
void leave(struct ps_thread *t, const char *previous);
void gc_lock(struct ps_runtime *rt, struct ps_thread *t);   /* t NULL: ps_create */
void gc_unlock(struct ps_runtime *rt, struct ps_thread *t);
void gc_init(struct ps_runtime *rt, struct ps_thread *t);
/* gc.c */
struct evac_allocator *evac_allocator_new(struct ps_runtime *rt, struct ps_thread *t);
int minor_gc(struct ps_runtime *rt);   /* world stopped, gc_mutex held; -1 if old space cannot take the nursery */
void major_gc(struct ps_runtime *rt);  /* world stopped, gc_mutex held */
obj *old_alloc(struct ps_runtime *rt, uint32_t size);   /* gc_mutex held; NULL if full */
obj *large_alloc(struct ps_runtime *rt, uint32_t size); /* gc_mutex held; NULL if full */
int verify_heap(struct ps_runtime *rt, char *msg, size_t cap); /* world stopped */

#endif
