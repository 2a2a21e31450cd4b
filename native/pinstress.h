/*
 * pinstress.h: the C ABI a runtime implements so that pinstress can stress its object pinning.
 *
 * Build your runtime as a shared library that exports these functions with C linkage, then
 * `pinstress run pin-concurrent --runtime ./libmyrt.so`. pinstress loads the library into a child
 * process (one run, one process, one runtime), calls it from one worker thread per mutator plus a
 * driver thread, and reads object memory directly to check that pinned objects never move and
 * payloads stay intact.
 *
 * Conventions
 *   - Plain C types only; every call is synchronous. No callback ever goes from the runtime into
 *     pinstress, so the runtime may block anywhere it likes, including forever: pinstress detects
 *     a hang from outside and ends the process. It never interrupts a call.
 *   - Threads. pinstress attaches every OS thread that calls into the runtime with
 *     ps_thread_attach() before anything else on that thread, and passes the returned ps_thread to
 *     the calls of that thread only. A ps_thread is never used from two OS threads.
 *     tid 0 .. mutators-1 are mutators; tid == mutators is the driver, which only requests
 *     collections and inspects (ps_collect, ps_verify_heap, plus the ps_runtime calls).
 *   - Handles. A mutator never holds an object address across a safepoint, only a handle: an index
 *     into the thread's own shadow stack of roots (0 .. roots_per_thread-1), which the collector
 *     updates when it moves the object. A handle is valid in the thread that got it, until released.
 *     Objects cross threads through global roots (ps_set_global / ps_get_global).
 *   - Safepoints. The calls marked [safepoint] may run or wait for a collection; every address
 *     obtained from ps_payload() before such a call is stale after it (pinned addresses are not).
 *     A collection may start only while every attached mutator is safe: parked inside a
 *     [safepoint] call, between ps_enter_native() and ps_leave_native(), blocked inside the
 *     runtime on one of its locks, or detached. A mutator in managed code (between calls, or in
 *     a call not marked [safepoint]) is not safe: it may be reading or writing payload memory,
 *     and pinstress promises to reach a [safepoint] call soon. The driver thread is safe whenever
 *     it is outside ps_collect() and ps_verify_heap(): never wait for it to poll.
 *   - Optional functions: ps_heap_range, ps_thread_info and ps_verify_heap may be left out of the
 *     library (pinstress then clears the matching capability). Every other function is required;
 *     a library missing one is refused with an error that names it.
 *   - Misuse (a bad handle, a field index out of range, a call on a detached thread) is undefined
 *     behaviour of the harness, not a case the runtime must handle gracefully; pinstress does not
 *     do it on purpose. Conditions the harness does test are given return values (-1 etc.).
 *
 * Object model
 *   An object has n_refs reference fields (each null or another object) and a payload of
 *   payload_bytes bytes of plain data. pinstress writes and reads the payload by address; the
 *   reference fields only through ps_set_ref/ps_get_ref, so their layout is the runtime's own.
 *   Payload memory is zeroed at allocation and must be at least 8-byte aligned.
 *
 * Pinning
 *   ps_pin() raises an object's pin count and returns its payload address. While the count is
 *   above zero the object must not move, its payload must not change except by pinstress's own
 *   writes, and it is alive even if no handle refers to it (a pinned object known only by its
 *   address stays reachable: ps_adopt gives it a handle again). Pins nest and may be taken and
 *   released by different threads on the same object.
 */
#ifndef PINSTRESS_H
#define PINSTRESS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ps_abi_version() must return exactly this; pinstress refuses a library built against another. */
#define PS_ABI_VERSION 1

/* Capability bits (ps_capabilities). A scenario that needs a capability the runtime lacks is
 * skipped with a sentence, not failed. */
#define PS_CAP_REFS         (1u << 0) /* n_refs > 0 works: reference fields, traced by the collector */
#define PS_CAP_LARGE        (1u << 1) /* large objects (payload >= large_threshold) live in a non-moving space */
#define PS_CAP_NATIVE       (1u << 2) /* ps_enter_native/ps_leave_native do something (else no-ops returning 0) */
#define PS_CAP_THREAD_INFO  (1u << 3) /* ps_thread_info is implemented */
#define PS_CAP_VERIFY       (1u << 4) /* ps_verify_heap is implemented */
#define PS_CAP_HEAP_RANGE   (1u << 5) /* ps_heap_range is implemented (needed for address checks by memory) */

/* Thread states (ps_thread_status.state); the same names as pinstress's built-in runtime. */
#define PS_STATE_UNATTACHED 0
#define PS_STATE_MANAGED    1 /* running mutator code; not safe */
#define PS_STATE_PARKED     2 /* stopped at a safepoint, waiting for a collection to end */
#define PS_STATE_NATIVE     3 /* between ps_enter_native and ps_leave_native */
#define PS_STATE_BLOCKED    4 /* waiting for a runtime lock */
#define PS_STATE_EXITED     5 /* detached */

/* What a waiting thread waits for (ps_thread_status.waiting_on). */
#define PS_WAIT_NONE      0
#define PS_WAIT_GC_MUTEX  1 /* the runtime's collection lock; wait_arg = its owner's tid */
#define PS_WAIT_EPOCH     2 /* parked: the end of the current collection; wait_arg = the epoch seen */
#define PS_WAIT_SAFEPOINT 3 /* a collector waiting for threads to become safe; wait_arg = a tid not yet safe */
#define PS_WAIT_OTHER     4 /* any other runtime-internal wait */

typedef struct ps_runtime ps_runtime; /* opaque, the runtime's own */
typedef struct ps_thread ps_thread;   /* opaque, the runtime's own */

typedef struct ps_config {
  uint32_t mutators;         /* mutator threads, >= 1; tids 0..mutators-1, the driver is tid == mutators */
  uint32_t nursery_bytes;    /* young generation size (64 KiB must work) */
  uint32_t block_bytes;      /* nursery block size (a power of two; the unit of retention under pins) */
  uint64_t old_bytes;        /* old generation size */
  uint32_t large_threshold;  /* payloads of at least this many bytes go to the large-object space (if PS_CAP_LARGE) */
  uint32_t roots_per_thread; /* handle slots per thread */
  uint32_t global_roots;     /* global root slots */
  uint32_t errorcheck_mutex; /* nonzero: re-locking the collection lock by its owner must fail loudly
                                (abort with a message naming the owner) instead of hanging */
  uint64_t faults;           /* bit i switches on ps_fault_names()[i]; 0 = no fault */
} ps_config;

/* Counters since ps_create. Every field is a count (or bytes); a runtime sets what it tracks and
 * leaves the rest zero (pinstress zeroes the struct before the call). */
typedef struct ps_counters {
  uint64_t minor_collections;  /* collections that ran a minor phase only */
  uint64_t major_collections;  /* collections that ran a major phase */
  uint64_t bytes_promoted;     /* bytes evacuated from the nursery */
  uint64_t bytes_copied;       /* bytes moved by any collection */
  uint64_t objects_copied;
  uint64_t pinned_seen;        /* pinned young objects left in place, summed over collections */
  uint64_t retained_blocks;    /* nursery blocks retained by pins after the last collection */
  uint64_t retained_bytes;     /* bytes in those blocks */
  uint64_t allocs;
  uint64_t bytes_allocated;
  uint64_t pins;
  uint64_t unpins;
  uint64_t safepoint_polls;
  uint64_t parks;              /* times a thread parked for a collection */
  uint64_t native_calls;       /* ps_enter_native calls */
  uint64_t mutex_acquisitions; /* collection-lock acquisitions */
  uint64_t mutex_contended;    /* acquisitions that had to wait */
  uint64_t large_bytes;        /* bytes allocated in the large-object space */
  uint64_t old_used_bytes;     /* old generation in use after the last collection */
} ps_counters;

typedef struct ps_thread_status {
  int32_t state;          /* PS_STATE_* */
  int32_t waiting_on;     /* PS_WAIT_* */
  int32_t wait_arg;       /* see PS_WAIT_*; -1 if none */
  int32_t gc_mutex_owner; /* tid holding the collection lock now, -1 if free (the same for every tid) */
  const char *activity;   /* what the thread is doing, innermost runtime function, e.g. "minor_gc",
                             "gc_init"; a static string owned by the runtime, or NULL */
} ps_thread_status;

/* ---- identity: any thread, before ps_create ---- */

/* PS_ABI_VERSION of the header the runtime was built with. */
int ps_abi_version(void);
/* PS_CAP_* bits. */
uint32_t ps_capabilities(void);
/* The runtime's own switchable faults (bugs it can switch on for pinstress to catch), as a
 * NULL-terminated array of static names; bit i of ps_config.faults switches on name i. At most 64.
 * An empty array (just NULL) is fine. */
const char *const *ps_fault_names(void);

/* ---- lifetime: one runtime per process, created and destroyed by one thread ---- */

/* Creates the runtime. Returns NULL if cfg is unusable (the runtime may print why to stderr).
 * Called once per process, before any attach, from a thread that is never attached itself. */
ps_runtime *ps_create(const ps_config *cfg);
/* Frees the runtime. Called after every attached thread detached, from the thread that created it.
 * pinstress may instead end the process without calling it (always so after a hang). */
void ps_destroy(ps_runtime *rt);

/* ---- threads: called on the thread concerned ---- */

/* Registers the calling OS thread as tid (0..mutators-1: a mutator, mutators: the driver).
 * Each tid is attached at most once per runtime. A mutator starts in managed state (so attaching
 * may wait for a collection in progress to finish [safepoint]); the driver starts safe and is
 * never waited for. Returns NULL if tid is out of range or already attached. */
ps_thread *ps_thread_attach(ps_runtime *rt, int tid);
/* Unregisters the thread: from now on it is safe forever and its handles are no longer roots.
 * The runtime must not wait for anything a stopped world holds (a detaching thread may be the
 * last one a collector waits for). The ps_thread is not used again. */
void ps_thread_detach(ps_thread *t);

/* ---- objects: mutator threads, managed state ---- */

/* Allocates an object with payload_bytes of zeroed payload and n_refs null reference fields, and
 * returns a new handle to it; -1 if memory is exhausted even after collecting, -2 if the thread has
 * no free handle slot. [safepoint]: may collect (or wait for another thread's collection). */
int32_t ps_alloc(ps_thread *t, uint32_t payload_bytes, uint32_t n_refs);
/* Frees handle h's slot; the object dies when nothing else refers to it and it is not pinned. */
void ps_release(ps_thread *t, int32_t h);
/* A second handle to the object of h; -2 if no free slot. */
int32_t ps_dup(ps_thread *t, int32_t h);
/* The object's current payload address, and its length in *bytes (payload_bytes as allocated;
 * bytes may be NULL). Valid until the thread's next [safepoint] call. Not a pin. */
void *ps_payload(ps_thread *t, int32_t h, uint32_t *bytes);
/* Reference field `field` (0 .. n_refs-1) of h := the object of target, or null if target == -1.
 * Any write barrier the collector needs is the runtime's business. */
void ps_set_ref(ps_thread *t, int32_t h, uint32_t field, int32_t target);
/* A new handle to the object in field `field` of h; -1 if the field is null, -2 if no free slot. */
int32_t ps_get_ref(ps_thread *t, int32_t h, uint32_t field);
/* Global root `index` (0 .. global_roots-1) := the object of h, or null if h == -1. */
void ps_set_global(ps_thread *t, uint32_t index, int32_t h);
/* A new handle to global root `index`; -1 if it is null, -2 if no free slot. */
int32_t ps_get_global(ps_thread *t, uint32_t index);

/* ---- pinning: mutator threads, managed state; never a safepoint ---- */

/* Raises h's pin count by one and returns its payload address, which stays the object's payload
 * address, with its content intact, until the matching ps_unpin (by any thread). Nests. */
void *ps_pin(ps_thread *t, int32_t h);
/* Lowers h's pin count by one: 0, or -1 (and no change) if the count is already 0. */
int ps_unpin(ps_thread *t, int32_t h);
/* A new handle to the pinned object whose payload starts at pinned_payload (an address ps_pin
 * returned and whose pin is still held, possibly by another thread); -1 if no pinned object's
 * payload starts there, -2 if no free slot. */
int32_t ps_adopt(ps_thread *t, void *pinned_payload);

/* ---- safepoints ---- */

/* Mutator, managed state: if a collection is requested, park until it ends. Returns 1 if a
 * collection ran while the thread was parked, else 0. [safepoint] */
int ps_safepoint(ps_thread *t);
/* Mutator, managed state: the thread leaves for a blocking foreign call. It may hold pinned
 * addresses only, and calls nothing but ps_leave_native until it is back; collections run without
 * it (PS_CAP_NATIVE; otherwise a no-op). */
void ps_enter_native(ps_thread *t);
/* Back from native: if a collection is under way, park until it ends (the runtime must re-check
 * the collection request after publishing the managed state, or a collection could start under
 * a running mutator). Returns 1 if any collection ran since ps_enter_native. [safepoint] */
int ps_leave_native(ps_thread *t);
/* Runs a collection (kind 0: minor, 1: major) and returns after it completed; a collection that
 * starts after the call began, so a forced collection is never skipped. Called by a mutator
 * (managed state) or by the driver thread. [safepoint] */
void ps_collect(ps_thread *t, int kind);

/* ---- inspection ---- */

/* Counters; any thread, any time, including while the runtime is hung: must not take a lock
 * that a collection holds. Values may be slightly stale while threads run. */
void ps_stats(ps_runtime *rt, ps_counters *out);
/* One contiguous region that holds every object the runtime allocates, for the run's lifetime
 * (PS_CAP_HEAP_RANGE). pinstress maps it into each thread and reads (and, in payloads it owns,
 * writes) words by address. Returns 0 and sets *base, *bytes; -1 if unsupported. Any thread. */
int ps_heap_range(ps_runtime *rt, void **base, size_t *bytes);
/* State of thread tid (0..mutators) for a hang diagnosis (PS_CAP_THREAD_INFO). Any thread, any
 * time, especially while the runtime is deadlocked: read shared state only, never lock, never wait.
 * Returns 0, or -1 if unsupported or tid out of range. */
int ps_thread_info(ps_runtime *rt, int tid, ps_thread_status *out);
/* Checks the heap's invariants (headers well formed, every reference at an object start, nothing
 * forwarded still referenced, freed memory poisoned, ...) with the world stopped, as for a
 * collection (PS_CAP_VERIFY). Called by the driver or a mutator (managed state). Returns 0 if
 * sound, else nonzero with a one-line message in msg (at most cap bytes, NUL-terminated).
 * [safepoint] */
int ps_verify_heap(ps_thread *t, char *msg, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* PINSTRESS_H */
