/* addon.c: loads a runtime library that implements pinstress.h and exposes it to JavaScript,
 * one synchronous function per operation. Node-API only (node_api.h), so one build serves every
 * Node version with Node-API 8.
 *
 * Process-wide: the library, its resolved functions and the one ps_runtime (pinstress.h allows one
 * per process). Per context (the main thread and each worker_thread load the addon separately,
 * NAPI_MODULE_INIT makes it context-aware): the ps_thread that context attached, and its view of
 * the heap as an external ArrayBuffer. Every thread function acts on the calling context's thread.
 *
 * Addresses cross into JS as numbers: byte offsets from the heap base when the runtime reports a
 * heap range (then new Int32Array(heap().buffer)[offset >> 2] is the word at that address), else
 * the raw addresses (exact: user-space addresses are below 2^53). */
#define NAPI_VERSION 8
#include <dlfcn.h>
#include <node_api.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../pinstress.h"
#include "symbols.h"

typedef struct {
#define FIELD(name, required, ret, params) ret(*name) params;
  PS_SYMBOLS(FIELD)
#undef FIELD
} api;

static struct {
  pthread_mutex_t lock; /* open and create may race between workers */
  void *lib;
  char path[4096];
  api fn;
  uint32_t caps;
  ps_runtime *rt;
  char *heap_base; /* NULL without PS_CAP_HEAP_RANGE: addresses are then absolute */
  size_t heap_bytes;
} g = {.lock = PTHREAD_MUTEX_INITIALIZER};

typedef struct {
  ps_thread *t;
  int tid;
  napi_ref heap; /* this context's external ArrayBuffer over the heap */
} ctx;

static const char *const kStates[] = {"unattached", "managed", "parked", "native", "blocked", "exited"};
static const char *const kWaits[] = {"none", "gc_mutex", "epoch", "safepoint", "other"};

/* ------------------------------------------------------------------ helpers */

static napi_value fail(napi_env env, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static napi_value fail(napi_env env, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  napi_throw_error(env, "PS_NATIVE", msg);
  return NULL;
}

static napi_value num(napi_env env, double v) {
  napi_value r;
  napi_create_double(env, v, &r);
  return r;
}
static napi_value int32(napi_env env, int32_t v) {
  napi_value r;
  napi_create_int32(env, v, &r);
  return r;
}
static napi_value str(napi_env env, const char *s) {
  napi_value r;
  if (!s) napi_get_null(env, &r);
  else napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &r);
  return r;
}
static napi_value undefined(napi_env env) {
  napi_value r;
  napi_get_undefined(env, &r);
  return r;
}
static void set(napi_env env, napi_value obj, const char *key, napi_value v) { napi_set_named_property(env, obj, key, v); }

static double address(void *p) { return g.heap_base ? (double)((char *)p - g.heap_base) : (double)(uintptr_t)p; }

/* Reads up to n arguments as int32 (missing ones are 0). Returns 0 and throws on a non-number. */
static int get_args(napi_env env, napi_callback_info info, size_t n, int32_t *out, ctx **c) {
  napi_value argv[4];
  size_t argc = 4;
  void *data;
  napi_get_cb_info(env, info, &argc, argv, NULL, &data);
  *c = data;
  for (size_t i = 0; i < n; i++) {
    out[i] = 0;
    if (i < argc && napi_get_value_int32(env, argv[i], &out[i]) != napi_ok) {
      napi_throw_type_error(env, "PS_NATIVE", "expected a number");
      return 0;
    }
  }
  return 1;
}

/* Every thread function starts here: its arguments, and the calling context's attached thread. */
#define THREAD_ARGS(n)                                                                    \
  int32_t a[(n) > 0 ? (n) : 1];                                                           \
  ctx *c;                                                                                 \
  if (!get_args(env, info, (n), a, &c)) return NULL;                                      \
  if (!c->t) return fail(env, "this thread is not attached to the runtime (call attach(tid) first)"); \
  ps_thread *t = c->t;                                                                    \
  (void)a
#define JS(name) static napi_value name(napi_env env, napi_callback_info info)

/* ------------------------------------------------------------------ library and runtime */

static napi_value library_info(napi_env env) {
  napi_value o, caps, faults;
  napi_create_object(env, &o);
  set(env, o, "path", str(env, g.path));
  set(env, o, "abiVersion", int32(env, g.fn.ps_abi_version()));
  set(env, o, "capabilityBits", num(env, g.caps));
  napi_create_object(env, &caps);
  napi_value yes, no;
  napi_get_boolean(env, 1, &yes);
  napi_get_boolean(env, 0, &no);
  set(env, caps, "refs", g.caps & PS_CAP_REFS ? yes : no);
  set(env, caps, "largeObjects", g.caps & PS_CAP_LARGE ? yes : no);
  set(env, caps, "nativeState", g.caps & PS_CAP_NATIVE ? yes : no);
  set(env, caps, "threadInfo", g.caps & PS_CAP_THREAD_INFO ? yes : no);
  set(env, caps, "verifyHeap", g.caps & PS_CAP_VERIFY ? yes : no);
  set(env, caps, "heapRange", g.caps & PS_CAP_HEAP_RANGE ? yes : no);
  set(env, o, "capabilities", caps);
  napi_create_array(env, &faults);
  const char *const *names = g.fn.ps_fault_names();
  for (uint32_t i = 0; names && names[i] && i < 64; i++) napi_set_element(env, faults, i, str(env, names[i]));
  set(env, o, "faults", faults);
  return o;
}

/* open(path): loads the library once per process (later calls, from any context, with the same
 * path return the same description). */
JS(js_open) {
  napi_value argv[1];
  size_t argc = 1;
  char path[sizeof g.path];
  size_t len = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len) != napi_ok || len == 0)
    return fail(env, "open() needs the path of a runtime library");
  pthread_mutex_lock(&g.lock);
  if (g.lib) {
    int same = strcmp(g.path, path) == 0;
    pthread_mutex_unlock(&g.lock);
    if (!same) return fail(env, "%s is already loaded in this process; one runtime library per process", g.path);
    return library_info(env);
  }
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    pthread_mutex_unlock(&g.lock);
    return fail(env, "cannot load runtime library: %s", dlerror());
  }
  api fn;
  uint32_t missing_caps = 0;
#define RESOLVE(name, required, ret, params)                                                               \
  *(void **)&fn.name = dlsym(lib, #name);                                                                  \
  if (!fn.name && required) {                                                                              \
    dlclose(lib);                                                                                          \
    pthread_mutex_unlock(&g.lock);                                                                         \
    return fail(env, "%s does not export %s, which pinstress.h requires", path, #name);                    \
  }
  PS_SYMBOLS(RESOLVE)
#undef RESOLVE
  if (!fn.ps_heap_range) missing_caps |= PS_CAP_HEAP_RANGE;
  if (!fn.ps_thread_info) missing_caps |= PS_CAP_THREAD_INFO;
  if (!fn.ps_verify_heap) missing_caps |= PS_CAP_VERIFY;
  int abi = fn.ps_abi_version();
  if (abi != PS_ABI_VERSION) {
    dlclose(lib);
    pthread_mutex_unlock(&g.lock);
    return fail(env, "%s implements pinstress.h ABI version %d; this pinstress needs version %d", path, abi,
                PS_ABI_VERSION);
  }
  g.fn = fn;
  g.caps = fn.ps_capabilities() & ~missing_caps;
  g.lib = lib;
  memcpy(g.path, path, len + 1);
  pthread_mutex_unlock(&g.lock);
  return library_info(env);
}

static int get_u32_prop(napi_env env, napi_value obj, const char *key, int required, uint32_t *out) {
  napi_value v;
  bool has = false;
  napi_has_named_property(env, obj, key, &has);
  if (!has) {
    if (required) fail(env, "create(): config.%s is required", key);
    return !required;
  }
  napi_get_named_property(env, obj, key, &v);
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || d < 0 || d > 4294967295.0 || d != (double)(uint32_t)d) {
    fail(env, "create(): config.%s must be a whole number from 0 to 2^32-1", key);
    return 0;
  }
  *out = (uint32_t)d;
  return 1;
}

/* faults: an array of names from library.faults, or a bit set as a number. */
static int get_faults(napi_env env, napi_value cfg, uint64_t *out) {
  napi_value v;
  bool has = false, is_array = false;
  *out = 0;
  napi_has_named_property(env, cfg, "faults", &has);
  if (!has) return 1;
  napi_get_named_property(env, cfg, "faults", &v);
  napi_is_array(env, v, &is_array);
  if (!is_array) {
    double d;
    if (napi_get_value_double(env, v, &d) != napi_ok || d < 0) return fail(env, "create(): config.faults must be an array of fault names"), 0;
    *out = (uint64_t)d;
    return 1;
  }
  uint32_t n;
  napi_get_array_length(env, v, &n);
  const char *const *names = g.fn.ps_fault_names();
  for (uint32_t i = 0; i < n; i++) {
    napi_value e;
    char name[128];
    size_t len;
    napi_get_element(env, v, i, &e);
    if (napi_get_value_string_utf8(env, e, name, sizeof name, &len) != napi_ok)
      return fail(env, "create(): config.faults must be an array of fault names"), 0;
    uint32_t k = 0;
    while (names && names[k] && strcmp(names[k], name) != 0) k++;
    if (!names || !names[k] || k >= 64) return fail(env, "create(): %s has no fault named '%s'", g.path, name), 0;
    *out |= 1ull << k;
  }
  return 1;
}

/* create({ mutators, nurseryBytes, blockBytes, oldBytes, rootsPerThread, largeThreshold?,
 *          globalRoots?, errorcheckMutex?, faults? }) */
JS(js_create) {
  napi_value argv[1];
  size_t argc = 1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (!g.lib) return fail(env, "call open(libraryPath) before create()");
  if (argc < 1) return fail(env, "create() needs a configuration object");
  ps_config cfg;
  memset(&cfg, 0, sizeof cfg);
  uint32_t old_bytes = 0, errorcheck = 0;
  if (!get_u32_prop(env, argv[0], "mutators", 1, &cfg.mutators) ||
      !get_u32_prop(env, argv[0], "nurseryBytes", 1, &cfg.nursery_bytes) ||
      !get_u32_prop(env, argv[0], "blockBytes", 1, &cfg.block_bytes) ||
      !get_u32_prop(env, argv[0], "oldBytes", 1, &old_bytes) ||
      !get_u32_prop(env, argv[0], "rootsPerThread", 1, &cfg.roots_per_thread) ||
      !get_u32_prop(env, argv[0], "largeThreshold", 0, &cfg.large_threshold) ||
      !get_u32_prop(env, argv[0], "globalRoots", 0, &cfg.global_roots) || !get_faults(env, argv[0], &cfg.faults))
    return NULL;
  napi_value v;
  bool has = false, flag = false;
  napi_has_named_property(env, argv[0], "errorcheckMutex", &has);
  if (has && napi_get_named_property(env, argv[0], "errorcheckMutex", &v) == napi_ok &&
      napi_get_value_bool(env, v, &flag) == napi_ok)
    errorcheck = flag;
  cfg.old_bytes = old_bytes;
  cfg.errorcheck_mutex = errorcheck;
  pthread_mutex_lock(&g.lock);
  if (g.rt) {
    pthread_mutex_unlock(&g.lock);
    return fail(env, "a runtime already exists in this process (one per process)");
  }
  g.rt = g.fn.ps_create(&cfg);
  if (g.rt && (g.caps & PS_CAP_HEAP_RANGE)) {
    void *base = NULL;
    size_t bytes = 0;
    if (g.fn.ps_heap_range(g.rt, &base, &bytes) == 0) {
      g.heap_base = base;
      g.heap_bytes = bytes;
    } else {
      g.caps &= ~PS_CAP_HEAP_RANGE;
    }
  }
  pthread_mutex_unlock(&g.lock);
  if (!g.rt) return fail(env, "%s refused the configuration (ps_create returned NULL; its stderr may say why)", g.path);
  return undefined(env);
}

/* destroy(): after every thread detached. Heap views other contexts still hold become invalid. */
JS(js_destroy) {
  (void)info;
  if (!g.rt) return fail(env, "no runtime to destroy");
  g.fn.ps_destroy(g.rt);
  g.rt = NULL;
  g.heap_base = NULL;
  g.heap_bytes = 0;
  return undefined(env);
}

JS(js_attach) {
  int32_t a[1];
  ctx *c;
  if (!get_args(env, info, 1, a, &c)) return NULL;
  if (!g.rt) return fail(env, "no runtime in this process (call create() first, from any thread)");
  if (c->t) return fail(env, "this thread is already attached as tid %d", c->tid);
  ps_thread *t = g.fn.ps_thread_attach(g.rt, a[0]);
  if (!t) return fail(env, "the runtime refused to attach tid %d", a[0]);
  c->t = t;
  c->tid = a[0];
  return undefined(env);
}

JS(js_detach) {
  THREAD_ARGS(0);
  g.fn.ps_thread_detach(t);
  c->t = NULL;
  return undefined(env);
}

/* ------------------------------------------------------------------ objects, pins, safepoints */

JS(js_alloc) {
  THREAD_ARGS(2);
  return int32(env, g.fn.ps_alloc(t, (uint32_t)a[0], (uint32_t)a[1]));
}
JS(js_release) {
  THREAD_ARGS(1);
  g.fn.ps_release(t, a[0]);
  return undefined(env);
}
JS(js_dup) {
  THREAD_ARGS(1);
  return int32(env, g.fn.ps_dup(t, a[0]));
}
JS(js_payload) {
  THREAD_ARGS(1);
  return num(env, address(g.fn.ps_payload(t, a[0], NULL)));
}
JS(js_payload_bytes) {
  THREAD_ARGS(1);
  uint32_t bytes = 0;
  g.fn.ps_payload(t, a[0], &bytes);
  return num(env, bytes);
}
JS(js_set_ref) {
  THREAD_ARGS(3);
  g.fn.ps_set_ref(t, a[0], (uint32_t)a[1], a[2]);
  return undefined(env);
}
JS(js_get_ref) {
  THREAD_ARGS(2);
  return int32(env, g.fn.ps_get_ref(t, a[0], (uint32_t)a[1]));
}
JS(js_set_global) {
  THREAD_ARGS(2);
  g.fn.ps_set_global(t, (uint32_t)a[0], a[1]);
  return undefined(env);
}
JS(js_get_global) {
  THREAD_ARGS(1);
  return int32(env, g.fn.ps_get_global(t, (uint32_t)a[0]));
}
JS(js_pin) {
  THREAD_ARGS(1);
  return num(env, address(g.fn.ps_pin(t, a[0])));
}
JS(js_unpin) {
  THREAD_ARGS(1);
  return int32(env, g.fn.ps_unpin(t, a[0]));
}
/* adopt(address): the address as pin() returned it (an offset when there is a heap range). */
JS(js_adopt) {
  napi_value argv[1];
  size_t argc = 1;
  void *data;
  napi_get_cb_info(env, info, &argc, argv, NULL, &data);
  ctx *c = data;
  if (!c->t) return fail(env, "this thread is not attached to the runtime (call attach(tid) first)");
  double d = 0;
  if (argc < 1 || napi_get_value_double(env, argv[0], &d) != napi_ok) return fail(env, "adopt() needs an address");
  void *p = g.heap_base ? (void *)(g.heap_base + (int64_t)d) : (void *)(uintptr_t)d;
  return int32(env, g.fn.ps_adopt(c->t, p));
}
JS(js_safepoint) {
  THREAD_ARGS(0);
  return int32(env, g.fn.ps_safepoint(t));
}
JS(js_enter_native) {
  THREAD_ARGS(0);
  g.fn.ps_enter_native(t);
  return undefined(env);
}
JS(js_leave_native) {
  THREAD_ARGS(0);
  return int32(env, g.fn.ps_leave_native(t));
}
JS(js_collect) {
  THREAD_ARGS(1);
  g.fn.ps_collect(t, a[0]);
  return undefined(env);
}

/* ------------------------------------------------------------------ inspection */

/* The runtime's counters, zeroed first (a runtime sets what it tracks); 0 and an exception without a runtime. */
static int read_counters(napi_env env, ps_counters *s) {
  if (!g.rt) return fail(env, "no runtime in this process"), 0;
  memset(s, 0, sizeof *s);
  g.fn.ps_stats(g.rt, s);
  return 1;
}

/* stats(): every counter of ps_counters, by its JS name. Any thread, attached or not. */
JS(js_stats) {
  (void)info;
  ps_counters s;
  if (!read_counters(env, &s)) return NULL;
  napi_value o;
  napi_create_object(env, &o);
#define COUNTER(field, name) set(env, o, name, num(env, (double)s.field));
  PS_COUNTERS(COUNTER)
#undef COUNTER
  return o;
}

/* collections(): minor + major collections completed, one number. Cheap enough for a mutator to
 * read after every safepoint call (stats() builds an object of every counter): the harness's epoch,
 * since ps_alloc may run or wait for a collection without saying so. Any thread. */
JS(js_collections) {
  (void)info;
  ps_counters s;
  if (!read_counters(env, &s)) return NULL;
  return num(env, (double)(s.minor_collections + s.major_collections));
}

/* heap(): { buffer, base, bytes }; buffer is this context's ArrayBuffer over the whole heap, base
 * the heap's absolute address. Needs the heap-range capability. */
JS(js_heap) {
  napi_value argv[1];
  size_t argc = 0;
  void *data;
  napi_get_cb_info(env, info, &argc, argv, NULL, &data);
  ctx *c = data;
  if (!g.rt) return fail(env, "no runtime in this process");
  if (!g.heap_base) return fail(env, "%s does not report its heap range (no PS_CAP_HEAP_RANGE)", g.path);
  napi_value ab = NULL, o;
  if (c->heap) napi_get_reference_value(env, c->heap, &ab);
  if (!ab) {
    if (napi_create_external_arraybuffer(env, g.heap_base, g.heap_bytes, NULL, NULL, &ab) != napi_ok)
      return fail(env, "cannot map the heap into an ArrayBuffer");
    napi_create_reference(env, ab, 1, &c->heap);
  }
  napi_create_object(env, &o);
  set(env, o, "buffer", ab);
  set(env, o, "base", num(env, (double)(uintptr_t)g.heap_base));
  set(env, o, "bytes", num(env, (double)g.heap_bytes));
  return o;
}

/* threadInfo(tid): { state, waitingOn, waitArg, gcMutexOwner, activity }, or undefined if the
 * runtime has no thread inspection. Never blocks: safe on a hung runtime. */
JS(js_thread_info) {
  int32_t a[1];
  ctx *c;
  if (!get_args(env, info, 1, a, &c)) return NULL;
  ps_thread_status s;
  memset(&s, 0, sizeof s);
  if (!g.rt || !g.fn.ps_thread_info || g.fn.ps_thread_info(g.rt, a[0], &s) != 0) return undefined(env);
  napi_value o;
  napi_create_object(env, &o);
  set(env, o, "tid", int32(env, a[0]));
  set(env, o, "state", str(env, s.state >= 0 && s.state < 6 ? kStates[s.state] : "unknown"));
  set(env, o, "waitingOn", str(env, s.waiting_on >= 0 && s.waiting_on < 5 ? kWaits[s.waiting_on] : "other"));
  set(env, o, "waitArg", int32(env, s.wait_arg));
  set(env, o, "gcMutexOwner", int32(env, s.gc_mutex_owner));
  set(env, o, "activity", str(env, s.activity));
  return o;
}

/* verifyHeap(): null if the heap is sound, else the runtime's message. [safepoint] */
JS(js_verify_heap) {
  THREAD_ARGS(0);
  if (!g.fn.ps_verify_heap || !(g.caps & PS_CAP_VERIFY)) return fail(env, "%s has no heap verifier", g.path);
  char msg[512] = {0};
  if (g.fn.ps_verify_heap(t, msg, sizeof msg) == 0) {
    napi_value r;
    napi_get_null(env, &r);
    return r;
  }
  return str(env, msg[0] ? msg : "heap verification failed (no message)");
}

/* exitNow(code): ends the process at once (_exit), without waiting for threads stuck in the
 * runtime; process.exit() would try to stop every worker first and hang on one that never
 * returns from native code. */
JS(js_exit_now) {
  int32_t a[1];
  ctx *c;
  if (!get_args(env, info, 1, a, &c)) return NULL;
  fflush(NULL);
  _exit(a[0]);
}

/* ------------------------------------------------------------------ module */

static void ctx_free(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  ctx *c = data;
  /* A worker that ends without detaching (terminated, or its script threw) must not leave a
   * "managed" thread behind, or the next collection would wait for it forever. */
  if (c->t && g.rt) g.fn.ps_thread_detach(c->t);
  free(c);
}

NAPI_MODULE_INIT() {
  ctx *c = calloc(1, sizeof *c);
  napi_set_instance_data(env, c, ctx_free, NULL);
#define FN(js, fn) {js, NULL, fn, NULL, NULL, NULL, napi_enumerable, c}
  napi_property_descriptor props[] = {
      FN("open", js_open),           FN("create", js_create),
      FN("destroy", js_destroy),     FN("attach", js_attach),
      FN("detach", js_detach),       FN("alloc", js_alloc),
      FN("release", js_release),     FN("dup", js_dup),
      FN("payload", js_payload),     FN("payloadBytes", js_payload_bytes),
      FN("setRef", js_set_ref),      FN("getRef", js_get_ref),
      FN("setGlobal", js_set_global), FN("getGlobal", js_get_global),
      FN("pin", js_pin),             FN("unpin", js_unpin),
      FN("adopt", js_adopt),         FN("safepoint", js_safepoint),
      FN("enterNative", js_enter_native), FN("leaveNative", js_leave_native),
      FN("collect", js_collect),     FN("stats", js_stats),
      FN("collections", js_collections),
      FN("heap", js_heap),           FN("threadInfo", js_thread_info),
      FN("verifyHeap", js_verify_heap), FN("exitNow", js_exit_now),
  };
#undef FN
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  set(env, exports, "abiVersion", int32(env, PS_ABI_VERSION));
  return exports;
}
