// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s

// Gemm and MatMul (MatMul.cpp): a zero-filled accumulator and a
// multiply-accumulate linalg.generic, then alpha/beta/bias/activation in
// one elementwise generic when needed.
//
// Loop order: Gemm iterates m, k, n ([parallel, reduction, parallel]);
// MatMul iterates batch..., [m], k, [n], k the reduction before n. The
// innermost loop runs along rows of B and of the result. Float
// multiply-accumulates carry `fastmath<contract>` (FMA).

// Gemm, and MatMul without batch dimensions: d0 = m, d1 = k, d2 = n.
// CHECK-DAG: #[[$DIAG_IN:.*]] = affine_map<(d0, d1) -> (d0, d1, d1)>
// CHECK-DAG: #[[$MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$KM:.*]] = affine_map<(d0, d1, d2) -> (d1, d0)>
// CHECK-DAG: #[[$KN:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$NK:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG: #[[$MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// Elementwise epilogue, and matrix-vector: d0 = m, d1 = k.
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$D1:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$D0:.*]] = affine_map<(d0, d1) -> (d0)>
// Batched: d0 = batch, d1 = m, d2 = k, d3 = n.
// CHECK-DAG: #[[$BMK:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$KN4:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[$BMN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$BCAST_MK:.*]] = affine_map<(d0, d1, d2, d3) -> (0, d1, d2)>
// CHECK-DAG: #[[$BKN:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>
// Batched vector-matrix: d0 = batch, d1 = k, d2 = n.
// CHECK-DAG: #[[$VK:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-DAG: #[[$BKN3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// Dot product: d0 = k.
// CHECK-DAG: #[[$K1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$SCALAR:.*]] = affine_map<(d0) -> ()>

// A transposed B that is a function argument stays transposed in the map.
// CHECK-LABEL: func @gemm_trans_b_arg
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<4x3xf32>)
// CHECK-NOT: arith.constant dense
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$MK]], #[[$NK]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<4x3xf32>) outs(%[[FILL]] : tensor<2x4xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[AB]]
func.func @gemm_trans_b_arg(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<2x4xf32> {
  %0 = modelc.gemm %a, %b {transB = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// A constant transposed B (a Linear layer's weight) is transposed at
// compile time into a new constant, read with the non-transposed map.
// CHECK-LABEL: func @gemm_trans_b_const
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK: %[[BT:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x2xf32>)
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$MK]], #[[$KN]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[BT]] : tensor<2x3xf32>, tensor<3x2xf32>) outs(%[[FILL]] : tensor<2x2xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] fastmath<contract> : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[ACC]], %[[P]] fastmath<contract> : f32
// CHECK-NEXT: linalg.yield %[[S]]
// CHECK: return %[[AB]]
func.func @gemm_trans_b_const(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %b = modelc.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = modelc.gemm %a, %b {transB = true} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// A splat constant is not transposed: it is read with the transposed map.
// CHECK-LABEL: func @gemm_trans_b_splat
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK: %[[B:.*]] = arith.constant dense<1.000000e+00> : tensor<4x3xf32>
// CHECK-NOT: arith.constant dense
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$MK]], #[[$NK]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<4x3xf32>)
// CHECK: return %[[AB]]
func.func @gemm_trans_b_splat(%a: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %b = modelc.constant dense<1.0> : tensor<4x3xf32>
  %0 = modelc.gemm %a, %b {transB = true} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// CHECK-LABEL: func @gemm_trans_b_alpha_beta
// CHECK-SAME: (%[[A:.*]]: tensor<1x64xf32>, %[[B:.*]]: tensor<10x64xf32>, %[[C:.*]]: tensor<10xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.*}} : tensor<1x10xf32>)
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$MK]], #[[$NK]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<1x64xf32>, tensor<10x64xf32>) outs(%[[FILL]] : tensor<1x10xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[X]], %[[Y]] fastmath<contract> : f32
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[P]] fastmath<contract> : f32
// CHECK-NEXT: linalg.yield %[[SUM]]
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$D1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[AB]], %[[C]] : tensor<1x10xf32>, tensor<10xf32>)
// CHECK: ^bb0(%[[V:.*]]: f32, %[[CV:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[ALPHA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[VA:.*]] = arith.mulf %[[V]], %[[ALPHA]] : f32
// CHECK: %[[BETA:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[CB:.*]] = arith.mulf %[[CV]], %[[BETA]] : f32
// CHECK: %[[S:.*]] = arith.addf %[[VA]], %[[CB]] : f32
// CHECK: linalg.yield %[[S]]
// CHECK: return %[[R]]
func.func @gemm_trans_b_alpha_beta(%a: tensor<1x64xf32>, %b: tensor<10x64xf32>, %c: tensor<10xf32>) -> tensor<1x10xf32> {
  %0 = modelc.gemm %a, %b, %c {alpha = 2.0 : f32, beta = 0.5 : f32, transB = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %0 : tensor<1x10xf32>
}

// transA, integers, alpha = 1, no C: the product is the result.
// CHECK-LABEL: func @gemm_trans_a_int
// CHECK-SAME: (%[[A:.*]]: tensor<4x3xi32>, %[[B:.*]]: tensor<4x5xi32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[FILL:.*]] = linalg.fill ins(%[[ZERO]] : i32) outs(%{{.*}} : tensor<3x5xi32>)
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$KM]], #[[$KN]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4x3xi32>, tensor<4x5xi32>) outs(%[[FILL]] : tensor<3x5xi32>)
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %[[ACC:.*]]: i32):
// CHECK-NEXT: %[[P:.*]] = arith.muli %[[X]], %[[Y]] : i32
// CHECK-NEXT: %[[SUM:.*]] = arith.addi %[[ACC]], %[[P]] : i32
// CHECK-NEXT: linalg.yield %[[SUM]]
// CHECK-NOT: linalg.generic
// CHECK: return %[[AB]]
func.func @gemm_trans_a_int(%a: tensor<4x3xi32>, %b: tensor<4x5xi32>) -> tensor<3x5xi32> {
  %0 = modelc.gemm %a, %b {transA = true} : (tensor<4x3xi32>, tensor<4x5xi32>) -> tensor<3x5xi32>
  return %0 : tensor<3x5xi32>
}

// beta = 0 drops C; the fused activation still needs the second generic.
// CHECK-LABEL: func @gemm_beta_zero_relu
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3x4xf32>, %[[C:.*]]: tensor<2x4xf32>)
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$MK]], #[[$KN]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3x4xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[AB]] : tensor<2x4xf32>)
// CHECK-NOT: arith.mulf
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK: return %[[R]]
func.func @gemm_beta_zero_relu(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %0 = modelc.gemm %a, %b, %c {beta = 0.0 : f32, activation = #modelc.activation<relu>} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// Batch dimensions of the lhs only: batch, m, k, n.
// CHECK-LABEL: func @matmul_batched
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x8xf32>, %[[Y:.*]]: tensor<8x16xf32>)
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4x16xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$BMK]], #[[$KN4]], #[[$BMN]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<2x4x8xf32>, tensor<8x16xf32>) outs(%[[FILL]] : tensor<2x4x16xf32>)
// CHECK: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[A]], %[[B]] fastmath<contract> : f32
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[P]] fastmath<contract> : f32
// CHECK-NEXT: linalg.yield %[[SUM]]
// CHECK: return %[[R]]
func.func @matmul_batched(%x: tensor<2x4x8xf32>, %y: tensor<8x16xf32>) -> tensor<2x4x16xf32> {
  %0 = modelc.matmul %x, %y : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  return %0 : tensor<2x4x16xf32>
}

// A batch dimension of size 1 broadcasts.
// CHECK-LABEL: func @matmul_broadcast_batch
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8xf32>, %[[Y:.*]]: tensor<3x8x16xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$BCAST_MK]], #[[$BKN]], #[[$BMN]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<1x4x8xf32>, tensor<3x8x16xf32>) outs(%{{.*}} : tensor<3x4x16xf32>)
// CHECK: return %[[R]]
func.func @matmul_broadcast_batch(%x: tensor<1x4x8xf32>, %y: tensor<3x8x16xf32>) -> tensor<3x4x16xf32> {
  %0 = modelc.matmul %x, %y : (tensor<1x4x8xf32>, tensor<3x8x16xf32>) -> tensor<3x4x16xf32>
  return %0 : tensor<3x4x16xf32>
}

// A 1-D rhs is a column vector whose dimension is dropped: m, k.
// CHECK-LABEL: func @matvec
// CHECK-SAME: (%[[X:.*]]: tensor<4x8xf32>, %[[Y:.*]]: tensor<8xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$D1]], #[[$D0]]], iterator_types = ["parallel", "reduction"]}
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<4x8xf32>, tensor<8xf32>) outs(%{{.*}} : tensor<4xf32>)
// CHECK: return %[[R]]
func.func @matvec(%x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4xf32> {
  %0 = modelc.matmul %x, %y : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// A 1-D lhs is a row vector whose dimension is dropped: batch, k, n.
// CHECK-LABEL: func @vecmat_batched
// CHECK-SAME: (%[[X:.*]]: tensor<8xf32>, %[[Y:.*]]: tensor<2x8x3xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$VK]], #[[$BKN3]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<8xf32>, tensor<2x8x3xf32>) outs(%{{.*}} : tensor<2x3xf32>)
// CHECK: return %[[R]]
func.func @vecmat_batched(%x: tensor<8xf32>, %y: tensor<2x8x3xf32>) -> tensor<2x3xf32> {
  %0 = modelc.matmul %x, %y : (tensor<8xf32>, tensor<2x8x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// Two vectors: a dot product to a scalar, then the fused tanh.
// CHECK-LABEL: func @dot_tanh
// CHECK-SAME: (%[[X:.*]]: tensor<8xf32>, %[[Y:.*]]: tensor<8xf32>)
// CHECK: %[[D:.*]] = linalg.generic {indexing_maps = [#[[$K1]], #[[$K1]], #[[$SCALAR]]], iterator_types = ["reduction"]}
// CHECK-SAME: ins(%[[X]], %[[Y]] : tensor<8xf32>, tensor<8xf32>) outs(%{{.*}} : tensor<f32>)
// CHECK: arith.mulf {{.*}} fastmath<contract> : f32
// CHECK: arith.addf {{.*}} fastmath<contract> : f32
// CHECK: %[[R:.*]] = linalg.generic {{.*}} iterator_types = []} ins(%[[D]] : tensor<f32>)
// CHECK: math.tanh
// CHECK: return %[[R]]
func.func @dot_tanh(%x: tensor<8xf32>, %y: tensor<8xf32>) -> tensor<f32> {
  %0 = modelc.matmul %x, %y {activation = #modelc.activation<tanh>} : (tensor<8xf32>, tensor<8xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// Fused clip: min/max with the activation's alpha and beta.
// CHECK-LABEL: func @matmul_clip
// CHECK: %[[AB:.*]] = linalg.generic {indexing_maps = [#[[$MK]], #[[$KN]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]}
// CHECK: linalg.generic {{.*}} ins(%[[AB]] : tensor<2x4xf32>)
// CHECK-DAG: %[[LO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[HI:.*]] = arith.constant 6.000000e+00 : f32
// CHECK: %[[BELOW:.*]] = arith.cmpf ogt, %[[LO]], %[[V:.*]] : f32
// CHECK: %[[M:.*]] = arith.select %[[BELOW]], %[[LO]], %[[V]]
// CHECK: %[[ABOVE:.*]] = arith.cmpf olt, %[[HI]], %[[M]] : f32
// CHECK: arith.select %[[ABOVE]], %[[HI]], %[[M]]
func.func @matmul_clip(%x: tensor<2x3xf32>, %y: tensor<3x4xf32>) -> tensor<2x4xf32> {
  %0 = modelc.matmul %x, %y {activation = #modelc.activation<clip>, activation_alpha = 0.0 : f32, activation_beta = 6.0 : f32} : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// Einsum: output labels first, then the summed labels; a repeated label
// reads a diagonal; "..." broadcasts leading dims.
// CHECK-LABEL: func @einsum_batch_matmul
// CHECK-SAME: (%[[A:.*]]: tensor<5x2x3xf32>, %[[B:.*]]: tensor<5x3x4xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$EA:.*]], #[[$EB:.*]], #[[$EO:.*]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[A]], %[[B]] : tensor<5x2x3xf32>, tensor<5x3x4xf32>)
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: return %[[R]]
func.func @einsum_batch_matmul(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  %0 = modelc.einsum %a, %b {equation = "bij,bjk->bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// CHECK-LABEL: func @einsum_diagonal
// CHECK: linalg.generic {indexing_maps = [#[[$DIAG_IN]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
func.func @einsum_diagonal(%a: tensor<3x5x5xf64>) -> tensor<3x5xf64> {
  %0 = modelc.einsum %a {equation = "...ii->...i"} : (tensor<3x5x5xf64>) -> tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

// Det: a copy of the matrices is eliminated in place, matrix by matrix
// (batch loop), column by column: pivot search, row swap, elimination;
// the determinant is inserted per matrix.
// CHECK-LABEL: func @det
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x3xf32>)
// CHECK: %[[DETS:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[R:.*]]:2 = scf.for %[[N:.*]] = %c0 to %c2 step %c1 iter_args(%[[A:.*]] = %[[X]], %[[D:.*]] = %[[DETS]]) -> (tensor<2x3x3xf32>, tensor<2xf32>)
// CHECK: scf.for %[[K:.*]] = %c0 to %c3 step %c1 iter_args({{.*}}) -> (tensor<2x3x3xf32>, f32)
// CHECK: math.absf
// CHECK: arith.cmpf ogt
// CHECK: tensor.insert
// CHECK: arith.negf
// CHECK: arith.divf
// CHECK: arith.subf
// CHECK: tensor.insert %{{.*}} into %[[D]][%[[N]]] : tensor<2xf32>
// CHECK: return %[[R]]#1 : tensor<2xf32>
func.func @det(%x: tensor<2x3x3xf32>) -> tensor<2xf32> {
  %0 = modelc.det %x : (tensor<2x3x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// A fused bias (along the last dimension) and residual, then GELU (erf
// form), in one elementwise generic after the product.
// CHECK-LABEL: func @matmul_bias_residual_gelu
// CHECK-SAME: (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4x5xf32>, %[[C:.*]]: tensor<5xf32>, %[[R:.*]]: tensor<2x3x5xf32>)
// CHECK: %[[P:.*]] = linalg.generic {{.*}} ins(%[[A]], %[[B]] :
// CHECK: linalg.generic {{.*}} ins(%[[P]], %[[C]], %[[R]] : tensor<2x3x5xf32>, tensor<5xf32>, tensor<2x3x5xf32>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %[[CB:.*]]: f32, %[[RV:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S0:.*]] = arith.addf %[[V]], %[[CB]]
// CHECK-NEXT: %[[S1:.*]] = arith.addf %[[S0]], %[[RV]]
// CHECK: arith.mulf %[[S1]], %{{.*}}
// CHECK: math.erf
func.func @matmul_bias_residual_gelu(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<5xf32>, %r: tensor<2x3x5xf32>) -> tensor<2x3x5xf32> {
  %0 = modelc.matmul %a, %b bias %c residual %r {activation = #modelc.activation<gelu_erf>} : (tensor<2x3x4xf32>, tensor<4x5xf32>, tensor<5xf32>, tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// SiLU, HardSwish and GELU's tanh form as scalar code.
// CHECK-LABEL: func @matmul_silu
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK-LABEL: func @matmul_gelu_tanh
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK: math.tanh
func.func @matmul_silu(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %0 = modelc.matmul %a, %b {activation = #modelc.activation<silu>} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}
func.func @matmul_gelu_tanh(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>) -> tensor<3x5xf32> {
  %0 = modelc.matmul %a, %b {activation = #modelc.activation<gelu_tanh>} : (tensor<3x4xf32>, tensor<4x5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}
