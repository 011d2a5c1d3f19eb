// RUN: modelc-opt %s -split-input-file -modelc-materialize-results | FileCheck %s

// A returned tensor that is a function argument, a constant, or a value
// returned more than once gets a copy of its own (linalg.copy into a
// tensor.empty), so that each result has a buffer that can become the
// caller's output buffer. Tensor arguments (the model's inputs) become
// read-only for bufferization.

// CHECK-LABEL: func @results
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf32> {bufferization.writable = false}, %[[Y:[^:]*]]: tensor<?xf32> {bufferization.writable = false})
// CHECK: %[[CST:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: %[[R:.*]] = linalg.copy ins(%[[X]] : tensor<4xf32>) outs(%{{.*}} : tensor<4xf32>)
// An argument.
// CHECK: %[[E0:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[C0:.*]] = linalg.copy ins(%[[X]] : tensor<4xf32>) outs(%[[E0]] : tensor<4xf32>) -> tensor<4xf32>
// A constant.
// CHECK: %[[E2:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[C2:.*]] = linalg.copy ins(%[[CST]] : tensor<2xf32>) outs(%[[E2]] : tensor<2xf32>) -> tensor<2xf32>
// The second return of %r.
// CHECK: %[[E3:.*]] = tensor.empty() : tensor<4xf32>
// CHECK: %[[C3:.*]] = linalg.copy ins(%[[R]] : tensor<4xf32>) outs(%[[E3]] : tensor<4xf32>) -> tensor<4xf32>
// The argument again.
// CHECK: %[[C4:.*]] = linalg.copy ins(%[[X]] : tensor<4xf32>)
// A dynamic argument: the empty tensor takes its size.
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[DIM:.*]] = tensor.dim %[[Y]], %[[ZERO]] : tensor<?xf32>
// CHECK: %[[E5:.*]] = tensor.empty(%[[DIM]]) : tensor<?xf32>
// CHECK: %[[C5:.*]] = linalg.copy ins(%[[Y]] : tensor<?xf32>) outs(%[[E5]] : tensor<?xf32>) -> tensor<?xf32>
// The first return of %r is its own.
// CHECK: return %[[C0]], %[[R]], %[[C2]], %[[C3]], %[[C4]], %[[C5]] :
func.func @results(%x: tensor<4xf32>, %y: tensor<?xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<?xf32>) {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.copy ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %x, %r, %c, %r, %x, %y : tensor<4xf32>, tensor<4xf32>, tensor<2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<?xf32>
}

// -----

// Results computed by an op, once each, and non-tensor results are left
// alone; only tensor arguments are marked read-only.
// CHECK-LABEL: func @nothing_to_do
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf32> {bufferization.writable = false}, %[[I:[^:]*]]: index)
// CHECK: %[[R:.*]] = linalg.copy
// CHECK-NOT: linalg.copy
// CHECK-NOT: tensor.empty
// CHECK: return %[[R]], %[[I]] : tensor<4xf32>, index
func.func @nothing_to_do(%x: tensor<4xf32>, %i: index) -> (tensor<4xf32>, index) {
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.copy ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %r, %i : tensor<4xf32>, index
}
