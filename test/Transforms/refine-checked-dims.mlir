// RUN: modelc-opt %s -modelc-refine-checked-dims -canonicalize | FileCheck %s

// A Range-like length computed from a tensor value, checked against the
// size the model declares: the check moves right after the length, and the
// buffer built on it gets the static size.
// CHECK-LABEL: func @from_value
// CHECK-SAME: (%[[N:.*]]: tensor<i64>)
// CHECK: %[[V:.*]] = tensor.extract %[[N]][]
// CHECK: %[[LEN:.*]] = arith.index_cast %[[V]]
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[LEN]], %c10
// CHECK-NEXT: modelc.check %[[OK]], "length is 10"
// CHECK: %[[E:.*]] = tensor.empty() : tensor<10xf32>
// CHECK: linalg.fill {{.*}} outs(%[[E]] : tensor<10xf32>)
// CHECK-NOT: tensor.cast
// CHECK: return
func.func @from_value(%n: tensor<i64>) -> tensor<10xf32> {
  %v = tensor.extract %n[] : tensor<i64>
  %len = arith.index_cast %v : i64 to index
  %e = tensor.empty(%len) : tensor<?xf32>
  %zero = arith.constant 0.0 : f32
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %c10 = arith.constant 10 : index
  %ok = arith.cmpi eq, %len, %c10 : index
  modelc.check %ok, "length is 10"
  %r = tensor.cast %f : tensor<?xf32> to tensor<10xf32>
  return %r : tensor<10xf32>
}

// An input dimension checked against a constant (broadcasting with a
// static operand) becomes that constant after the check.
// CHECK-LABEL: func @input_dim
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<4xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[D]], %c4
// CHECK-NEXT: modelc.check %[[OK]]
// CHECK: tensor.empty() : tensor<4xf32>
func.func @input_dim(%x: tensor<?xf32>, %y: tensor<4xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %d = tensor.dim %x, %c0 : tensor<?xf32>
  %e = tensor.empty(%d) : tensor<?xf32>
  %c4 = arith.constant 4 : index
  %ok = arith.cmpi eq, %d, %c4 : index
  modelc.check %ok, "dimension 0 of x is 4"
  return %e : tensor<?xf32>
}

// Checks of other forms stay where they are.
// CHECK-LABEL: func @two_dims
// CHECK: %[[OK:.*]] = arith.cmpi eq
// CHECK-NEXT: modelc.check %[[OK]]
// CHECK: tensor.empty(%{{.*}}) : tensor<?xf32>
func.func @two_dims(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = arith.constant 0 : index
  %a = tensor.dim %x, %c0 : tensor<?xf32>
  %b = tensor.dim %y, %c0 : tensor<?xf32>
  %ok = arith.cmpi eq, %a, %b : index
  modelc.check %ok, "x and y have the same length"
  %e = tensor.empty(%a) : tensor<?xf32>
  return %e : tensor<?xf32>
}
