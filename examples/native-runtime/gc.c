/* gc.c: the example runtime's collections and heap verifier. Everything here runs with gc_mutex
 * held and the world stopped, on the collecting thread (rt->collector).
 *
 * Minor (copying, into old space):
 *   1. walk the used nursery blocks; every object with a pin count is a root and stays put
 *      (F_MARKED), unless the move-pinned fault is on;
 *   2. evacuate what thread roots, globals, old objects, large objects and pinned objects refer
 *      to: copy it to the old-space top, leave a forwarding offset in its pin word;
 *   3. Cheney-scan the copies until no new copy appears;
 *   4. a block holding a pinned object is retained (its other objects become poisoned fillers, so
 *      the block stays walkable and nothing is allocated over the pinned object); every other
 *      block is poisoned and freed; every TLAB is dropped.
 * There is no remembered set: step 2 scans every old and large object, which is slower but has
 * no write barrier to get wrong.
 *
 * Major (mark, then slide the old space around pinned objects; young objects do not move):
 *   1. mark from thread roots, globals and every pinned object in any space;
 *   2. plan: walk old space in address order, give each live unpinned object the next free
 *      address (never above its own, so it never lands on a pinned object further up), skip over
 *      pinned objects;
 *   3. update every reference in every live object, every root and global;
 *   4. move, in address order; the gap before a pinned object becomes a filler;
 *   5. sweep the large-object space (unmarked and unpinned -> filler), clear the marks.
 */
#include <stdio.h>
#include <stdlib.h>

#include "heap.h"

struct evac_allocator {
  ps_runtime *rt;
};

/* The seed's GC-side allocator. Its constructor makes sure the heap is initialized, which takes
 * gc_mutex: harmless from ps_create, a self-deadlock when first built inside minor_gc. */
struct evac_allocator *evac_allocator_new(ps_runtime *rt, ps_thread *t) {
  const char *prev = enter(t, "EvacuationAllocator()");
  gc_init(rt, t);
  struct evac_allocator *ev = malloc(sizeof *ev);
  ev->rt = rt;
  leave(t, prev);
  return ev;
}

static obj *evac_copy(struct evac_allocator *ev, obj *o) {
  ps_runtime *rt = ev->rt;
  obj *to = (obj *)rt->old_top; /* minor_gc checked that the nursery fits */
  rt->old_top += o->size;
  memcpy(to, o, o->size);
  BUMP(rt->bytes_promoted, o->size);
  BUMP(rt->bytes_copied, o->size);
  BUMP(rt->objects_copied, 1);
  return to;
}

obj *old_alloc(ps_runtime *rt, uint32_t size) {
  if ((size_t)(rt->old_end - rt->old_top) < size) return NULL;
  obj *o = (obj *)rt->old_top;
  rt->old_top += size;
  return o;
}

obj *large_alloc(ps_runtime *rt, uint32_t size) {
  for (obj *f = (obj *)rt->los; (char *)f < rt->los_top; f = next_obj(f)) {
    if (f->kind != K_FILLER || f->size < size) continue;
    if (f->size - size >= 8) make_filler((char *)f + size, f->size - size);
    return f;
  }
  if ((size_t)(rt->los_end - rt->los_top) < size) return NULL;
  obj *o = (obj *)rt->los_top;
  rt->los_top += size;
  return o;
}

/* A growable stack of objects: the pinned list of a minor, the mark stack of a major. */
static struct {
  obj **v;
  size_t n, cap;
} stack;
static void push(obj *o) {
  if (stack.n == stack.cap) {
    stack.cap = stack.cap ? stack.cap * 2 : 1024;
    stack.v = realloc(stack.v, stack.cap * sizeof *stack.v);
  }
  stack.v[stack.n++] = o;
}

static char *block_start(ps_runtime *rt, uint32_t b) { return rt->nursery + (size_t)b * rt->cfg.block_bytes; }
#define FOR_BLOCK_OBJECTS(rt, b, o) \
  for (obj *o = (obj *)block_start(rt, b); (char *)o < block_start(rt, b) + rt->block_top[b]; o = next_obj(o))
#define FOR_OBJECTS(from, to, o) for (obj *o = (obj *)(from); (char *)o < (to); o = next_obj(o))

static int thread_has_roots(ps_thread *t) {
  int s = atomic_load(&t->state);
  return s != PS_STATE_UNATTACHED && s != PS_STATE_EXITED;
}

/* ---------------------------------------------------------------- minor */

static obj *evacuate(ps_runtime *rt, obj *o) {
  if (!o || !in_nursery(rt, o)) return o;
  if (o->flags & F_FORWARDED) return forwardee(rt, o);
  if (o->flags & F_MARKED) return o; /* pinned: stays */
  obj *to = evac_copy(rt->evac, o);
  o->flags |= F_FORWARDED;
  set_forwardee(rt, o, to);
  return to;
}

static void evacuate_fields(ps_runtime *rt, obj *o) {
  obj **f = refs_of(o);
  for (uint32_t i = 0; i < o->n_refs; i++) f[i] = evacuate(rt, f[i]);
}

int minor_gc(ps_runtime *rt) {
  if (!rt->evac) rt->evac = evac_allocator_new(rt, rt->collector); /* only with nested-init */
  size_t young = 0;
  for (uint32_t b = 0; b < rt->n_blocks; b++) young += rt->block_top[b];
  if (young > (size_t)(rt->old_end - rt->old_top)) return -1;

  int move_pinned = fault_on(rt, FAULT_MOVE_PINNED);
  stack.n = 0;
  for (uint32_t b = 0; b < rt->n_blocks; b++) {
    if (rt->block_state[b] == B_FREE) continue;
    FOR_BLOCK_OBJECTS(rt, b, o) {
      if (o->kind != K_OBJ || pin_count(o) <= 0) continue;
      push(o);
      if (!move_pinned) o->flags |= F_MARKED;
    }
  }

  char *old_scanned = rt->old_top, *scan = rt->old_top;
  for (int i = 0; i < rt->n_threads; i++) {
    ps_thread *t = &rt->threads[i];
    if (!thread_has_roots(t)) continue;
    for (uint32_t s = 0; s < rt->cfg.roots_per_thread; s++) t->roots[s] = evacuate(rt, t->roots[s]);
  }
  for (uint32_t g = 0; g < rt->cfg.global_roots; g++) rt->globals[g] = evacuate(rt, rt->globals[g]);
  FOR_OBJECTS(rt->old, old_scanned, o) if (o->kind == K_OBJ && o->n_refs) evacuate_fields(rt, o);
  FOR_OBJECTS(rt->los, rt->los_top, o) if (o->kind == K_OBJ && o->n_refs) evacuate_fields(rt, o);
  for (size_t i = 0; i < stack.n; i++) {
    if (move_pinned) evacuate(rt, stack.v[i]); /* the fault: a pinned object is copied like any other */
    else evacuate_fields(rt, stack.v[i]);
  }
  while (scan < rt->old_top) {
    obj *o = (obj *)scan;
    evacuate_fields(rt, o);
    scan += o->size;
  }

  uint64_t retained = 0;
  for (uint32_t b = 0; b < rt->n_blocks; b++) {
    if (rt->block_state[b] == B_FREE) continue;
    int keep = 0;
    FOR_BLOCK_OBJECTS(rt, b, o) {
      if (o->kind != K_OBJ) continue;
      if (o->flags & F_MARKED) {
        o->flags &= (uint8_t)~F_MARKED;
        keep++;
      } else {
        make_filler((char *)o, o->size);
      }
    }
    BUMP(rt->pinned_seen, (uint64_t)keep);
    if (keep) {
      rt->block_state[b] = B_RETAINED;
      retained++;
    } else {
      memset(block_start(rt, b), POISON, rt->cfg.block_bytes);
      rt->block_state[b] = B_FREE;
      rt->block_top[b] = 0;
      rt->free_blocks[rt->n_free_blocks++] = b;
    }
  }
  for (int i = 0; i < rt->n_threads; i++) {
    rt->threads[i].cur = rt->threads[i].end = NULL;
    rt->threads[i].block = -1;
  }
  atomic_store_explicit(&rt->retained_blocks, retained, memory_order_relaxed);
  atomic_store_explicit(&rt->retained_bytes, retained * rt->cfg.block_bytes, memory_order_relaxed);
  atomic_store_explicit(&rt->old_used, (uint64_t)(rt->old_top - rt->old), memory_order_relaxed);
  return 0;
}

/* ---------------------------------------------------------------- major */

static void mark(obj *o) {
  if (!o || (o->flags & F_MARKED)) return;
  o->flags |= F_MARKED;
  push(o);
}

static obj *relocate(ps_runtime *rt, obj *o) {
  return o && in_old(rt, o) && (o->flags & F_MOVING) ? forwardee(rt, o) : o;
}

static void relocate_fields(ps_runtime *rt, obj *o) {
  obj **f = refs_of(o);
  for (uint32_t i = 0; i < o->n_refs; i++) f[i] = relocate(rt, f[i]);
}

/* Calls fn on every live (marked) object in the nursery, old space and large-object space. */
static void for_marked(ps_runtime *rt, void (*fn)(ps_runtime *, obj *)) {
  for (uint32_t b = 0; b < rt->n_blocks; b++)
    if (rt->block_state[b] != B_FREE)
      FOR_BLOCK_OBJECTS(rt, b, o) if (o->kind == K_OBJ && (o->flags & F_MARKED)) fn(rt, o);
  FOR_OBJECTS(rt->old, rt->old_top, o) if (o->kind == K_OBJ && (o->flags & F_MARKED)) fn(rt, o);
  FOR_OBJECTS(rt->los, rt->los_top, o) if (o->kind == K_OBJ && (o->flags & F_MARKED)) fn(rt, o);
}
static void mark_if_pinned(ps_runtime *rt, obj *o) {
  (void)rt;
  if (pin_count(o) > 0) mark(o);
}
static void for_all(ps_runtime *rt, void (*fn)(ps_runtime *, obj *)) {
  for (uint32_t b = 0; b < rt->n_blocks; b++)
    if (rt->block_state[b] != B_FREE) FOR_BLOCK_OBJECTS(rt, b, o) if (o->kind == K_OBJ) fn(rt, o);
  FOR_OBJECTS(rt->old, rt->old_top, o) if (o->kind == K_OBJ) fn(rt, o);
  FOR_OBJECTS(rt->los, rt->los_top, o) if (o->kind == K_OBJ) fn(rt, o);
}
static void unmark(ps_runtime *rt, obj *o) {
  (void)rt;
  o->flags &= (uint8_t)~F_MARKED;
}

void major_gc(ps_runtime *rt) {
  stack.n = 0;
  for (int i = 0; i < rt->n_threads; i++)
    if (thread_has_roots(&rt->threads[i]))
      for (uint32_t s = 0; s < rt->cfg.roots_per_thread; s++) mark(rt->threads[i].roots[s]);
  for (uint32_t g = 0; g < rt->cfg.global_roots; g++) mark(rt->globals[g]);
  for_all(rt, mark_if_pinned);
  while (stack.n) {
    obj *o = stack.v[--stack.n];
    obj **f = refs_of(o);
    for (uint32_t i = 0; i < o->n_refs; i++) mark(f[i]);
  }

  char *to = rt->old;
  FOR_OBJECTS(rt->old, rt->old_top, o) {
    if (o->kind != K_OBJ || !(o->flags & F_MARKED)) continue;
    if (pin_count(o) > 0) {
      to = (char *)o + o->size;
    } else {
      o->flags |= F_MOVING;
      set_forwardee(rt, o, to);
      to += o->size;
    }
  }

  for (int i = 0; i < rt->n_threads; i++)
    if (thread_has_roots(&rt->threads[i]))
      for (uint32_t s = 0; s < rt->cfg.roots_per_thread; s++)
        rt->threads[i].roots[s] = relocate(rt, rt->threads[i].roots[s]);
  for (uint32_t g = 0; g < rt->cfg.global_roots; g++) rt->globals[g] = relocate(rt, rt->globals[g]);
  for_marked(rt, relocate_fields);

  char *cur = rt->old, *end = rt->old_top;
  for (obj *o = (obj *)rt->old, *next; (char *)o < end; o = next) {
    uint32_t size = o->size;
    next = (obj *)((char *)o + size); /* read before the move can overwrite this header */
    if (o->kind != K_OBJ || !(o->flags & F_MARKED)) continue;
    if (o->flags & F_MOVING) {
      obj *dest = forwardee(rt, o);
      if (dest != o) {
        memmove(dest, o, size);
        BUMP(rt->bytes_copied, size);
        BUMP(rt->objects_copied, 1);
      }
      dest->flags &= (uint8_t)~(F_MOVING | F_MARKED);
      atomic_store_explicit(&dest->pin, 0, memory_order_relaxed);
      cur = (char *)dest + size;
    } else {
      if (cur < (char *)o) make_filler(cur, (uint32_t)((char *)o - cur));
      o->flags &= (uint8_t)~F_MARKED;
      cur = (char *)o + size;
    }
  }
  memset(cur, POISON, (size_t)(end - cur));
  rt->old_top = cur;

  obj *prev_filler = NULL;
  for (obj *o = (obj *)rt->los, *next; (char *)o < rt->los_top; o = next) {
    next = next_obj(o);
    if (o->kind == K_OBJ && ((o->flags & F_MARKED) || pin_count(o) > 0)) {
      o->flags &= (uint8_t)~F_MARKED;
      prev_filler = NULL;
      continue;
    }
    if (o->kind == K_OBJ) make_filler((char *)o, o->size);
    if (prev_filler) { /* coalesce, so a large request can reuse freed neighbours */
      prev_filler->size += o->size;
      memset(o, POISON, 8);
    } else {
      prev_filler = o;
    }
  }
  if (prev_filler) { /* a free tail goes back to the bump region */
    memset(prev_filler, POISON, 8);
    rt->los_top = (char *)prev_filler;
  }
  for (uint32_t b = 0; b < rt->n_blocks; b++)
    if (rt->block_state[b] != B_FREE) FOR_BLOCK_OBJECTS(rt, b, o) if (o->kind == K_OBJ) unmark(rt, o);
  atomic_store_explicit(&rt->old_used, (uint64_t)(rt->old_top - rt->old), memory_order_relaxed);
}

/* ---------------------------------------------------------------- verifier */

static int poisoned(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)p[i] != POISON) return 0;
  return 1;
}

#define FAIL(...)                       \
  do {                                  \
    snprintf(msg, cap, __VA_ARGS__);    \
    free(starts);                       \
    return 1;                           \
  } while (0)
#define OFF(p) ((long)((const char *)(p) - rt->heap))
/* One bit per 8-byte granule: word off/512, bit (off/8) % 64. */
#define IS_START(p) (starts[OFF(p) >> 9] & (1ull << ((OFF(p) >> 3) & 63)))

/* Walks [from, to): well-formed headers, no flag left over, fillers still poisoned; records each
 * object start in the bitmap. Returns NULL, or the first bad object. */
static obj *walk_space(ps_runtime *rt, char *from, char *to, uint64_t *starts, const char **why) {
  FOR_OBJECTS(from, to, o) {
    if (o->size < 8 || (o->size & 7) || (char *)o + o->size > to) return *why = "a bad size", o;
    if (o->kind == K_FILLER) {
      if (!poisoned((char *)o + 8, o->size - 8)) return *why = "a filler that is no longer poisoned", o;
      continue;
    }
    if (o->kind != K_OBJ) return *why = "a bad kind", o;
    if (o->size != obj_size(o->payload_bytes, o->n_refs)) return *why = "a size that does not match its fields", o;
    if (o->flags) return *why = "a flag left over from a collection", o;
    if (pin_count(o) < 0) return *why = "a negative pin count", o;
    long off = OFF(o);
    starts[off >> 9] |= 1ull << ((off >> 3) & 63);
  }
  return NULL;
}

static int is_object(ps_runtime *rt, obj *p, uint64_t *starts) {
  if ((char *)p < rt->heap || (char *)p >= rt->heap + rt->heap_bytes || ((uintptr_t)p & 7)) return 0;
  return IS_START(p) ? 1 : 0;
}

/* The first object in [from, to) with a reference that is not an object start, or NULL. */
static obj *bad_reference(ps_runtime *rt, char *from, char *to, uint64_t *starts, uint32_t *field) {
  FOR_OBJECTS(from, to, o) {
    if (o->kind != K_OBJ) continue;
    obj **f = refs_of(o);
    for (uint32_t i = 0; i < o->n_refs; i++)
      if (f[i] && !is_object(rt, f[i], starts)) return *field = i, o;
  }
  return NULL;
}

int verify_heap(ps_runtime *rt, char *msg, size_t cap) {
  uint64_t *starts = calloc(rt->heap_bytes / 512 + 1, sizeof *starts);
  const char *why = NULL;
  uint32_t field = 0;
  obj *bad;
  for (uint32_t b = 0; b < rt->n_blocks; b++) {
    char *s = block_start(rt, b);
    if (rt->block_state[b] == B_FREE) {
      if (!poisoned(s, rt->cfg.block_bytes)) FAIL("free nursery block %u is not poisoned", b);
      continue;
    }
    if ((bad = walk_space(rt, s, s + rt->block_top[b], starts, &why)))
      FAIL("nursery block %u: object at +%ld has %s", b, OFF(bad), why);
    if (!poisoned(s + rt->block_top[b], rt->cfg.block_bytes - rt->block_top[b]))
      FAIL("nursery block %u: unallocated tail is not poisoned", b);
  }
  if ((bad = walk_space(rt, rt->old, rt->old_top, starts, &why))) FAIL("old space: object at +%ld has %s", OFF(bad), why);
  if (!poisoned(rt->old_top, (size_t)(rt->old_end - rt->old_top))) FAIL("old space: free space is not poisoned");
  if ((bad = walk_space(rt, rt->los, rt->los_top, starts, &why)))
    FAIL("large-object space: object at +%ld has %s", OFF(bad), why);
  if (!poisoned(rt->los_top, (size_t)(rt->los_end - rt->los_top))) FAIL("large-object space: free space is not poisoned");

  for (uint32_t b = 0; b < rt->n_blocks; b++)
    if ((bad = bad_reference(rt, block_start(rt, b), block_start(rt, b) + rt->block_top[b], starts, &field)))
      FAIL("object at +%ld: reference field %u points at +%ld, not at an object", OFF(bad), field, OFF(refs_of(bad)[field]));
  if ((bad = bad_reference(rt, rt->old, rt->old_top, starts, &field)) ||
      (bad = bad_reference(rt, rt->los, rt->los_top, starts, &field)))
    FAIL("object at +%ld: reference field %u points at +%ld, not at an object", OFF(bad), field, OFF(refs_of(bad)[field]));
  for (int i = 0; i < rt->n_threads; i++) {
    if (!thread_has_roots(&rt->threads[i])) continue;
    for (uint32_t s = 0; s < rt->cfg.roots_per_thread; s++) {
      obj *r = rt->threads[i].roots[s];
      if (r && !is_object(rt, r, starts)) FAIL("thread %d: handle %u points at +%ld, not at an object", i, s, OFF(r));
    }
  }
  for (uint32_t g = 0; g < rt->cfg.global_roots; g++)
    if (rt->globals[g] && !is_object(rt, rt->globals[g], starts))
      FAIL("global %u points at +%ld, not at an object", g, OFF(rt->globals[g]));
  free(starts);
  if (cap) msg[0] = 0;
  return 0;
}
