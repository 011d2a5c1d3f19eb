//===- RuntimeTest.cpp - Status, dtype and workspace tests ----------------===//
//
// Unit tests of modelc_status_string, modelc_dtype_size/name and the
// workspace allocator.
//
//===----------------------------------------------------------------------===//

#include "modelc/runtime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <set>
#include <string>

namespace {

TEST(StatusTest, Strings) {
  EXPECT_STREQ(modelc_status_string(MODELC_STATUS_OK), "ok");
  EXPECT_STREQ(modelc_status_string(MODELC_STATUS_INVALID_ARGUMENT),
               "invalid argument");
  EXPECT_STREQ(modelc_status_string(MODELC_STATUS_OUT_OF_MEMORY),
               "out of memory");
  EXPECT_STREQ(modelc_status_string(MODELC_STATUS_UNIMPLEMENTED),
               "unimplemented");
  EXPECT_STREQ(modelc_status_string(MODELC_STATUS_INTERNAL), "internal error");
  EXPECT_STREQ(modelc_status_string(MODELC_STATUS_SHAPE_MISMATCH),
               "shape mismatch");
  EXPECT_STREQ(modelc_status_string(MODELC_STATUS_CAPACITY_EXCEEDED),
               "capacity exceeded");
}

TEST(StatusTest, Values) {
  EXPECT_EQ(MODELC_STATUS_OK, 0);
  EXPECT_EQ(MODELC_STATUS_INVALID_ARGUMENT, 1);
  EXPECT_EQ(MODELC_STATUS_OUT_OF_MEMORY, 2);
  EXPECT_EQ(MODELC_STATUS_UNIMPLEMENTED, 3);
  EXPECT_EQ(MODELC_STATUS_INTERNAL, 4);
  EXPECT_EQ(MODELC_STATUS_SHAPE_MISMATCH, 5);
  EXPECT_EQ(MODELC_STATUS_CAPACITY_EXCEEDED, 6);
}

TEST(StatusTest, UnknownValues) {
  for (int bad : {-1, 7, 100, INT32_MAX}) {
    const char *s = modelc_status_string(static_cast<modelc_status>(bad));
    ASSERT_NE(s, nullptr);
    EXPECT_STREQ(s, "unknown status") << bad;
  }
}

struct DtypeCase {
  modelc_dtype dtype;
  int onnxNumber;
  size_t size;
  const char *name;
};

const DtypeCase kDtypes[] = {
    {MODELC_DTYPE_FLOAT32, 1, 4, "float32"},
    {MODELC_DTYPE_UINT8, 2, 1, "uint8"},
    {MODELC_DTYPE_INT8, 3, 1, "int8"},
    {MODELC_DTYPE_UINT16, 4, 2, "uint16"},
    {MODELC_DTYPE_INT16, 5, 2, "int16"},
    {MODELC_DTYPE_INT32, 6, 4, "int32"},
    {MODELC_DTYPE_INT64, 7, 8, "int64"},
    {MODELC_DTYPE_STRING, 8, sizeof(const char *), "string"},
    {MODELC_DTYPE_BOOL, 9, 1, "bool"},
    {MODELC_DTYPE_FLOAT16, 10, 2, "float16"},
    {MODELC_DTYPE_FLOAT64, 11, 8, "float64"},
    {MODELC_DTYPE_UINT32, 12, 4, "uint32"},
    {MODELC_DTYPE_UINT64, 13, 8, "uint64"},
    {MODELC_DTYPE_BFLOAT16, 16, 2, "bfloat16"},
};

TEST(DtypeTest, SizesNamesAndOnnxNumbers) {
  std::set<std::string> names;
  for (const DtypeCase &c : kDtypes) {
    EXPECT_EQ(static_cast<int>(c.dtype), c.onnxNumber) << c.name;
    EXPECT_EQ(modelc_dtype_size(c.dtype), c.size) << c.name;
    ASSERT_NE(modelc_dtype_name(c.dtype), nullptr);
    EXPECT_STREQ(modelc_dtype_name(c.dtype), c.name);
    names.insert(modelc_dtype_name(c.dtype));
  }
  EXPECT_EQ(names.size(), sizeof(kDtypes) / sizeof(kDtypes[0]));
}

TEST(DtypeTest, UnknownValues) {
  // 14 and 15 are ONNX's complex types, 17+ the float8 types: not supported.
  // (Values outside the enum's range, which C callers may pass, are
  // undefined behaviour to form in C++: CApiTest.c checks -1 and 1000.)
  for (int bad : {0, 14, 15, 17, 31}) {
    auto dtype = static_cast<modelc_dtype>(bad);
    EXPECT_EQ(modelc_dtype_size(dtype), 0u) << bad;
    ASSERT_NE(modelc_dtype_name(dtype), nullptr);
    EXPECT_STREQ(modelc_dtype_name(dtype), "unknown") << bad;
  }
}

TEST(WorkspaceTest, AlignedAndWritable) {
  EXPECT_EQ(MODELC_WORKSPACE_ALIGNMENT, 64);
  for (size_t size : {size_t(1), size_t(3), size_t(63), size_t(64), size_t(65),
                      size_t(1000), size_t(1) << 20}) {
    void *ws = reinterpret_cast<void *>(1);
    ASSERT_EQ(modelc_workspace_alloc(size, &ws), MODELC_STATUS_OK) << size;
    ASSERT_NE(ws, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(ws) % MODELC_WORKSPACE_ALIGNMENT, 0u)
        << size;
    // The whole rounded-up block is usable.
    size_t rounded = (size + 63) / 64 * 64;
    std::memset(ws, 0xab, rounded);
    EXPECT_EQ(static_cast<unsigned char *>(ws)[rounded - 1], 0xab);
    modelc_workspace_free(ws);
  }
}

TEST(WorkspaceTest, ZeroSizeGivesDistinctNonNullBlocks) {
  void *a = nullptr, *b = nullptr;
  ASSERT_EQ(modelc_workspace_alloc(0, &a), MODELC_STATUS_OK);
  ASSERT_EQ(modelc_workspace_alloc(0, &b), MODELC_STATUS_OK);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_NE(a, b);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % MODELC_WORKSPACE_ALIGNMENT, 0u);
  std::memset(a, 0, MODELC_WORKSPACE_ALIGNMENT);
  modelc_workspace_free(a);
  modelc_workspace_free(b);
}

TEST(WorkspaceTest, NullOutPointer) {
  EXPECT_EQ(modelc_workspace_alloc(64, nullptr),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(modelc_workspace_alloc(0, nullptr), MODELC_STATUS_INVALID_ARGUMENT);
}

TEST(WorkspaceTest, HugeSizeIsOutOfMemory) {
  // Over PTRDIFF_MAX is refused up front; SIZE_MAX / 4 (4 EiB on 64-bit)
  // passes that check and fails in the allocator.
  for (size_t size :
       {SIZE_MAX, SIZE_MAX - 1, SIZE_MAX - 63, SIZE_MAX / 2,
        (SIZE_MAX >> 1) + 1, size_t(PTRDIFF_MAX) - 63, SIZE_MAX / 4}) {
    void *ws = reinterpret_cast<void *>(1);
    EXPECT_EQ(modelc_workspace_alloc(size, &ws), MODELC_STATUS_OUT_OF_MEMORY)
        << size;
    EXPECT_EQ(ws, nullptr) << size;
  }
}

TEST(WorkspaceTest, FreeNullIsNoOp) { modelc_workspace_free(nullptr); }

TEST(ProfileTest, ClockIsMonotonicNanoseconds) {
  int64_t first = modelc_profile_now_ns();
  EXPECT_GT(first, 0);
  // A busy loop of a millisecond or more shows as at least that many ns.
  int64_t now = first;
  while (now - first < 1000000)
    now = modelc_profile_now_ns();
  EXPECT_GE(now - first, 1000000);
  EXPECT_LT(now - first, 1000000000);
  EXPECT_GE(modelc_profile_now_ns(), now);
}

} // namespace
