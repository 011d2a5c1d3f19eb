// RUN: modelc-opt %s -modelc-copies-to-linalg | FileCheck %s

// memref.copy (which would need the memref support library for strided
// operands) becomes linalg.copy.

// CHECK-LABEL: func @copies
// CHECK-SAME: (%[[A:.*]]: memref<4xf32>, %[[B:.*]]: memref<4xf32, strided<[2]>>, %[[C:.*]]: memref<2x3xi8>, %{{.*}}: index)
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%[[B]] : memref<4xf32, strided<[2]>>) outs(%[[A]] : memref<4xf32>)
// CHECK: scf.for
// CHECK: linalg.copy ins(%[[C]] : memref<2x3xi8>) outs(%[[C]] : memref<2x3xi8>)
// CHECK-NOT: memref.copy
// CHECK: return
func.func @copies(%a: memref<4xf32>, %b: memref<4xf32, strided<[2]>>, %c: memref<2x3xi8>, %n: index) {
  memref.copy %b, %a : memref<4xf32, strided<[2]>> to memref<4xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    memref.copy %c, %c : memref<2x3xi8> to memref<2x3xi8>
  }
  return
}
