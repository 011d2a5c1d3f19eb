// RUN: modelc-opt %s -modelc-flatten-globals | FileCheck %s

// A global whose initial value is not a DenseElementsAttr (modelc.constant
// allows sparse values, which bufferization turns into such globals) must
// stay valid: either flattened with its value, or left as it is.

// CHECK: memref.global "private" constant @sparse : memref<{{6|2x3}}xf32> = sparse<
// CHECK-LABEL: func @use
// CHECK: memref.get_global @sparse
memref.global "private" constant @sparse : memref<2x3xf32> = sparse<[[0, 1], [1, 2]], [1.0, 2.0]>

func.func @use() -> memref<2x3xf32> {
  %0 = memref.get_global @sparse : memref<2x3xf32>
  return %0 : memref<2x3xf32>
}
