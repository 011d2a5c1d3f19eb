// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s
// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s --check-prefix=DYN

// Reductions, ArgMax/ArgMin, Softmax, LogSoftmax and LayerNormalization
// (Reduction.cpp).

// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$KEEP0:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$KEEP1:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$NONE:.*]] = affine_map<(d0, d1) -> ()>
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>

// CHECK-LABEL: func @reduce_sum_keepdims
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP0]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x8xf32>) outs(%[[INIT]] : tensor<2xf32>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: arith.addf %[[ACC]], %[[IN]] : f32
// CHECK: %[[R:.*]] = tensor.expand_shape %[[SUM]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xf32> into tensor<2x1xf32>
// CHECK: return %[[R]]
func.func @reduce_sum_keepdims(%x: tensor<2x8xf32>) -> tensor<2x1xf32> {
  %0 = modelc.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// A negative axis; the mean divides by the reduced count.
// CHECK-LABEL: func @reduce_mean
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP1]]], iterator_types = ["reduction", "parallel"]}
// CHECK: arith.addf
// CHECK: %[[N:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]]], iterator_types = ["parallel"]} ins(%[[SUM]] : tensor<8xf32>)
// CHECK: arith.divf %{{.*}}, %[[N]]
// CHECK: return %[[R]] : tensor<8xf32>
func.func @reduce_mean(%x: tensor<2x8xf32>) -> tensor<8xf32> {
  %0 = modelc.reduce_mean %x {axes = array<i64: -2>, keepdims = false} : (tensor<2x8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// Empty axes reduce everything.
// CHECK-LABEL: func @reduce_max_all
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<f32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$NONE]]], iterator_types = ["reduction", "reduction"]}
// CHECK: arith.maximumf
// CHECK: tensor.expand_shape {{.*}} : tensor<f32> into tensor<1xf32>
// CHECK: tensor.expand_shape {{.*}} : tensor<1xf32> into tensor<1x1xf32>
func.func @reduce_max_all(%x: tensor<2x8xf32>) -> tensor<1x1xf32> {
  %0 = modelc.reduce_max %x {axes = array<i64>} : (tensor<2x8xf32>) -> tensor<1x1xf32>
  return %0 : tensor<1x1xf32>
}

// noop_with_empty_axes returns the input.
// CHECK-LABEL: func @reduce_noop
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK-NOT: linalg
// CHECK: return %[[X]]
func.func @reduce_noop(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = modelc.reduce_sum %x {axes = array<i64>, noop_with_empty_axes = true} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// Initial values and combiners of integer reductions.
// CHECK-LABEL: func @reduce_int
// CHECK: arith.constant -2147483648 : i32
// CHECK: arith.maxsi
// CHECK: arith.constant 2147483647 : i32
// CHECK: arith.minsi
// CHECK: arith.constant 1 : i32
// CHECK: arith.muli
// Unsigned: max starts at 0, min at all ones.
// CHECK: arith.constant 0 : i8
// CHECK: arith.maxui
// CHECK: arith.constant -1 : i8
// CHECK: arith.minui
func.func @reduce_int(%x: tensor<2x8xi32>, %u: tensor<2x8xui8>) -> (tensor<2x1xi32>, tensor<2x1xi32>, tensor<2x1xi32>, tensor<2x1xui8>, tensor<2x1xui8>) {
  %0 = modelc.reduce_max %x {axes = array<i64: 1>} : (tensor<2x8xi32>) -> tensor<2x1xi32>
  %1 = modelc.reduce_min %x {axes = array<i64: 1>} : (tensor<2x8xi32>) -> tensor<2x1xi32>
  %2 = modelc.reduce_prod %x {axes = array<i64: 1>} : (tensor<2x8xi32>) -> tensor<2x1xi32>
  %3 = modelc.reduce_max %u {axes = array<i64: 1>} : (tensor<2x8xui8>) -> tensor<2x1xui8>
  %4 = modelc.reduce_min %u {axes = array<i64: 1>} : (tensor<2x8xui8>) -> tensor<2x1xui8>
  return %0, %1, %2, %3, %4 : tensor<2x1xi32>, tensor<2x1xi32>, tensor<2x1xi32>, tensor<2x1xui8>, tensor<2x1xui8>
}

// Reductions with a map of the elements before and/or after.
// CHECK-LABEL: func @reduce_mapped
// sum_square: square, then sum
// CHECK: ^bb0(%[[A:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: arith.mulf %[[A]], %[[A]]
// CHECK: arith.addf
// l1: abs, then sum
// CHECK: math.absf
// CHECK: arith.addf
// l2: square, sum, sqrt
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: math.sqrt
// log_sum: sum, log
// CHECK: arith.addf
// CHECK: math.log
// log_sum_exp: exp, sum, log
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: math.log
func.func @reduce_mapped(%x: tensor<2x8xf32>) -> (tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  %0 = modelc.reduce_sum_square %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %1 = modelc.reduce_l1 %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %2 = modelc.reduce_l2 %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %3 = modelc.reduce_log_sum %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %4 = modelc.reduce_log_sum_exp %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  return %0, %1, %2, %3, %4 : tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}

// One generic with two results: the best value and its index.
// CHECK-LABEL: func @arg_max
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[VINIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2xf32>)
// CHECK: %[[IINIT:.*]] = linalg.fill ins(%{{.*}} : i64) outs(%{{.*}} : tensor<2xi64>)
// CHECK: %[[G:.*]]:2 = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP0]], #[[$KEEP0]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]] : tensor<2x8xf32>) outs(%[[VINIT]], %[[IINIT]] : tensor<2xf32>, tensor<2xi64>)
// CHECK: ^bb0(%[[V:.*]]: f32, %[[BEST:.*]]: f32, %[[BI:.*]]: i64):
// CHECK: %[[IDX:.*]] = linalg.index 1 : index
// CHECK: %[[I:.*]] = arith.index_cast %[[IDX]] : index to i64
// CHECK: %[[BETTER:.*]] = arith.cmpf ogt, %[[V]], %[[BEST]] : f32
// CHECK: %[[NV:.*]] = arith.select %[[BETTER]], %[[V]], %[[BEST]]
// CHECK: %[[NI:.*]] = arith.select %[[BETTER]], %[[I]], %[[BI]]
// CHECK: linalg.yield %[[NV]], %[[NI]]
// CHECK: %[[R:.*]] = tensor.expand_shape %[[G]]#1 {{.*}} into tensor<2x1xi64>
// CHECK: return %[[R]]
func.func @arg_max(%x: tensor<2x8xf32>) -> tensor<2x1xi64> {
  %0 = modelc.arg_max %x {axis = 1 : i64} : (tensor<2x8xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// select_last_index keeps ties: >= and <=.
// CHECK-LABEL: func @arg_min_last
// CHECK: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK: linalg.fill ins(%[[INF]] : f32)
// CHECK: iterator_types = ["reduction", "parallel"]
// CHECK: linalg.index 0 : index
// CHECK: arith.cmpf ole
// CHECK: return %{{.*}} : tensor<8xi64>
func.func @arg_min_last(%x: tensor<2x8xf32>) -> tensor<8xi64> {
  %0 = modelc.arg_min %x {axis = 0 : i64, keepdims = false, select_last_index = true} : (tensor<2x8xf32>) -> tensor<8xi64>
  return %0 : tensor<8xi64>
}

// Softmax: max, x - max, exp, sum, divide.
// CHECK-LABEL: func @softmax
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP0]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x8xf32>)
// CHECK: arith.maximumf
// CHECK: %[[SHIFT:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP0]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]], %[[MAX]] : tensor<2x8xf32>, tensor<2xf32>)
// CHECK: arith.subf
// CHECK: %[[EXP:.*]] = linalg.generic {{.*}} ins(%[[SHIFT]] : tensor<2x8xf32>)
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[EXP]] : tensor<2x8xf32>)
// CHECK: arith.addf
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[EXP]], %[[SUM]] : tensor<2x8xf32>, tensor<2xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]]
func.func @softmax(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = modelc.softmax %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// LogSoftmax along axis 0: (x - max) - log(sum).
// CHECK-LABEL: func @log_softmax_axis0
// CHECK: iterator_types = ["reduction", "parallel"]
// CHECK: arith.maximumf
// CHECK: %[[SHIFT:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP1]], #[[$ID2]]]
// CHECK: arith.subf
// CHECK: math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["reduction", "parallel"]
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[SHIFT]], %[[SUM]] : tensor<2x8xf32>, tensor<8xf32>)
// CHECK: ^bb0(%[[S:.*]]: f32, %[[T:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[L:.*]] = math.log %[[T]]
// CHECK: arith.subf %[[S]], %[[L]]
// CHECK: return %[[R]]
func.func @log_softmax_axis0(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = modelc.log_softmax %x {axis = 0 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// LayerNormalization: mean, centered, variance, 1/sqrt(variance + eps),
// normalized, scale and bias; mean and 1/stddev are also results.
// CHECK-LABEL: func @layer_normalization
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>, %[[S:.*]]: tensor<8xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[N:.*]] = arith.constant 8.000000e+00 : f32
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<2x8xf32>)
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<2xf32>)
// CHECK: arith.divf %{{.*}}, %[[N]]
// CHECK: %[[C:.*]] = linalg.generic {{.*}} ins(%[[X]], %[[MEAN]] : tensor<2x8xf32>, tensor<2xf32>)
// CHECK: arith.subf
// CHECK: %[[SQ:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[C]] : tensor<2x8xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: %[[VAR:.*]] = linalg.generic {{.*}} ins(%[[SQ]] : tensor<2xf32>)
// CHECK: arith.divf
// CHECK: %[[INV:.*]] = linalg.generic {{.*}} ins(%[[VAR]] : tensor<2xf32>)
// CHECK: arith.constant 1.000000e-03 : f32
// CHECK: math.sqrt
// CHECK: arith.divf
// CHECK: %[[N:.*]] = linalg.generic {{.*}} ins(%[[C]], %[[INV]] : tensor<2x8xf32>, tensor<2xf32>)
// CHECK: arith.mulf
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP1]], #[[$KEEP1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[N]], %[[S]], %[[B]] : tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK-DAG: %[[M:.*]] = tensor.expand_shape %[[MEAN]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xf32> into tensor<2x1xf32>
// CHECK-DAG: %[[I:.*]] = tensor.expand_shape %[[INV]] {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xf32> into tensor<2x1xf32>
// CHECK: return %[[R]], %[[M]], %[[I]]
func.func @layer_normalization(%x: tensor<2x8xf32>, %s: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>) {
  %0, %1, %2 = modelc.layer_normalization %x, %s, %b {axis = -1 : i64, epsilon = 1.0e-03 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return %0, %1, %2 : tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>
}

// Without a bias, the last generic only scales.
// CHECK-LABEL: func @layer_normalization_no_bias
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$KEEP1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.mulf
// CHECK-NEXT: linalg.yield
// CHECK: return %[[R]]
func.func @layer_normalization_no_bias(%x: tensor<2x8xf32>, %s: tensor<8xf32>) -> tensor<2x8xf32> {
  %0:3 = modelc.layer_normalization %x, %s : (tensor<2x8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return %0#0 : tensor<2x8xf32>
}

// InstanceNormalization normalizes over the spatial axes, then applies the
// per-channel scale and bias reshaped to Cx1x1.
// CHECK-LABEL: func @instance_normalization
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>, %[[S:.*]]: tensor<2xf32>, %[[B:.*]]: tensor<2xf32>)
// CHECK: %[[N:.*]] = arith.constant 9.000000e+00 : f32
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%[[X]] : tensor<1x2x3x3xf32>) outs(%{{.*}} : tensor<1x2xf32>)
// CHECK: arith.divf %{{.*}}, %[[N]]
// CHECK-DAG: tensor.expand_shape %[[S]] {{\[}}[0, 1, 2]] output_shape [2, 1, 1] : tensor<2xf32> into tensor<2x1x1xf32>
// CHECK-DAG: tensor.expand_shape %[[B]] {{\[}}[0, 1, 2]] output_shape [2, 1, 1] : tensor<2xf32> into tensor<2x1x1xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<1x2x3x3xf32>, tensor<2x1x1xf32>, tensor<2x1x1xf32>)
// CHECK: return %[[R]]
func.func @instance_normalization(%x: tensor<1x2x3x3xf32>, %s: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<1x2x3x3xf32> {
  %0 = modelc.instance_normalization %x, %s, %b {epsilon = 1.0e-05 : f32} : (tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// LRN sums squares over a window of channels of the zero-padded squares.
// CHECK-LABEL: func @lrn
// CHECK: tensor.pad %{{.*}} low[0, 1, 0, 0] high[0, 1, 0, 0]
// CHECK: } : tensor<1x4x2x2xf32> to tensor<1x6x2x2xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]}
// CHECK: math.powf
func.func @lrn(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x2x2xf32> {
  %0 = modelc.lrn %x {size = 3 : i64} : tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// Hardmax: the first maximum's index along the axis, then 1 where the index
// matches.
// CHECK-LABEL: func @hardmax
// CHECK: %[[ARG:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]}
// CHECK: arith.cmpf ogt
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[ARG]]#1 : tensor<2x8xf32>, tensor<2xi64>)
// CHECK: linalg.index 1
// CHECK: arith.cmpi eq
func.func @hardmax(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %0 = modelc.hardmax %x {axis = 1 : i64} : tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// Run-time axes: axis 1 or 2 reduces 3x2x2 to 3x2; a check requires the
// mask of the run-time axes (sum of 1 << axis, out-of-range axes giving
// 1 << rank) to be one of the two, and an index_switch picks the reduction.
// CHECK-LABEL: func @reduce_sum_dynamic_axes
// CHECK-SAME: (%[[X:.*]]: tensor<3x2x2xf32>, %[[AXES:.*]]: tensor<1xi64>)
// CHECK: %[[A:.*]] = tensor.extract %[[AXES]]
// CHECK: %[[SHIFTED:.*]] = arith.shli %{{.*}}, %{{.*}} : i64
// CHECK: %[[MASK:.*]] = arith.addi %{{.*}}, %[[SHIFTED]] : i64
// CHECK: %[[IS2:.*]] = arith.cmpi eq, %[[MASK]], %c2_i64
// CHECK: %[[IS4:.*]] = arith.cmpi eq, %[[MASK]], %c4_i64
// CHECK: %[[OK:.*]] = arith.ori %[[IS2]], %[[IS4]]
// CHECK: modelc.check %[[OK]], "ReduceSum's run-time axes are distinct, in range and reduce the input shape 3x2x2 to the result shape 3x2"
// CHECK: %[[IDX:.*]] = arith.index_cast %[[MASK]]
// CHECK: scf.index_switch %[[IDX]] -> tensor<3x2xf32>
// CHECK: case 2 {
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "reduction", "parallel"]
// CHECK: default {
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]
func.func @reduce_sum_dynamic_axes(%x: tensor<3x2x2xf32>, %axes: tensor<1xi64>) -> tensor<3x2xf32> {
  %0 = modelc.reduce_sum %x, %axes {axes = array<i64>, keepdims = false} : (tensor<3x2x2xf32>, tensor<1xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// With keepdims, 3x2x2 -> 3x1x2 has one candidate: no switch.
// CHECK-LABEL: func @reduce_mean_dynamic_axes_one_candidate
// CHECK: modelc.check
// CHECK-NOT: scf.index_switch
// CHECK: linalg.generic
// CHECK: arith.divf
func.func @reduce_mean_dynamic_axes_one_candidate(%x: tensor<3x2x2xf32>, %axes: tensor<1xi64>) -> tensor<3x1x2xf32> {
  %0 = modelc.reduce_mean %x, %axes {axes = array<i64>} : (tensor<3x2x2xf32>, tensor<1xi64>) -> tensor<3x1x2xf32>
  return %0 : tensor<3x1x2xf32>
}

//===----------------------------------------------------------------------===//
// Dynamic dimensions (checked after canonicalization, prefix DYN)
//===----------------------------------------------------------------------===//

// The kept dimensions size the accumulators; the kept unit dimension comes
// back by expand_shape.
// DYN-LABEL: func @arg_max_dynamic
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x?xf32>
// DYN: tensor.empty(%[[N]]) : tensor<?xf32>
// DYN: tensor.empty(%[[N]]) : tensor<?xi64>
// DYN: %[[R:.*]]:2 = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<?x?xf32>)
// DYN: tensor.expand_shape %[[R]]#1 {{\[}}[0, 1]] output_shape [%[[N]], 1] : tensor<?xi64> into tensor<?x1xi64>
func.func @arg_max_dynamic(%x: tensor<?x?xf32>) -> tensor<?x1xi64> {
  %0 = modelc.arg_max %x {axis = 1 : i64} : (tensor<?x?xf32>) -> tensor<?x1xi64>
  return %0 : tensor<?x1xi64>
}

// The squares are padded along a dynamic channel axis: a filled tensor of
// the padded size with the squares inserted.
// DYN-LABEL: func @lrn_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[C:.*]] = tensor.dim %arg0, %c1
// DYN: %[[SQ:.*]] = linalg.generic
// DYN: %[[CP:.*]] = arith.addi %[[C]], %c2 : index
// DYN: %[[E:.*]] = tensor.empty(%[[N]], %[[CP]]) : tensor<?x?x4xf32>
// DYN: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x?x4xf32>)
// DYN: tensor.insert_slice %[[SQ]] into %[[Z]][0, 1, 0] [%[[N]], %[[C]], 4] [1, 1, 1]
// DYN: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// DYN: math.powf
func.func @lrn_dynamic(%x: tensor<?x?x4xf32>) -> tensor<?x?x4xf32> {
  %0 = modelc.lrn %x {size = 3 : i64} : tensor<?x?x4xf32>
  return %0 : tensor<?x?x4xf32>
}

// DYN-LABEL: func @hardmax_dynamic
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x5xf32>
// DYN: %[[R:.*]]:2 = linalg.generic
// DYN: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x5xf32>
// DYN: linalg.generic {{.*}} ins(%arg0, %[[R]]#1 : tensor<?x5xf32>, tensor<?xi64>) outs(%[[E]] : tensor<?x5xf32>)
func.func @hardmax_dynamic(%x: tensor<?x5xf32>) -> tensor<?x5xf32> {
  %0 = modelc.hardmax %x {axis = 1 : i64} : tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}
