// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s

// Gemm and MatMul (MatMul.cpp): a zero-filled accumulator and a
// multiply-accumulate linalg.generic, then alpha/beta/bias/activation in
// one elementwise generic when needed.

// CHECK-DAG: #[[$MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$KM:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[$KN:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[$MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$D1:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$D0:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-DAG: #[[$BMK:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$KN4:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d2)>
// CHECK-DAG: #[[$BMN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$BCAST_MK:.*]] = affine_map<(d0, d1, d2, d3) -> (0, d1, d3)>
// CHECK-DAG: #[[$BKN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[$VK:.*]] = affine_map<(d0, d1, d2) -> (d2)>
// CHECK-DAG: #[[$BKN3:.*]] = affine_map<(d0, d1, d2) -> (d0, d2, d1)>

// CHECK-LABEL: func @gemm_trans_b_alpha_beta
// CHECK-SAME: (%[[A:.*]]: tensor<1x64xf32>, %[[B:.*]]: tensor<10x64xf32>, %[[C:.*]]: tensor<10xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<1x10xf32>)
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$MK]], #[[$NK]], #[[$MN]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<1x64xf32>, tensor<10x64xf32>) outs(%[[FILL]] : tensor<1x10xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK: %[[P:.*]] = arith.mulf %[[X]], %[[Y]]
// CHECK: arith.addf %[[ACC]], %[[P]]
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$D1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[AB]], %[[C]] : tensor<1x10xf32>, tensor<10xf32>)
// CHECK: ^bb0(%[[V:.*]]: f32, %[[CV:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ALPHA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[VA:.*]] = arith.mulf %[[V]], %[[ALPHA]]
// CHECK: %[[BETA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[CB:.*]] = arith.mulf %[[CV]], %[[BETA]]
// CHECK: %[[S:.*]] = arith.addf %[[VA]], %[[CB]]
// CHECK: linalg.yield %[[S]]
// CHECK: return %[[R]]
func.func @gemm_trans_b_alpha_beta(%a: tensor<1x64xf32>, %b: tensor<10x64xf32>, %c: tensor<10xf32>) -> tensor<1x10xf32> {
  %0 = modelc.gemm %a, %b, %c {alpha = 2.0 : f32, beta = 0.5 : f32, transB = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// transA, integers, alpha = 1, no C: the product is the result.
// CHECK-LABEL: func @gemm_trans_a_int
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$KM]], #[[$KN]], #[[$MN]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK: arith.muli
// CHECK: arith.addi
// CHECK-NOT: linalg.generic
// CHECK: return %[[AB]]
func.func @gemm_trans_a_int(%a: tensor<4x3xi32>, %b: tensor<4x5xi32>) -> tensor<3x5xi32> {
  %0 = modelc.gemm %a, %b {transA = true} : (tensor<4x3xi32>, tensor<4x5xi32>) -> tensor<3x5xi32>
  return %0 : tensor<3x5xi32>
}

// beta = 0 drops C; the fused activation still needs the second generic.
// CHECK-LABEL: func @gemm_beta_zero_relu
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[C:.*]]: tensor<2x4xf32>)
// CHECK: %[[AB:.*]] = linalg.generic
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[AB]] : tensor<2x4xf32>)
// CHECK-NOT: arith.mulf
// CHECK: arith.maximumf
// CHECK: return %[[R]]
func.func @gemm_beta_zero_relu(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = modelc.gemm %a, %b, %c {beta = 0.0 : f32, activation = #modelc.activation<relu>} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// Batch dimensions of the lhs only.
// CHECK-LABEL: func @matmul_batched
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x8xf32>, %[[Y:.*]]: tensor<8x16xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$BMK]], #[[$KN4]], #[[$BMN]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<2x4x8xf32>, tensor<8x16xf32>) outs(%{{.*}} : tensor<2x4x16xf32>)
// CHECK: return %[[R]]
func.func @matmul_batched(%x: tensor<2x4x8xf32>, %y: tensor<8x16xf32>) -> tensor<2x4x16xf32> {
  %0 = modelc.matmul %x, %y : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  return %0 : tensor<2x4x16xf32>
}

// A batch dimension of size 1 broadcasts.
// CHECK-LABEL: func @matmul_broadcast_batch
// CHECK: linalg.generic {indexing_maps = [#[[$BCAST_MK]], #[[$BKN]], #[[$BMN]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
func.func @matmul_broadcast_batch(%x: tensor<1x4x8xf32>, %y: tensor<3x8x16xf32>) -> tensor<3x4x16xf32> {
  %0 = modelc.matmul %x, %y : (tensor<1x4x8xf32>, tensor<3x8x16xf32>) -> tensor<3x4x16xf32>
  return %0 : tensor<3x4x16xf32>
}

// A 1-D rhs is a column vector whose dimension is dropped.
// CHECK-LABEL: func @matvec
// CHECK: linalg.generic {indexing_maps = [#[[$ID2]], #[[$D1]], #[[$D0]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: outs(%{{.*}} : tensor<4xf32>)
func.func @matvec(%x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4xf32> {
  %0 = modelc.matmul %x, %y : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// A 1-D lhs is a row vector whose dimension is dropped.
// CHECK-LABEL: func @vecmat_batched
// CHECK: linalg.generic {indexing_maps = [#[[$VK]], #[[$BKN3]], #[[$MN]]], iterator_types = ["parallel", "parallel", "reduction"]}
// CHECK-SAME: outs(%{{.*}} : tensor<2x3xf32>)
func.func @vecmat_batched(%x: tensor<8xf32>, %y: tensor<2x8x3xf32>) -> tensor<2x3xf32> {
  %0 = modelc.matmul %x, %y : (tensor<8xf32>, tensor<2x8x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// Two vectors: a dot product to a scalar, then the fused tanh.
// CHECK-LABEL: func @dot_tanh
// CHECK: %[[D:.*]] = linalg.generic {{.*}} iterator_types = ["reduction"]} {{.*}} outs(%{{.*}} : tensor<f32>)
// CHECK: %[[R:.*]] = linalg.generic {{.*}} iterator_types = []} ins(%[[D]] : tensor<f32>)
// CHECK: math.tanh
// CHECK: return %[[R]]
func.func @dot_tanh(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<f32> {
  %0 = modelc.matmul %x, %y {activation = #modelc.activation<tanh>} : (tensor<8xf32>, tensor<8xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// Fused clip: min/max with the activation's alpha and beta.
// CHECK-LABEL: func @matmul_clip
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK: %[[M:.*]] = arith.maximumf %{{.*}}, %[[LO]]
// CHECK: arith.minimumf %[[M]], %[[HI]]
func.func @matmul_clip(%x: tensor<2x3xf32>, %y: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = modelc.matmul %x, %y {activation = #modelc.activation<clip>, activation_alpha = 0.0 : f32, activation_beta = 6.0 : f32} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}
