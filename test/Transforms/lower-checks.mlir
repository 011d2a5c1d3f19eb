// RUN: modelc-opt %s -modelc-lower-checks | FileCheck %s
// RUN: modelc-opt %s -modelc-lower-checks -canonicalize | FileCheck %s --check-prefix=FOLD

// Each check guards everything after it: the entry function returns 0, or 5
// (MODELC_STATUS_SHAPE_MISMATCH) from the first check that fails.
// CHECK-LABEL: func @entry
// CHECK-SAME: -> i32
// CHECK: memref.store %{{.*}}, %arg1[%c0]
// CHECK: %[[R:.*]] = scf.if %arg2 -> (i32) {
// CHECK:   memref.store %{{.*}}, %arg1[%c1]
// CHECK:   %[[S:.*]] = scf.if %arg3 -> (i32) {
// CHECK:     memref.store %{{.*}}, %arg1[%c2]
// CHECK:     scf.yield %c0_i32
// CHECK:   } else {
// CHECK:     scf.yield %c5_i32
// CHECK:   }
// CHECK:   scf.yield %[[S]]
// CHECK: } else {
// CHECK:   scf.yield %c5_i32
// CHECK: }
// CHECK: return %[[R]] : i32
// CHECK-NOT: modelc.check
func.func @entry(%v: f32, %out: memref<3xf32>, %a: i1, %b: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  memref.store %v, %out[%c0] : memref<3xf32>
  modelc.check %a, "a holds"
  memref.store %v, %out[%c1] : memref<3xf32>
  modelc.check %b, "b holds"
  memref.store %v, %out[%c2] : memref<3xf32>
  return
}

// Without checks the function just returns 0; a check that holds by
// construction folds away.
// FOLD-LABEL: func @no_checks
// FOLD-SAME: -> i32
// FOLD: %[[Z:.*]] = arith.constant 0 : i32
// FOLD: return %[[Z]]
func.func @no_checks(%v: f32, %out: memref<3xf32>) {
  %true = arith.constant true
  modelc.check %true, "always"
  return
}

// The generated size functions are left alone.
// CHECK-LABEL: func @entry_output_dims
// CHECK-SAME: -> index
func.func @entry_output_dims(%x: memref<?xf32>) -> index
    attributes {modelc.shape_function} {
  %c0 = arith.constant 0 : index
  %d = memref.dim %x, %c0 : memref<?xf32>
  return %d : index
}
