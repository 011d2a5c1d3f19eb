// RUN: modelc-opt %s -split-input-file -modelc-output-shape-function -verify-diagnostics | FileCheck %s

// The output dimensions become a function of the argument dimensions only:
// the transpose is gone, its dynamic result sizes remain.

// CHECK-LABEL: func.func @model(
// CHECK-SAME: attributes {modelc.output_dims_fn = @model_output_dims}
// CHECK: linalg.transpose
// CHECK-LABEL: func.func @model_output_dims(
// CHECK-SAME: %[[X:.*]]: tensor<?x?xf32>) -> (index, index) attributes {modelc.shape_function}
// CHECK-NOT: linalg
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[X]], %c1
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK: return %[[D1]], %[[D0]] : index, index
func.func @model(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?xf32>
  %e = tensor.empty(%d1, %d0) : tensor<?x?xf32>
  %t = linalg.transpose ins(%x : tensor<?x?xf32>) outs(%e : tensor<?x?xf32>) permutation = [1, 0]
  %s = arith.constant dense<1.0> : tensor<4xf32>
  return %t, %s : tensor<?x?xf32>, tensor<4xf32>
}

// -----

// Static results need no function.
// CHECK-LABEL: func.func @static(
// CHECK-NOT: modelc.output_dims_fn
// CHECK-NOT: func.func @static_output_dims
func.func @static(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// A size read from tensor data, which nothing bounds, cannot be known
// before running the model: that output goes to the workspace
// (modelc.workspace_outputs), and the function gives the other outputs'
// dimensions only.
// CHECK-LABEL: func.func @data_dependent(
// CHECK-SAME: modelc.data_dependent_dims = [array<i64>, array<i64>]
// CHECK-SAME: modelc.output_dims_fn = @data_dependent_output_dims
// CHECK-SAME: modelc.workspace_outputs = array<i64: 0>
// CHECK-LABEL: func.func @data_dependent_output_dims(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>, %{{.*}}: tensor<i64>) -> index
// CHECK-NEXT: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[D:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK-NEXT: return %[[D]] : index
func.func @data_dependent(%x: tensor<?xf32>, %n: tensor<i64>) -> (tensor<?xf32>, tensor<?xf32>) {
  %v = tensor.extract %n[] : tensor<i64>
  %i = arith.index_cast %v : i64 to index
  %e = tensor.empty(%i) : tensor<?xf32>
  return %e, %x : tensor<?xf32>, tensor<?xf32>
}

// -----

// When every dynamic dimension is of such outputs, there is no function.
// CHECK-LABEL: func.func @only_data_dependent(
// CHECK-NOT: modelc.output_dims_fn
// CHECK-SAME: modelc.workspace_outputs = array<i64: 0>
// CHECK-NOT: func.func @only_data_dependent_output_dims
func.func @only_data_dependent(%n: tensor<i64>) -> tensor<?x3xf32> {
  %v = tensor.extract %n[] : tensor<i64>
  %i = arith.index_cast %v : i64 to index
  %e = tensor.empty(%i) : tensor<?x3xf32>
  return %e : tensor<?x3xf32>
}

// -----

// A bounded size (NonZero's count, say) gives its bound, computed from the
// argument dimensions, and marks the result dimensions built on it; the
// count's loop goes.
// CHECK-LABEL: func.func @bounded(
// CHECK-SAME: modelc.data_dependent_dims = [array<i64: 1>, array<i64>]
// CHECK-SAME: modelc.output_dims_fn = @bounded_output_dims
// CHECK: modelc.bounded_size
// CHECK-LABEL: func.func @bounded_output_dims(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>) -> (index, index)
// CHECK-NOT: scf.for
// CHECK-NOT: modelc.bounded_size
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[PLUS:.*]] = arith.addi %[[N]], %c1 : index
// CHECK: %[[N2:.*]] = tensor.dim %[[X]], %c0
// CHECK: return %[[PLUS]], %[[N2]] : index, index
func.func @bounded(%x: tensor<?xf32>) -> (tensor<2x?xi64>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %count = scf.for %i = %c0 to %n step %c1 iter_args(%k = %c0) -> (index) {
    %v = tensor.extract %x[%i] : tensor<?xf32>
    %nz = arith.cmpf une, %v, %zero : f32
    %k1 = arith.addi %k, %c1 : index
    %next = arith.select %nz, %k1, %k : index
    scf.yield %next : index
  }
  %bounded = modelc.bounded_size %count, %n
  %plus = arith.addi %bounded, %c1 : index
  %e = tensor.empty(%plus) : tensor<2x?xi64>
  return %e, %x : tensor<2x?xi64>, tensor<?xf32>
}

// -----

// Calls of the runtime (a Cast to strings) have side effects, but the size
// function is never run for them: a loop whose results it does not need is
// dropped, calls and all.
// CHECK-LABEL: func.func @strings(
// CHECK: func.call @modelc_string_from_float
// CHECK-LABEL: func.func @strings_output_dims(
// CHECK-SAME: %[[X:.*]]: tensor<?xf32>, %{{.*}}: i64) -> index
// CHECK-NOT: scf.for
// CHECK-NOT: call
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %c0
// CHECK: return %[[D]] : index
func.func private @modelc_string_from_float(!llvm.ptr, f32) -> !llvm.ptr
func.func @strings(%x: tensor<?xf32>, %arena: i64) -> tensor<?xi64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.empty(%n) : tensor<?xi64>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%t = %e) -> (tensor<?xi64>) {
    %v = tensor.extract %x[%i] : tensor<?xf32>
    %a = llvm.inttoptr %arena : i64 to !llvm.ptr
    %s = func.call @modelc_string_from_float(%a, %v) : (!llvm.ptr, f32) -> !llvm.ptr
    %p = llvm.ptrtoint %s : !llvm.ptr to i64
    %u = tensor.insert %p into %t[%i] : tensor<?xi64>
    scf.yield %u : tensor<?xi64>
  }
  return %r : tensor<?xi64>
}

// -----

// Dimensions that the function computes with affine.apply (those of a
// collapse_shape) and in float (a size halved and floored, as exporters
// write Resize sizes) are arithmetic on the input dimensions too: both
// outputs get their sizes from the function, none stays in the workspace.
// CHECK-LABEL: func.func @collapse_and_float(
// CHECK-SAME: attributes {modelc.output_dims_fn = @collapse_and_float_output_dims}
// CHECK-NOT: modelc.workspace_outputs
// CHECK-LABEL: func.func @collapse_and_float_output_dims(
// CHECK-DAG: affine.apply
// CHECK-DAG: math.floor
// CHECK: return {{.*}} : index, index, index
func.func @collapse_and_float(%x: tensor<?x?x?xf32>) -> (tensor<?x?xf32>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %half = arith.constant 0.5 : f32
  %flat = tensor.collapse_shape %x [[0], [1, 2]] : tensor<?x?x?xf32> into tensor<?x?xf32>
  %d0 = tensor.dim %x, %c0 : tensor<?x?x?xf32>
  %i = arith.index_cast %d0 : index to i64
  %f = arith.sitofp %i : i64 to f32
  %h = arith.mulf %f, %half : f32
  %fl = math.floor %h : f32
  %n = arith.fptosi %fl : f32 to i64
  %size = arith.index_cast %n : i64 to index
  %e = tensor.empty(%size) : tensor<?xf32>
  return %flat, %e : tensor<?x?xf32>, tensor<?xf32>
}
