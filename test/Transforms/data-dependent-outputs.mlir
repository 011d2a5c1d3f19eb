// RUN: modelc-opt %s -split-input-file -modelc-data-dependent-outputs -verify-diagnostics | FileCheck %s

// Output 0's dimension 1 depends on tensor values: the copy into the
// caller's buffer (of the capacity NAME_prepare gave) goes to a dense view
// at the actual sizes, after a check that they fit, and a new argument (the
// output's shape array) receives them. Output 1 is left alone.
// CHECK-LABEL: func.func @model(
// CHECK-SAME: %[[X:.*]]: memref<2x3xf32>, %[[OUT:.*]]: memref<2x?xi64> {modelc.name = "Y"}, %[[OUT1:.*]]: memref<?xf32> {modelc.name = "Z"},
// CHECK-SAME: %[[SHAPE:.*]]: memref<2xi64> {modelc.name = "Y shape"})
// CHECK: %[[R:.*]] = memref.alloc(%[[COUNT:.*]]) : memref<2x?xi64>
// CHECK: %[[D0:.*]] = memref.dim %[[R]], %c0
// CHECK: %[[D1:.*]] = memref.dim %[[R]], %c1
// CHECK: %[[FITS:.*]] = arith.cmpi ule, %{{.*}}, %{{.*}} : index
// CHECK: modelc.check %[[FITS]], "output 0 fits in its capacity" {status = 6 : i32}
// CHECK: %[[STRIDE:.*]] = arith.muli %c1{{.*}}, %[[D1]] : index
// CHECK: %[[VIEW:.*]] = memref.reinterpret_cast %[[OUT]] to offset: [0], sizes: [2, %[[D1]]], strides: [%[[STRIDE]], 1]
// CHECK: linalg.copy ins(%[[R]] : memref<2x?xi64>) outs(%[[VIEW]] : memref<2x?xi64>)
// CHECK: %[[S0:.*]] = arith.index_cast %[[D0]] : index to i64
// CHECK: memref.store %[[S0]], %[[SHAPE]][%c0{{.*}}] : memref<2xi64>
// CHECK: %[[S1:.*]] = arith.index_cast %[[D1]] : index to i64
// CHECK: memref.store %[[S1]], %[[SHAPE]][%c1{{.*}}] : memref<2xi64>
// CHECK: linalg.copy ins(%{{.*}} : memref<?xf32>) outs(%[[OUT1]] : memref<?xf32>)
func.func @model(%x: memref<2x3xf32>, %out: memref<2x?xi64> {modelc.name = "Y"}, %out1: memref<?xf32> {modelc.name = "Z"})
    attributes {modelc.data_dependent_dims = [array<i64: 1>, array<i64>]} {
  %c0 = arith.constant 0 : index
  %count = arith.constant 4 : index
  %r = memref.alloc(%count) : memref<2x?xi64>
  linalg.copy ins(%r : memref<2x?xi64>) outs(%out : memref<2x?xi64>)
  %z = memref.alloc(%count) : memref<?xf32>
  linalg.copy ins(%z : memref<?xf32>) outs(%out1 : memref<?xf32>)
  return
}

// -----

// The caller's buffer must be written by one copy, which the pass can
// redirect.
func.func @two_writes(%out: memref<?xf32>)
    attributes {modelc.data_dependent_dims = [array<i64: 0>]} {
  %c4 = arith.constant 4 : index
  %r = memref.alloc(%c4) : memref<?xf32>
  // expected-error @+1 {{an output whose size depends on tensor values must be written by one copy}}
  linalg.copy ins(%r : memref<?xf32>) outs(%out : memref<?xf32>)
  linalg.copy ins(%r : memref<?xf32>) outs(%out : memref<?xf32>)
  return
}

// -----

// Outputs whose sizes only the run knows (modelc.workspace_outputs) stay in
// the workspace: the argument becomes a memref<1xi64> that receives the
// address of the output's data, and a shape argument its sizes. A result
// in a buffer of its own is that data (the buffer is marked for the
// dynamic arena, and the copy goes); a view is copied into a new arena
// buffer first.
// CHECK-LABEL: func.func @in_workspace(
// CHECK-SAME: %[[X:.*]]: memref<?x3xf32>, %[[N:.*]]: index, %[[OUT0:.*]]: memref<1xi64> {modelc.name = "A"}, %[[OUT1:.*]]: memref<1xi64> {modelc.name = "B"},
// CHECK-SAME: %[[SHAPE0:.*]]: memref<2xi64> {modelc.name = "A shape"}, %[[SHAPE1:.*]]: memref<1xi64> {modelc.name = "B shape"})
// CHECK: %[[A:.*]] = memref.alloc(%[[N]]) {modelc.arena} : memref<?x3xf32>
// CHECK-NOT: linalg.copy ins(%[[A]]
// CHECK: %[[AD:.*]] = memref.dim %[[A]], %c0
// CHECK: %[[PA:.*]] = memref.extract_aligned_pointer_as_index %[[A]]
// CHECK: %[[PA64:.*]] = arith.index_cast %[[PA]] : index to i64
// CHECK: memref.store %[[PA64]], %[[OUT0]][%c0{{.*}}] : memref<1xi64>
// CHECK: %[[AD64:.*]] = arith.index_cast %[[AD]] : index to i64
// CHECK: memref.store %[[AD64]], %[[SHAPE0]][%c0{{.*}}] : memref<2xi64>
// CHECK: memref.store %{{.*}}, %[[SHAPE0]][%c1{{.*}}] : memref<2xi64>
// CHECK: %[[V:.*]] = memref.subview
// CHECK: %[[VD:.*]] = memref.dim %[[V]], %c0
// CHECK: %[[B:.*]] = memref.alloc(%[[VD]]) {modelc.arena} : memref<?xf32>
// CHECK: linalg.copy ins(%[[V]] : memref<?xf32, strided<[3]>>) outs(%[[B]] : memref<?xf32>)
// CHECK: %[[PB:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
// CHECK: memref.store %{{.*}}, %[[OUT1]][%c0{{.*}}] : memref<1xi64>
// CHECK: memref.store %{{.*}}, %[[SHAPE1]][%c0{{.*}}] : memref<1xi64>
func.func @in_workspace(%x: memref<?x3xf32>, %n: index, %out0: memref<?x3xf32> {modelc.name = "A"}, %out1: memref<?xf32> {modelc.name = "B"})
    attributes {modelc.data_dependent_dims = [array<i64>, array<i64>],
                modelc.workspace_outputs = array<i64: 0, 1>} {
  %c0 = arith.constant 0 : index
  %a = memref.alloc(%n) : memref<?x3xf32>
  linalg.copy ins(%a : memref<?x3xf32>) outs(%out0 : memref<?x3xf32>)
  %rows = memref.dim %x, %c0 : memref<?x3xf32>
  %v = memref.subview %x[0, 0] [%rows, 1] [1, 1] : memref<?x3xf32> to memref<?xf32, strided<[3]>>
  linalg.copy ins(%v : memref<?xf32, strided<[3]>>) outs(%out1 : memref<?xf32>)
  return
}
