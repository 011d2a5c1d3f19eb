//===- modelc/runtime.h - modelc runtime C API ------------------*- C -*-===//
//
// The tiny C11 runtime that modelc-generated model code links against:
// status codes, element types, the workspace allocator and the thread pool
// used for parallel loops.
//
// Ownership rule (the only one): memory handed out through an `out_`
// parameter belongs to the caller, who releases it with the matching `_free`
// function. Pointers the caller passes in (`ctx`, a workspace) stay owned by
// the caller and are never retained after the call returns. Returned strings
// are static and must not be freed.
//
// Errors: every fallible call returns a modelc_status; MODELC_STATUS_OK is 0.
// `out_` parameters come last and are written on every return (NULL or zero
// on failure) when they are not themselves NULL.
//
// Thread safety is stated on each function.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_RUNTIME_H
#define MODELC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

//===----------------------------------------------------------------------===//
// Status
//===----------------------------------------------------------------------===//

/// Result of every fallible runtime call.
typedef enum modelc_status {
  MODELC_STATUS_OK = 0,
  MODELC_STATUS_INVALID_ARGUMENT = 1,
  MODELC_STATUS_OUT_OF_MEMORY = 2,
  MODELC_STATUS_UNIMPLEMENTED = 3,
  MODELC_STATUS_INTERNAL = 4,
  /// Input shapes that the model does not accept (a static dimension with
  /// another size, a negative size, or one named dimension with two sizes),
  /// or a size found at run time that differs from the one the model
  /// declares (a Range length computed from input values, say); the
  /// outputs are then undefined.
  MODELC_STATUS_SHAPE_MISMATCH = 5,
  /// What a run makes does not fit in a capacity fixed at compile time:
  /// the strings it makes (a Cast to string, a case change) in the string
  /// arena of its workspace (modelc --string-arena-bytes), the buffers
  /// whose sizes only the run knows in its dynamic arena (modelc
  /// --dynamic-arena-bytes), or a size computed from tensor values in the
  /// capacity planned for its bound; the outputs are then undefined.
  MODELC_STATUS_CAPACITY_EXCEEDED = 6,
} modelc_status;

/// Returns a static lower-case description such as "invalid argument"; never
/// NULL, "unknown status" for values outside the enum. Thread-safe.
const char *modelc_status_string(modelc_status status);

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

/// Element types: same numbers as ONNX's TensorProto.DataType.
typedef enum modelc_dtype {
  MODELC_DTYPE_FLOAT32 = 1,
  MODELC_DTYPE_UINT8 = 2,
  MODELC_DTYPE_INT8 = 3,
  MODELC_DTYPE_UINT16 = 4,
  MODELC_DTYPE_INT16 = 5,
  MODELC_DTYPE_INT32 = 6,
  MODELC_DTYPE_INT64 = 7,
  MODELC_DTYPE_STRING = 8,
  MODELC_DTYPE_BOOL = 9,
  MODELC_DTYPE_FLOAT16 = 10,
  MODELC_DTYPE_FLOAT64 = 11,
  MODELC_DTYPE_UINT32 = 12,
  MODELC_DTYPE_UINT64 = 13,
  MODELC_DTYPE_BFLOAT16 = 16
} modelc_dtype;

/// Bytes per element (BOOL is 1 byte; STRING is sizeof(const char *), the
/// element being a pointer to the string); 0 for unknown values.
/// Thread-safe.
size_t modelc_dtype_size(modelc_dtype dtype);

/// Returns a static lower-case name ("float32", "bfloat16", "bool" ...);
/// never NULL, "unknown" for values outside the enum. Thread-safe.
const char *modelc_dtype_name(modelc_dtype dtype);

//===----------------------------------------------------------------------===//
// Workspace
//===----------------------------------------------------------------------===//

/// Alignment in bytes of every workspace returned by modelc_workspace_alloc.
#define MODELC_WORKSPACE_ALIGNMENT 64

/// Allocates a workspace, the block in which every intermediate tensor of a
/// compiled model lives. The block is MODELC_WORKSPACE_ALIGNMENT-aligned, its
/// usable size is `size` rounded up to a multiple of the alignment, and its
/// contents are uninitialized. Size 0 is valid and gives a distinct non-NULL
/// block (of one alignment unit), so on OK `*out_workspace` is never NULL.
/// Returns INVALID_ARGUMENT if `out_workspace` is NULL, OUT_OF_MEMORY if the
/// block cannot be allocated (`*out_workspace` is then NULL). Release with
/// modelc_workspace_free. Thread-safe.
modelc_status modelc_workspace_alloc(size_t size, void **out_workspace);

/// Releases a workspace from modelc_workspace_alloc; NULL is a no-op.
/// Thread-safe (for different workspaces).
void modelc_workspace_free(void *workspace);

//===----------------------------------------------------------------------===//
// Thread pool
//===----------------------------------------------------------------------===//

/// Largest thread count the pool accepts.
#define MODELC_MAX_THREADS 1024

/// Sets the number of threads that run parallel loops, the calling thread
/// included (so N threads means N - 1 pool workers); 1 runs every loop on the
/// calling thread and releases the pool's workers. 0 restores the default (see
/// modelc_get_num_threads), re-reading MODELC_NUM_THREADS now. The pool is
/// (re-)created here; an unchanged count keeps the existing pool.
/// Returns INVALID_ARGUMENT for a count < 0 or > MODELC_MAX_THREADS, or when
/// called from inside a parallel_for body; OUT_OF_MEMORY or INTERNAL if the
/// new pool cannot be created, in which case the previous pool and count stay.
/// Thread-safe: serialized with modelc_parallel_for (waits for a running loop).
modelc_status modelc_set_num_threads(int num_threads);

/// Returns the thread count parallel loops use, >= 1. Until set, the default
/// is MODELC_NUM_THREADS from the environment when it holds an integer >= 1
/// (clamped to MODELC_MAX_THREADS), else the number of online cores; it is
/// computed once, when first needed (this call or the first parallel loop),
/// and again by modelc_set_num_threads(0). If the pool cannot be created
/// lazily, the count drops to 1.
/// Thread-safe, lock-free, callable from inside a parallel_for body.
int modelc_get_num_threads(void);

/// Body of a parallel loop: processes indices [begin, end).
typedef void (*modelc_parallel_fn)(void *ctx, int64_t begin, int64_t end);

/// Splits [begin, end) into at most modelc_get_num_threads() contiguous,
/// non-empty chunks, calls fn(ctx, chunk_begin, chunk_end) once per chunk
/// on the pool's threads and the calling thread, and returns when all calls
/// have returned; their writes are then visible to the caller. An empty range
/// (end <= begin) or a NULL fn returns at once; with 1 thread or a range of 1
/// fn is called directly on the calling thread. A nested call (from inside fn,
/// on any thread) runs serially on its thread. The pool is created at the
/// first call if needed; after that no heap memory is allocated. fn must
/// return normally (no longjmp, no C++ exception). At process exit (or dlclose)
/// an idle pool is stopped and joined; loops after that run serially.
/// Thread-safe: calls from different application threads are serialized by a
/// mutex (one loop runs on the pool at a time; the others wait).
void modelc_parallel_for(modelc_parallel_fn fn, void *ctx, int64_t begin,
                         int64_t end);

//===----------------------------------------------------------------------===//
// Profile
//===----------------------------------------------------------------------===//

/// Nanoseconds of a monotonic clock (0 if it cannot be read). A model
/// compiled with profiling (`modelc-run --profile`) calls it around each of
/// its kernels; nothing else does. Thread-safe.
int64_t modelc_profile_now_ns(void);

//===----------------------------------------------------------------------===//
// Strings
//===----------------------------------------------------------------------===//
//
// The functions that generated code calls for operations on string tensors.
// None allocates heap memory; none depends on the C library's locale. A NULL
// string argument reads as "". All are thread-safe (an arena serves one run
// at a time).

/// The string arena: the part of a model's workspace that holds the strings
/// a run makes. The header is followed by `capacity` bytes of string data.
/// Generated code initializes it at the start of every run, so strings from
/// an earlier run with the same workspace are overwritten.
typedef struct modelc_string_arena {
  uint64_t capacity; ///< Bytes of string data after this header.
  uint64_t used;     ///< Bytes handed out since the last init.
  uint64_t exceeded; ///< Nonzero once a request did not fit.
} modelc_string_arena;

/// Empties ARENA, which is followed by CAPACITY bytes of string data.
void modelc_string_arena_init(modelc_string_arena *arena, uint64_t capacity);

/// Hands out SIZE bytes of ARENA's string data, or returns NULL and marks
/// the arena exceeded when they do not fit (or it is exceeded already).
char *modelc_string_arena_alloc(modelc_string_arena *arena, size_t size);

/// Returns 1 while every request to ARENA fitted, 0 once one did not.
int32_t modelc_string_arena_ok(const modelc_string_arena *arena);

/// Case changes of modelc_string_change_case.
typedef enum modelc_string_case {
  MODELC_STRING_CASE_NONE = 0,
  MODELC_STRING_CASE_LOWER = 1,
  MODELC_STRING_CASE_UPPER = 2,
} modelc_string_case;

/// Returns S with every character lower- or upper-cased by Unicode's simple
/// case mappings (those of towlower/towupper in glibc's C.UTF-8 and en_US
/// locales, Unicode 14: 'A'-'Z', 'À', 'Σ', 'Ж', ...; 'ß' has no one-character
/// upper case and stays). S is decoded as UTF-8; bytes that are not valid
/// UTF-8 are copied unchanged. Returns S itself when nothing changes (always
/// for MODELC_STRING_CASE_NONE), else a copy in ARENA; "" when the copy does
/// not fit (the arena is then marked exceeded).
const char *modelc_string_change_case(modelc_string_arena *arena, const char *s,
                                      int32_t change);

/// Returns 1 when A and B are equal, byte for byte, or with IGNORE_CASE
/// character for character after lower-casing (as
/// modelc_string_change_case), else 0.
int32_t modelc_string_equal(const char *a, const char *b, int32_t ignore_case);

/// Buffer size that modelc_format_float and modelc_format_double need.
#define MODELC_FORMAT_BUFFER_SIZE 32

/// Writes VALUE to BUFFER (MODELC_FORMAT_BUFFER_SIZE bytes) as numpy's
/// str(numpy.float32(value)) does: the fewest significant digits that read
/// back as VALUE (modelc_parse_float), positional for 1e-4 <= |VALUE| < 1e16
/// ("0.5", "100.0", "0.039187793"), else scientific ("1e-05", "1.5e+16");
/// "nan", "inf", "-inf", "-0.0". Returns the length, without the NUL.
size_t modelc_format_float(float value, char *buffer);

/// The same for a double, as numpy's str(numpy.float64(value)).
size_t modelc_format_double(double value, char *buffer);

/// Parses TEXT as a number: optional spaces, an optional sign, then digits
/// with an optional '.' and exponent ("3.14", "-1e-5", ".5", "1E8"), or
/// "inf", "infinity" or "nan" in any case ("+INF", "-Inf", "NaN"), then
/// optional spaces. Correctly rounded to the nearest float; NaN when TEXT is
/// not a number.
float modelc_parse_float(const char *text);

/// The same, rounded to the nearest double.
double modelc_parse_double(const char *text);

/// Parses TEXT as an integer: an integer literal exactly ("-42", saturated
/// to the int64 range), any other number truncated toward zero (saturated;
/// NaN gives 0).
int64_t modelc_parse_int64(const char *text);

/// The same for uint64: a negative integer literal wraps around as a cast of
/// int64 to uint64 does.
uint64_t modelc_parse_uint64(const char *text);

/// Parses TEXT as a bool: "true" and "false" in any case (with optional
/// spaces), else modelc_parse_double(TEXT) != 0 (so NaN gives 1, as a Cast
/// of NaN to bool does).
int32_t modelc_parse_bool(const char *text);

/// Return VALUE as text in ARENA (or "" when it does not fit, marking the
/// arena exceeded): modelc_format_float/double for floats, decimal digits
/// for integers.
const char *modelc_string_from_float(modelc_string_arena *arena, float value);
const char *modelc_string_from_double(modelc_string_arena *arena, double value);
const char *modelc_string_from_int64(modelc_string_arena *arena, int64_t value);
const char *modelc_string_from_uint64(modelc_string_arena *arena,
                                      uint64_t value);

/// Returns the static "True" or "False" (numpy's text for bools).
const char *modelc_string_from_bool(int32_t value);

#ifdef __cplusplus
} // extern "C"
#endif

#endif // MODELC_RUNTIME_H
