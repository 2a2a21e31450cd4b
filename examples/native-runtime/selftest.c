/* selftest.c: single-threaded checks of the example runtime for what the JavaScript smoke test
 * does not reach: sliding compaction around pinned old objects (with references updated), a pinned
 * object known only by its address (ps_adopt), unpin below zero, the large-object space (pinned
 * objects stay, freed space is reused), and running out of memory (-1, heap still sound).
 * native/smoke.mjs builds and runs it; by hand:
 *   cc -std=c11 -pthread -Inative -o selftest examples/native-runtime/{selftest,runtime,gc}.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../native/pinstress.h"

#define CHECK(c, ...)                                  \
  do {                                                 \
    if (!(c)) {                                        \
      printf("FAIL line %d: ", __LINE__);              \
      printf(__VA_ARGS__);                             \
      printf("\n");                                    \
      exit(1);                                         \
    }                                                  \
  } while (0)

static char msg[256];
#define SOUND(t) CHECK(ps_verify_heap(t, msg, sizeof msg) == 0, "heap verifier: %s", msg)

static void compaction_around_pins(ps_thread *t) {
  enum { N = 300 };
  int32_t h[N];
  void *pinned[N] = {0};
  for (int i = 0; i < N; i++) { /* a chain i -> i-1, sizes varied so objects slide unevenly */
    h[i] = ps_alloc(t, 40 + (uint32_t)(i % 5) * 8, 1);
    *(int *)ps_payload(t, h[i], NULL) = i;
    if (i) ps_set_ref(t, h[i], 0, h[i - 1]);
  }
  ps_collect(t, 0); /* promote everything */
  for (int i = 0; i < N; i += 3) ps_release(t, h[i]), h[i] = -1;
  for (int i = 1; i < N; i += 7) /* cut the chain, so some released objects die */
    if (h[i] >= 0) ps_set_ref(t, h[i], 0, -1);
  for (int i = 2; i < N; i += 10)
    if (h[i] >= 0) pinned[i] = ps_pin(t, h[i]);
  int32_t lone = ps_alloc(t, 64, 0);
  memset(ps_payload(t, lone, NULL), 0x5c, 64);
  void *lone_at = ps_pin(t, lone);
  ps_release(t, lone); /* now only its pin keeps it */
  ps_collect(t, 1);
  ps_collect(t, 1);
  SOUND(t);
  for (int i = 0; i < N; i++) {
    if (h[i] < 0) continue;
    CHECK(!pinned[i] || ps_payload(t, h[i], NULL) == pinned[i], "pinned old object %d moved", i);
    CHECK(*(int *)ps_payload(t, h[i], NULL) == i, "object %d lost its payload", i);
    int32_t r = ps_get_ref(t, h[i], 0);
    if (r >= 0) CHECK(*(int *)ps_payload(t, r, NULL) == i - 1, "object %d's reference was not updated", i);
    if (r >= 0) ps_release(t, r);
  }
  for (int i = 0; i < N; i++) {
    if (pinned[i]) ps_unpin(t, h[i]);
    if (h[i] >= 0) ps_release(t, h[i]);
  }
  int32_t back = ps_adopt(t, lone_at);
  CHECK(back >= 0, "adopt found no pinned object at its payload address");
  CHECK(ps_payload(t, back, NULL) == lone_at, "the pinned-only object moved");
  CHECK(((unsigned char *)lone_at)[63] == 0x5c, "the pinned-only object lost its payload");
  CHECK(ps_unpin(t, back) == 0, "unpin refused a held pin");
  CHECK(ps_unpin(t, back) == -1, "unpin below zero was not refused");
  CHECK(ps_adopt(t, lone_at) == -1, "adopt accepted an unpinned object");
  ps_release(t, back);
}

static void large_objects(ps_thread *t) {
  for (int round = 0; round < 5; round++) {
    int32_t h[20];
    for (int i = 0; i < 20; i++) {
      h[i] = ps_alloc(t, 4000 + (uint32_t)i * 512, (uint32_t)i % 2);
      CHECK(h[i] >= 0, "large allocation failed (%d) in round %d", h[i], round);
      memset(ps_payload(t, h[i], NULL), i, 4000);
    }
    void *at = ps_pin(t, h[3]);
    for (int i = 0; i < 20; i++)
      if (i != 3) ps_release(t, h[i]);
    ps_collect(t, 1);
    SOUND(t);
    CHECK(ps_payload(t, h[3], NULL) == at, "a pinned large object moved");
    CHECK(((unsigned char *)at)[3999] == 3, "a pinned large object lost its payload");
    ps_unpin(t, h[3]);
    ps_release(t, h[3]);
  }
  ps_collect(t, 1);
  SOUND(t);
}

static void out_of_memory(ps_thread *t) {
  int32_t h;
  int n = 0;
  while ((h = ps_alloc(t, 2000, 0)) >= 0 && n < 10000) n++;
  CHECK(h == -1, "a full heap returned %d instead of -1", h);
  SOUND(t);
  printf("  out of memory after %d live 2000-byte objects: -1, heap sound\n", n);
}

int main(void) {
  ps_config c = {.mutators = 1, .nursery_bytes = 64 * 1024, .block_bytes = 4096, .old_bytes = 1 << 20,
                 .large_threshold = 3072, .roots_per_thread = 1024, .global_roots = 4};
  ps_runtime *rt = ps_create(&c);
  CHECK(rt, "ps_create refused the configuration");
  ps_thread *t = ps_thread_attach(rt, 0);
  compaction_around_pins(t);
  large_objects(t);
  out_of_memory(t);
  ps_counters s;
  ps_stats(rt, &s);
  printf("  %llu minor, %llu major collections; %llu bytes moved; %llu bytes of large objects\n",
         (unsigned long long)s.minor_collections, (unsigned long long)s.major_collections,
         (unsigned long long)s.bytes_copied, (unsigned long long)s.large_bytes);
  ps_thread_detach(t);
  ps_destroy(rt);
  printf("selftest ok\n");
  return 0;
}
