/* symbols.h: every pinstress.h function the addon resolves in a runtime library, as an X-macro:
 * X(name, required, return type, parameter types). Optional ones may be missing from the
 * library; the matching capability bit is then cleared. */
#define PS_SYMBOLS(X)                                                             \
  X(ps_abi_version, 1, int, (void))                                               \
  X(ps_capabilities, 1, uint32_t, (void))                                         \
  X(ps_fault_names, 1, const char *const *, (void))                               \
  X(ps_create, 1, ps_runtime *, (const ps_config *))                              \
  X(ps_destroy, 1, void, (ps_runtime *))                                          \
  X(ps_thread_attach, 1, ps_thread *, (ps_runtime *, int))                        \
  X(ps_thread_detach, 1, void, (ps_thread *))                                     \
  X(ps_alloc, 1, int32_t, (ps_thread *, uint32_t, uint32_t))                      \
  X(ps_release, 1, void, (ps_thread *, int32_t))                                  \
  X(ps_dup, 1, int32_t, (ps_thread *, int32_t))                                   \
  X(ps_payload, 1, void *, (ps_thread *, int32_t, uint32_t *))                    \
  X(ps_set_ref, 1, void, (ps_thread *, int32_t, uint32_t, int32_t))               \
  X(ps_get_ref, 1, int32_t, (ps_thread *, int32_t, uint32_t))                     \
  X(ps_set_global, 1, void, (ps_thread *, uint32_t, int32_t))                     \
  X(ps_get_global, 1, int32_t, (ps_thread *, uint32_t))                           \
  X(ps_pin, 1, void *, (ps_thread *, int32_t))                                    \
  X(ps_unpin, 1, int, (ps_thread *, int32_t))                                     \
  X(ps_adopt, 1, int32_t, (ps_thread *, void *))                                  \
  X(ps_safepoint, 1, int, (ps_thread *))                                          \
  X(ps_enter_native, 1, void, (ps_thread *))                                      \
  X(ps_leave_native, 1, int, (ps_thread *))                                       \
  X(ps_collect, 1, void, (ps_thread *, int))                                      \
  X(ps_stats, 1, void, (ps_runtime *, ps_counters *))                             \
  X(ps_heap_range, 0, int, (ps_runtime *, void **, size_t *))                     \
  X(ps_thread_info, 0, int, (ps_runtime *, int, ps_thread_status *))              \
  X(ps_verify_heap, 0, int, (ps_thread *, char *, size_t))

/* Counters of ps_counters, by field and by the name JS sees (the built-in runtime's names where
 * it has the same statistic). */
#define PS_COUNTERS(X)                                  \
  X(minor_collections, "minorCollections")              \
  X(major_collections, "majorCollections")              \
  X(bytes_promoted, "bytesPromoted")                    \
  X(bytes_copied, "bytesCopied")                        \
  X(objects_copied, "objectsCopied")                    \
  X(pinned_seen, "pinnedSeen")                          \
  X(retained_blocks, "retainedBlocks")                  \
  X(retained_bytes, "retainedBytes")                    \
  X(allocs, "allocs")                                   \
  X(bytes_allocated, "bytesAllocated")                  \
  X(pins, "pins")                                       \
  X(unpins, "unpins")                                   \
  X(safepoint_polls, "safepointPolls")                  \
  X(parks, "parks")                                     \
  X(native_calls, "nativeCalls")                        \
  X(mutex_acquisitions, "mutexAcquisitions")            \
  X(mutex_contended, "mutexContended")                  \
  X(large_bytes, "losBytesAllocated")                   \
  X(old_used_bytes, "oldUsedBytes")
