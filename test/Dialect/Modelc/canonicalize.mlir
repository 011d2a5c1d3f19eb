// RUN: modelc-opt %s -canonicalize -split-input-file | FileCheck %s

// Folders of the modelc dialect (ModelcFolds.cpp): shape computations on
// constants become constants.

// CHECK-LABEL: func @constant_dedup
// CHECK: %[[C:.*]] = modelc.constant dense<[1, 2]> : tensor<2xi64>
// CHECK-NOT: modelc.constant
// CHECK: return %[[C]], %[[C]]
func.func @constant_dedup() -> (tensor<2xi64>, tensor<2xi64>) {
  %0 = modelc.constant dense<[1, 2]> : tensor<2xi64>
  %1 = modelc.constant dense<[1, 2]> : tensor<2xi64>
  return %0, %1 : tensor<2xi64>, tensor<2xi64>
}

// -----

// CHECK-LABEL: func @unused_constant_removed
// CHECK-NOT: modelc.constant
// CHECK: return
func.func @unused_constant_removed() {
  %0 = modelc.constant dense<[1, 2]> : tensor<2xi64>
  return
}

// -----

// CHECK-LABEL: func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: modelc.identity
// CHECK: return %[[X]]
func.func @identity(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = modelc.identity %x : tensor<4xf32>
  %1 = modelc.identity %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @cast_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: modelc.cast
// CHECK: return %[[X]]
func.func @cast_same_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = modelc.cast %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @cast_int
// CHECK-DAG: %[[A:.*]] = modelc.constant dense<[-1, 2, 300]> : tensor<3xi32>
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<[-1, 2, 44]> : tensor<3xi8>
// CHECK-DAG: %[[C:.*]] = modelc.constant dense<[255, 1]> : tensor<2xi64>
// CHECK-NOT: modelc.cast
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @cast_int() -> (tensor<3xi32>, tensor<3xi8>, tensor<2xi64>) {
  %0 = modelc.constant dense<[-1, 2, 300]> : tensor<3xi64>
  // Sign-extended or truncated.
  %1 = modelc.cast %0 : (tensor<3xi64>) -> tensor<3xi32>
  %2 = modelc.cast %0 : (tensor<3xi64>) -> tensor<3xi8>
  // Unsigned sources are zero-extended.
  %u = modelc.constant dense<[255, 1]> : tensor<2xui8>
  %3 = modelc.cast %u : (tensor<2xui8>) -> tensor<2xi64>
  return %1, %2, %3 : tensor<3xi32>, tensor<3xi8>, tensor<2xi64>
}

// -----

// Float conversions keep ONNX's rounding at run time: not folded.
// CHECK-LABEL: func @cast_float_not_folded
// CHECK: %[[C:.*]] = modelc.constant dense<[1.500000e+00, -2.500000e+00]> : tensor<2xf32>
// CHECK: %[[R:.*]] = modelc.cast %[[C]] : (tensor<2xf32>) -> tensor<2xi64>
// CHECK: %[[B:.*]] = modelc.cast %{{.*}} : (tensor<2xi64>) -> tensor<2xi1>
// CHECK: return %[[R]], %[[B]]
func.func @cast_float_not_folded() -> (tensor<2xi64>, tensor<2xi1>) {
  %0 = modelc.constant dense<[1.5, -2.5]> : tensor<2xf32>
  %1 = modelc.cast %0 : (tensor<2xf32>) -> tensor<2xi64>
  // Casts to bool are not folded either.
  %2 = modelc.constant dense<[0, 7]> : tensor<2xi64>
  %3 = modelc.cast %2 : (tensor<2xi64>) -> tensor<2xi1>
  return %1, %3 : tensor<2xi64>, tensor<2xi1>
}

// -----

// CHECK-LABEL: func @arith_int
// CHECK-DAG: %[[ADD:.*]] = modelc.constant dense<{{\[}}[11, 22, 33], [14, 25, 36]]> : tensor<2x3xi64>
// CHECK-DAG: %[[SUB:.*]] = modelc.constant dense<{{\[}}[-9, -18, -27], [-6, -15, -24]]> : tensor<2x3xi64>
// CHECK-DAG: %[[MUL:.*]] = modelc.constant dense<{{\[}}[10, 40, 90], [40, 100, 180]]> : tensor<2x3xi64>
// CHECK-DAG: %[[DIV:.*]] = modelc.constant dense<{{\[}}[10, 10, 10], [2, 4, 4]]> : tensor<2x3xi64>
// CHECK-NOT: modelc.add
// CHECK-NOT: modelc.sub
// CHECK-NOT: modelc.mul
// CHECK-NOT: modelc.div
// CHECK: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]]
func.func @arith_int() -> (tensor<2x3xi64>, tensor<2x3xi64>, tensor<2x3xi64>, tensor<2x3xi64>) {
  %a = modelc.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
  %b = modelc.constant dense<[10, 20, 30]> : tensor<3xi64>
  // Broadcast of the rhs along the rows.
  %0 = modelc.add %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  %1 = modelc.sub %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  %2 = modelc.mul %a, %b : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
  // Broadcast of the lhs; signed division truncates towards zero.
  %c = modelc.constant dense<[[10], [-9]]> : tensor<2x1xi64>
  %d = modelc.constant dense<[[1, 1, 1], [-4, -2, -2]]> : tensor<2x3xi64>
  %3 = modelc.div %c, %d : (tensor<2x1xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
  return %0, %1, %2, %3 : tensor<2x3xi64>, tensor<2x3xi64>, tensor<2x3xi64>, tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func @arith_float
// CHECK-DAG: %[[ADD:.*]] = modelc.constant dense<{{\[}}[1.500000e+00, 2.500000e+00], [3.500000e+00, 4.500000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[SUB:.*]] = modelc.constant dense<{{\[}}[5.000000e-01, 1.500000e+00], [2.500000e+00, 3.500000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[MUL:.*]] = modelc.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [3.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[DIV:.*]] = modelc.constant dense<{{\[}}[2.000000e+00, 4.000000e+00], [6.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT: modelc.add
// CHECK-NOT: modelc.div
// CHECK: return %[[ADD]], %[[SUB]], %[[MUL]], %[[DIV]]
func.func @arith_float() -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %a = modelc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  // A scalar broadcasts to everything.
  %h = modelc.constant dense<0.5> : tensor<f32>
  %0 = modelc.add %a, %h : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  %1 = modelc.sub %a, %h : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  // A column broadcasts along the rows.
  %col = modelc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %2 = modelc.mul %a, %col : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  %3 = modelc.div %a, %h : (tensor<2x2xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %0, %1, %2, %3 : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Both operands broadcast: 2x1 against 1x3.
// CHECK-LABEL: func @arith_outer_broadcast
// CHECK: %[[R:.*]] = modelc.constant dense<{{\[}}[11, 12, 13], [21, 22, 23]]> : tensor<2x3xi32>
// CHECK: return %[[R]]
func.func @arith_outer_broadcast() -> tensor<2x3xi32> {
  %a = modelc.constant dense<[[10], [20]]> : tensor<2x1xi32>
  %b = modelc.constant dense<[[1, 2, 3]]> : tensor<1x3xi32>
  %0 = modelc.add %a, %b : (tensor<2x1xi32>, tensor<1x3xi32>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

// Unsigned division is unsigned.
// CHECK-LABEL: func @div_unsigned
// CHECK: %[[R:.*]] = modelc.constant dense<[127, 2]> : tensor<2xui8>
// CHECK: return %[[R]]
func.func @div_unsigned() -> tensor<2xui8> {
  %a = modelc.constant dense<[254, 4]> : tensor<2xui8>
  %b = modelc.constant dense<2> : tensor<ui8>
  %0 = modelc.div %a, %b : (tensor<2xui8>, tensor<ui8>) -> tensor<2xui8>
  return %0 : tensor<2xui8>
}

// -----

// Integer division by zero is left to run time.
// CHECK-LABEL: func @div_by_zero_not_folded
// CHECK: %[[R:.*]] = modelc.div
// CHECK: return %[[R]]
func.func @div_by_zero_not_folded() -> tensor<2xi64> {
  %a = modelc.constant dense<[4, 6]> : tensor<2xi64>
  %b = modelc.constant dense<[2, 0]> : tensor<2xi64>
  %0 = modelc.div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// Operands that are not constants, or constants too large to fold, stay.
// CHECK-LABEL: func @arith_not_folded
// CHECK-SAME: (%[[X:.*]]: tensor<3xi64>)
// CHECK: %[[A:.*]] = modelc.add %[[X]], %{{.*}} : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
// CHECK: %[[B:.*]] = modelc.mul %{{.*}}, %{{.*}} : (tensor<1048577xf32>, tensor<f32>) -> tensor<1048577xf32>
// CHECK: return %[[A]], %[[B]]
func.func @arith_not_folded(%x: tensor<3xi64>) -> (tensor<3xi64>, tensor<1048577xf32>) {
  %c = modelc.constant dense<[1, 2, 3]> : tensor<3xi64>
  %0 = modelc.add %x, %c : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %big = modelc.constant dense<1.0> : tensor<1048577xf32>
  %two = modelc.constant dense<2.0> : tensor<f32>
  %1 = modelc.mul %big, %two : (tensor<1048577xf32>, tensor<f32>) -> tensor<1048577xf32>
  return %0, %1 : tensor<3xi64>, tensor<1048577xf32>
}

// -----

// CHECK-LABEL: func @reshape_like_constants
// CHECK-DAG: %[[R:.*]] = modelc.constant dense<{{\[}}[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi64>
// CHECK-DAG: %[[F:.*]] = modelc.constant dense<{{\[}}[1, 2, 3, 4, 5, 6]]> : tensor<1x6xi64>
// CHECK-DAG: %[[S:.*]] = modelc.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
// CHECK-NOT: modelc.reshape
// CHECK-NOT: modelc.flatten
// CHECK-NOT: modelc.squeeze
// CHECK-NOT: modelc.unsqueeze
// CHECK: return %[[R]], %[[F]], %[[S]], %[[F]]
func.func @reshape_like_constants() -> (tensor<2x3xi64>, tensor<1x6xi64>, tensor<6xi64>, tensor<1x6xi64>) {
  %c = modelc.constant dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi64>
  %s = modelc.constant dense<[2, 3]> : tensor<2xi64>
  %0 = modelc.reshape %c, %s : (tensor<6xi64>, tensor<2xi64>) -> tensor<2x3xi64>
  %1 = modelc.flatten %0 {axis = 0 : i64} : (tensor<2x3xi64>) -> tensor<1x6xi64>
  %2 = modelc.squeeze %1 {axes = array<i64: 0>} : (tensor<1x6xi64>) -> tensor<6xi64>
  %3 = modelc.unsqueeze %2 {axes = array<i64: 0>} : (tensor<6xi64>) -> tensor<1x6xi64>
  return %0, %1, %2, %3 : tensor<2x3xi64>, tensor<1x6xi64>, tensor<6xi64>, tensor<1x6xi64>
}

// -----

// A reshape-like op to the same type is its input, unless its shape or
// axes are data, which the lowering checks at run time.
// CHECK-LABEL: func @reshape_like_same_type
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<2xi64>, %[[A:.*]]: tensor<1xi64>)
// CHECK-NOT: modelc.flatten
// CHECK: %[[R:.*]] = modelc.reshape %[[X]], %[[S]]
// CHECK: %[[Q:.*]] = modelc.squeeze %{{.*}}, %[[A]]
// CHECK-NOT: modelc.reshape
// CHECK: return %[[X]], %[[X]], %[[R]], %[[Q]]
func.func @reshape_like_same_type(%x: tensor<2x3xf32>, %s: tensor<2xi64>, %a: tensor<1xi64>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %c = modelc.constant dense<[2, 3]> : tensor<2xi64>
  %0 = modelc.reshape %x, %c : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %1 = modelc.flatten %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %u = modelc.unsqueeze %x {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<1x2x3xf32>
  %3 = modelc.squeeze %u, %a {axes = array<i64: 0>} : (tensor<1x2x3xf32>, tensor<1xi64>) -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// A reshape of a value that is not a constant stays.
// CHECK-LABEL: func @reshape_not_folded
// CHECK: %[[R:.*]] = modelc.reshape
// CHECK: %[[U:.*]] = modelc.unsqueeze
// CHECK: return %[[R]], %[[U]]
func.func @reshape_not_folded(%x: tensor<2x3xf32>) -> (tensor<6xf32>, tensor<1x2x3xf32>) {
  %s = modelc.constant dense<6> : tensor<1xi64>
  %0 = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  %1 = modelc.unsqueeze %x {axes = array<i64: 0>} : (tensor<2x3xf32>) -> tensor<1x2x3xf32>
  return %0, %1 : tensor<6xf32>, tensor<1x2x3xf32>
}

// -----

// CHECK-LABEL: func @transpose_identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[T:.*]] = modelc.transpose %[[X]] {perm = array<i64: 0, 2, 1>}
// CHECK-NOT: modelc.transpose
// CHECK: return %[[X]], %[[T]]
func.func @transpose_identity(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x4x3xf32>) {
  %0 = modelc.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %1 = modelc.transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<2x4x3xf32>
}

// -----

// CHECK-LABEL: func @shape_static
// CHECK-DAG: %[[ALL:.*]] = modelc.constant dense<[2, 3, 4]> : tensor<3xi64>
// CHECK-DAG: %[[TAIL:.*]] = modelc.constant dense<[3, 4]> : tensor<2xi64>
// CHECK-DAG: %[[MID:.*]] = modelc.constant dense<3> : tensor<1xi64>
// CHECK-NOT: modelc.shape
// CHECK: return %[[ALL]], %[[TAIL]], %[[MID]]
func.func @shape_static(%x: tensor<2x3x4xf32>) -> (tensor<3xi64>, tensor<2xi64>, tensor<1xi64>) {
  %0 = modelc.shape %x : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %1 = modelc.shape %x {start = 1 : i64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  %2 = modelc.shape %x {start = -2 : i64, end = -1 : i64} : (tensor<2x3x4xf32>) -> tensor<1xi64>
  return %0, %1, %2 : tensor<3xi64>, tensor<2xi64>, tensor<1xi64>
}

// -----

// Only the dimensions in [start, end) need to be static.
// CHECK-LABEL: func @shape_dynamic
// CHECK-DAG: %[[TAIL:.*]] = modelc.constant dense<[3, 4]> : tensor<2xi64>
// CHECK-DAG: %[[ALL:.*]] = modelc.shape %{{.*}} : (tensor<?x3x4xf32>) -> tensor<3xi64>
// CHECK: return %[[ALL]], %[[TAIL]]
func.func @shape_dynamic(%x: tensor<?x3x4xf32>) -> (tensor<3xi64>, tensor<2xi64>) {
  %0 = modelc.shape %x : (tensor<?x3x4xf32>) -> tensor<3xi64>
  %1 = modelc.shape %x {start = 1 : i64} : (tensor<?x3x4xf32>) -> tensor<2xi64>
  return %0, %1 : tensor<3xi64>, tensor<2xi64>
}

// -----

// Size folds when the shape is static (a scalar has one element).
// CHECK-LABEL: func @size
// CHECK-DAG: %[[N:.*]] = modelc.constant dense<24> : tensor<i64>
// CHECK-DAG: %[[ONE:.*]] = modelc.constant dense<1> : tensor<i64>
// CHECK-DAG: %[[DYN:.*]] = modelc.size %{{.*}} : (tensor<?x3xf32>) -> tensor<i64>
// CHECK: return %[[N]], %[[ONE]], %[[DYN]]
func.func @size(%x: tensor<2x3x4xf32>, %s: tensor<f32>, %d: tensor<?x3xf32>) -> (tensor<i64>, tensor<i64>, tensor<i64>) {
  %0 = modelc.size %x : (tensor<2x3x4xf32>) -> tensor<i64>
  %1 = modelc.size %s : (tensor<f32>) -> tensor<i64>
  %2 = modelc.size %d : (tensor<?x3xf32>) -> tensor<i64>
  return %0, %1, %2 : tensor<i64>, tensor<i64>, tensor<i64>
}

// -----

// CHECK-LABEL: func @constant_of_shape
// CHECK-DAG: %[[F:.*]] = modelc.constant dense<2.500000e+00> : tensor<2x3xf32>
// CHECK-DAG: %[[I:.*]] = modelc.constant dense<7> : tensor<4xi64>
// CHECK-NOT: modelc.constant_of_shape
// CHECK: return %[[F]], %[[I]]
func.func @constant_of_shape() -> (tensor<2x3xf32>, tensor<4xi64>) {
  %s = modelc.constant dense<[2, 3]> : tensor<2xi64>
  %0 = modelc.constant_of_shape %s {value = dense<2.5> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<2x3xf32>
  %t = modelc.constant dense<4> : tensor<1xi64>
  %1 = modelc.constant_of_shape %t {value = dense<7> : tensor<1xi64>} : (tensor<1xi64>) -> tensor<4xi64>
  return %0, %1 : tensor<2x3xf32>, tensor<4xi64>
}

// -----

// The result shape must be static for the fold.
// CHECK-LABEL: func @constant_of_shape_dynamic
// CHECK: %[[R:.*]] = modelc.constant_of_shape
// CHECK: return %[[R]]
func.func @constant_of_shape_dynamic(%s: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = modelc.constant_of_shape %s {value = dense<0.0> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

// CHECK-LABEL: func @concat_constants
// CHECK: %[[R:.*]] = modelc.constant dense<[1, 2, 3, 4, 5]> : tensor<5xi64>
// CHECK-NOT: modelc.concat
// CHECK: return %[[R]]
func.func @concat_constants() -> tensor<5xi64> {
  %a = modelc.constant dense<[1, 2]> : tensor<2xi64>
  %b = modelc.constant dense<3> : tensor<1xi64>
  %c = modelc.constant dense<[4, 5]> : tensor<2xi64>
  %0 = modelc.concat %a, %b, %c {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>, tensor<2xi64>) -> tensor<5xi64>
  return %0 : tensor<5xi64>
}

// -----

// CHECK-LABEL: func @concat_single_input
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: modelc.concat
// CHECK: return %[[X]]
func.func @concat_single_input(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = modelc.concat %x {axis = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A concat with a non-constant input, or of 2-D constants, stays.
// CHECK-LABEL: func @concat_not_folded
// CHECK: %[[A:.*]] = modelc.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<3xi64>
// CHECK: %[[B:.*]] = modelc.concat %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<1x2xi64>, tensor<1x2xi64>) -> tensor<2x2xi64>
// CHECK: return %[[A]], %[[B]]
func.func @concat_not_folded(%x: tensor<1xi64>) -> (tensor<3xi64>, tensor<2x2xi64>) {
  %a = modelc.constant dense<[1, 2]> : tensor<2xi64>
  %0 = modelc.concat %a, %x {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<3xi64>
  %m = modelc.constant dense<[[1, 2]]> : tensor<1x2xi64>
  %1 = modelc.concat %m, %m {axis = 0 : i64} : (tensor<1x2xi64>, tensor<1x2xi64>) -> tensor<2x2xi64>
  return %0, %1 : tensor<3xi64>, tensor<2x2xi64>
}

// -----

// CHECK-LABEL: func @gather_constants
// CHECK-DAG: %[[A:.*]] = modelc.constant dense<[40, 10]> : tensor<2xi64>
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<30> : tensor<i64>
// CHECK-NOT: modelc.gather
// CHECK: return %[[A]], %[[B]]
func.func @gather_constants() -> (tensor<2xi64>, tensor<i64>) {
  %d = modelc.constant dense<[10, 20, 30, 40]> : tensor<4xi64>
  // Negative indices count from the end.
  %i = modelc.constant dense<[-1, 0]> : tensor<2xi64>
  %0 = modelc.gather %d, %i {axis = 0 : i64} : (tensor<4xi64>, tensor<2xi64>) -> tensor<2xi64>
  %j = modelc.constant dense<2> : tensor<i32>
  %1 = modelc.gather %d, %j {axis = 0 : i64} : (tensor<4xi64>, tensor<i32>) -> tensor<i64>
  return %0, %1 : tensor<2xi64>, tensor<i64>
}

// -----

// An index out of range is not folded (it is an error at run time).
// CHECK-LABEL: func @gather_out_of_range
// CHECK: %[[R:.*]] = modelc.gather
// CHECK: return %[[R]]
func.func @gather_out_of_range() -> tensor<1xi64> {
  %d = modelc.constant dense<[10, 20]> : tensor<2xi64>
  %i = modelc.constant dense<[5]> : tensor<1xi64>
  %0 = modelc.gather %d, %i {axis = 0 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

// CHECK-LABEL: func @slice_constants
// CHECK-DAG: %[[A:.*]] = modelc.constant dense<[20, 30]> : tensor<2xi64>
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<[50, 30, 10]> : tensor<3xi64>
// CHECK-DAG: %[[C:.*]] = modelc.constant dense<[40, 50]> : tensor<2xi64>
// CHECK-NOT: modelc.slice
// CHECK: return %[[A]], %[[B]], %[[C]]
func.func @slice_constants() -> (tensor<2xi64>, tensor<3xi64>, tensor<2xi64>) {
  %d = modelc.constant dense<[10, 20, 30, 40, 50]> : tensor<5xi64>
  %zero = modelc.constant dense<0> : tensor<1xi64>
  %one = modelc.constant dense<1> : tensor<1xi64>
  %three = modelc.constant dense<3> : tensor<1xi64>
  // [1:3]
  %0 = modelc.slice %d, %one, %three, %zero, %one : (tensor<5xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  // [-1::-2], an end before the beginning
  %m1 = modelc.constant dense<-1> : tensor<1xi64>
  %m2 = modelc.constant dense<-2> : tensor<1xi64>
  %min = modelc.constant dense<-9223372036854775807> : tensor<1xi64>
  %1 = modelc.slice %d, %m1, %min, %zero, %m2 : (tensor<5xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<3xi64>
  // [3:huge], an end past the end (i32 operands)
  %s = modelc.constant dense<3> : tensor<1xi32>
  %e = modelc.constant dense<2147483647> : tensor<1xi32>
  %a = modelc.constant dense<0> : tensor<1xi32>
  %st = modelc.constant dense<1> : tensor<1xi32>
  %2 = modelc.slice %d, %s, %e, %a, %st : (tensor<5xi64>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<2xi64>
  return %0, %1, %2 : tensor<2xi64>, tensor<3xi64>, tensor<2xi64>
}

// -----

// A slice of the shape of a tensor with dynamic dimensions folds where the
// dimensions it picks are static (TorchScript's x.size(-1) == 1 tests), and
// stays where one is dynamic.
// CHECK-LABEL: func @slice_of_shape
// CHECK-DAG: %[[LAST:.*]] = modelc.constant dense<1> : tensor<1xi64>
// CHECK-DAG: %[[KEPT:.*]] = modelc.slice
// CHECK: return %[[LAST]], %[[KEPT]]
func.func @slice_of_shape(%x: tensor<?x?x1xf32>) -> (tensor<1xi64>, tensor<2xi64>) {
  %shape = modelc.shape %x : (tensor<?x?x1xf32>) -> tensor<3xi64>
  %zero = modelc.constant dense<0> : tensor<1xi64>
  %one = modelc.constant dense<1> : tensor<1xi64>
  %two = modelc.constant dense<2> : tensor<1xi64>
  %m1 = modelc.constant dense<-1> : tensor<1xi64>
  %big = modelc.constant dense<9223372036854775807> : tensor<1xi64>
  // [-1:]
  %0 = modelc.slice %shape, %m1, %big, %zero, %one : (tensor<3xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  // [1:], with a dynamic dimension
  %1 = modelc.slice %shape, %one, %big, %zero, %one : (tensor<3xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0, %1 : tensor<1xi64>, tensor<2xi64>
}

// -----

// A zero step or a non-constant bound is not folded.
// CHECK-LABEL: func @slice_not_folded
// CHECK: %[[A:.*]] = modelc.slice
// CHECK: %[[B:.*]] = modelc.slice
// CHECK: return %[[A]], %[[B]]
func.func @slice_not_folded(%start: tensor<1xi64>) -> (tensor<2xi64>, tensor<2xi64>) {
  %d = modelc.constant dense<[10, 20, 30, 40, 50]> : tensor<5xi64>
  %zero = modelc.constant dense<0> : tensor<1xi64>
  %three = modelc.constant dense<3> : tensor<1xi64>
  %one = modelc.constant dense<1> : tensor<1xi64>
  %0 = modelc.slice %d, %one, %three, %zero, %zero : (tensor<5xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %1 = modelc.slice %d, %start, %three, %zero, %one : (tensor<5xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0, %1 : tensor<2xi64>, tensor<2xi64>
}

// -----

// The chain an exporter writes for "flatten all but the batch dimension":
// Shape -> Gather -> Unsqueeze -> Concat -> Reshape folds to one constant
// shape and the Reshape keeps only its data operand's dependence.
// CHECK-LABEL: func @shape_chain
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[S:.*]] = modelc.constant dense<[2, -1]> : tensor<2xi64>
// CHECK-NOT: modelc.shape
// CHECK-NOT: modelc.gather
// CHECK-NOT: modelc.concat
// CHECK: %[[R:.*]] = modelc.reshape %[[X]], %[[S]] : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
// CHECK: return %[[R]]
func.func @shape_chain(%x: tensor<2x3x4xf32>) -> tensor<2x12xf32> {
  %0 = modelc.shape %x : (tensor<2x3x4xf32>) -> tensor<3xi64>
  %i = modelc.constant dense<0> : tensor<i64>
  %1 = modelc.gather %0, %i {axis = 0 : i64} : (tensor<3xi64>, tensor<i64>) -> tensor<i64>
  %2 = modelc.unsqueeze %1 {axes = array<i64: 0>} : (tensor<i64>) -> tensor<1xi64>
  %m = modelc.constant dense<-1> : tensor<1xi64>
  %3 = modelc.concat %2, %m {axis = 0 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %4 = modelc.reshape %x, %3 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<2x12xf32>
  return %4 : tensor<2x12xf32>
}

// -----

// Comparisons of constants fold, with broadcasting: integers signed
// (unsigned types unsigned), floats with NaN comparing false.
// CHECK-LABEL: func @compare
// CHECK-DAG: %[[EQ:.*]] = modelc.constant dense<[false, true, false]> : tensor<3xi1>
// CHECK-DAG: %[[GT:.*]] = modelc.constant dense<[true, false, false]> : tensor<3xi1>
// CHECK-DAG: %[[LE:.*]] = modelc.constant dense<[false, true, true]> : tensor<3xi1>
// CHECK-DAG: %[[UGT:.*]] = modelc.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG: %[[FLT:.*]] = modelc.constant dense<[false, false, false, true]> : tensor<4xi1>
// CHECK-DAG: %[[FGE:.*]] = modelc.constant dense<[true, true, false, false]> : tensor<4xi1>
// CHECK-DAG: %[[BEQ:.*]] = modelc.constant dense<[false, true, true, false]> : tensor<4xi1>
// CHECK-NOT: modelc.equal
// CHECK-NOT: modelc.greater
// CHECK-NOT: modelc.less
// CHECK: return %[[EQ]], %[[GT]], %[[LE]], %[[UGT]], %[[FLT]], %[[FGE]], %[[BEQ]]
func.func @compare() -> (tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<2xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %a = modelc.constant dense<[1, -1, -2]> : tensor<3xi64>
  %m = modelc.constant dense<-1> : tensor<1xi64>
  %0 = modelc.equal %a, %m : (tensor<3xi64>, tensor<1xi64>) -> tensor<3xi1>
  %1 = modelc.greater %a, %m : (tensor<3xi64>, tensor<1xi64>) -> tensor<3xi1>
  %2 = modelc.less_or_equal %a, %m : (tensor<3xi64>, tensor<1xi64>) -> tensor<3xi1>
  %u = modelc.constant dense<[255, 1]> : tensor<2xui8>
  %v = modelc.constant dense<[1, 2]> : tensor<2xui8>
  %3 = modelc.greater %u, %v : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xi1>
  %f = modelc.constant dense<[3.0, 2.0, 0x7FC00000, 1.0]> : tensor<4xf32>
  %g = modelc.constant dense<2.0> : tensor<f32>
  %4 = modelc.less %f, %g : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %5 = modelc.greater_or_equal %f, %g : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %b = modelc.constant dense<[false, true, true, false]> : tensor<4xi1>
  %c = modelc.constant dense<true> : tensor<i1>
  %6 = modelc.equal %b, %c : (tensor<4xi1>, tensor<i1>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<3xi1>, tensor<3xi1>, tensor<3xi1>, tensor<2xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// Where on constants folds, all three operands broadcasting.
// CHECK-LABEL: func @where
// CHECK-DAG: %[[I:.*]] = modelc.constant dense<1> : tensor<3xi64>
// CHECK-DAG: %[[F:.*]] = modelc.constant dense<{{\[}}[1.000000e+00, 0.000000e+00], [2.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
// CHECK-NOT: modelc.where
// CHECK: return %[[I]], %[[F]]
func.func @where() -> (tensor<3xi64>, tensor<2x2xf32>) {
  %c = modelc.constant dense<[false, true, true]> : tensor<3xi1>
  %x = modelc.constant dense<1> : tensor<3xi64>
  %y = modelc.constant dense<[1, -1, -1]> : tensor<3xi64>
  %0 = modelc.where %c, %x, %y : (tensor<3xi1>, tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  %d = modelc.constant dense<[true, false]> : tensor<2xi1>
  %p = modelc.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %z = modelc.constant dense<0.0> : tensor<f32>
  %1 = modelc.where %d, %p, %z : (tensor<2xi1>, tensor<2x1xf32>, tensor<f32>) -> tensor<2x2xf32>
  return %0, %1 : tensor<3xi64>, tensor<2x2xf32>
}

// -----

// A comparison or Where with a non-constant operand is not folded.
// CHECK-LABEL: func @compare_where_not_folded
// CHECK: modelc.equal
// CHECK: modelc.where
func.func @compare_where_not_folded(%x: tensor<3xi64>) -> tensor<3xi64> {
  %m = modelc.constant dense<-1> : tensor<1xi64>
  %0 = modelc.equal %x, %m : (tensor<3xi64>, tensor<1xi64>) -> tensor<3xi1>
  %one = modelc.constant dense<1> : tensor<3xi64>
  %1 = modelc.where %0, %one, %x : (tensor<3xi1>, tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
  return %1 : tensor<3xi64>
}

// -----

// An if on a constant condition becomes the ops of the branch it takes.
// CHECK-LABEL: func @if_constant_condition
// CHECK-SAME: (%[[A:.*]]: tensor<2xf32>)
// CHECK-NOT: modelc.if
// CHECK: %[[N:.*]] = modelc.neg %[[A]]
// CHECK-NOT: modelc.if
// CHECK: return %[[N]]
func.func @if_constant_condition(%a: tensor<2xf32>) -> tensor<2xf32> {
  %c = modelc.constant dense<false> : tensor<i1>
  %0 = modelc.if %c : tensor<i1> -> (tensor<2xf32>) {
    modelc.yield %a : tensor<2xf32>
  } else {
    %n = modelc.neg %a : tensor<2xf32>
    modelc.yield %n : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

// A branch whose yield only agrees with the result type up to dynamic
// dimensions stays an if (the lowering casts).
// CHECK-LABEL: func @if_constant_condition_cast
// CHECK: modelc.if
func.func @if_constant_condition_cast(%a: tensor<2xf32>) -> tensor<?xf32> {
  %c = modelc.constant dense<true> : tensor<i1>
  %0 = modelc.if %c : tensor<i1> -> (tensor<?xf32>) {
    modelc.yield %a : tensor<2xf32>
  } else {
    modelc.yield %a : tensor<2xf32>
  }
  return %0 : tensor<?xf32>
}
