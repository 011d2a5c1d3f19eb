// RUN: modelc-opt %s -split-input-file -modelc-fuse-attention | FileCheck %s

// PyTorch's MultiheadAttention: q divided by sqrt(d) before the first
// MatMul; the division joins the scale and every op of the pattern goes.
// CHECK-LABEL: func @scaled_q
// CHECK-SAME: (%[[Q:.*]]: tensor<12x197x64xf32>, %[[K:.*]]: tensor<12x64x197xf32>, %[[V:.*]]: tensor<12x197x64xf32>)
// CHECK-NEXT: %[[O:.*]] = modelc.attention %[[Q]], %[[K]], %[[V]] {scale = 1.250000e-01 : f32} : (tensor<12x197x64xf32>, tensor<12x64x197xf32>, tensor<12x197x64xf32>) -> tensor<12x197x64xf32>
// CHECK-NEXT: return %[[O]]
func.func @scaled_q(%q: tensor<12x197x64xf32>, %k: tensor<12x64x197xf32>, %v: tensor<12x197x64xf32>) -> tensor<12x197x64xf32> {
  %c = modelc.constant dense<8.0> : tensor<f32>
  %qs = modelc.div %q, %c : (tensor<12x197x64xf32>, tensor<f32>) -> tensor<12x197x64xf32>
  %s = modelc.matmul %qs, %k : (tensor<12x197x64xf32>, tensor<12x64x197xf32>) -> tensor<12x197x197xf32>
  %p = modelc.softmax %s : (tensor<12x197x197xf32>) -> tensor<12x197x197xf32>
  %o = modelc.matmul %p, %v : (tensor<12x197x197xf32>, tensor<12x197x64xf32>) -> tensor<12x197x64xf32>
  return %o : tensor<12x197x64xf32>
}

// -----

// BERT's form: the scores scaled (a Mul by a constant on the left), then a
// mask added (on the left too) that broadcasts over the heads and rows.
// CHECK-LABEL: func @scaled_scores_with_mask
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8x16xf32>, %[[K:.*]]: tensor<2x4x16x8xf32>, %[[V:.*]]: tensor<2x4x8x16xf32>, %[[M:.*]]: tensor<2x1x1x8xf32>)
// CHECK-NEXT: %[[O:.*]] = modelc.attention %[[Q]], %[[K]], %[[V]] mask %[[M]] {scale = 2.500000e-01 : f32}
// CHECK-NEXT: return %[[O]]
func.func @scaled_scores_with_mask(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x16x8xf32>, %v: tensor<2x4x8x16xf32>, %m: tensor<2x1x1x8xf32>) -> tensor<2x4x8x16xf32> {
  %c = modelc.constant dense<0.25> : tensor<1xf32>
  %s = modelc.matmul %q, %k : (tensor<2x4x8x16xf32>, tensor<2x4x16x8xf32>) -> tensor<2x4x8x8xf32>
  %ss = modelc.mul %c, %s : (tensor<1xf32>, tensor<2x4x8x8xf32>) -> tensor<2x4x8x8xf32>
  %sm = modelc.add %m, %ss : (tensor<2x1x1x8xf32>, tensor<2x4x8x8xf32>) -> tensor<2x4x8x8xf32>
  %p = modelc.softmax %sm {axis = 3 : i64} : (tensor<2x4x8x8xf32>) -> tensor<2x4x8x8xf32>
  %o = modelc.matmul %p, %v : (tensor<2x4x8x8xf32>, tensor<2x4x8x16xf32>) -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// -----

// Scores divided after the product, and k scaled too: the factors multiply
// (1/2 * 1/4). Sequence lengths only the run knows stay dynamic.
// CHECK-LABEL: func @divided_scores_dynamic
// CHECK-SAME: (%[[Q:.*]]: tensor<4x?x8xf32>, %[[K:.*]]: tensor<4x8x?xf32>, %[[V:.*]]: tensor<4x?x8xf32>)
// CHECK-NEXT: %[[O:.*]] = modelc.attention %[[Q]], %[[K]], %[[V]] {scale = 1.250000e-01 : f32} : (tensor<4x?x8xf32>, tensor<4x8x?xf32>, tensor<4x?x8xf32>) -> tensor<4x?x8xf32>
// CHECK-NEXT: return %[[O]]
func.func @divided_scores_dynamic(%q: tensor<4x?x8xf32>, %k: tensor<4x8x?xf32>, %v: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %c2 = modelc.constant dense<2.0> : tensor<f32>
  %c4 = modelc.constant dense<4.0> : tensor<f32>
  %ks = modelc.div %k, %c2 : (tensor<4x8x?xf32>, tensor<f32>) -> tensor<4x8x?xf32>
  %s = modelc.matmul %q, %ks : (tensor<4x?x8xf32>, tensor<4x8x?xf32>) -> tensor<4x?x?xf32>
  %ss = modelc.div %s, %c4 : (tensor<4x?x?xf32>, tensor<f32>) -> tensor<4x?x?xf32>
  %p = modelc.softmax %ss : (tensor<4x?x?xf32>) -> tensor<4x?x?xf32>
  %o = modelc.matmul %p, %v : (tensor<4x?x?xf32>, tensor<4x?x8xf32>) -> tensor<4x?x8xf32>
  return %o : tensor<4x?x8xf32>
}

// -----

// Not an attention: the probabilities are also a result (an exporter that
// returns the attention weights), so they must be stored.
// CHECK-LABEL: func @probabilities_used
// CHECK-NOT: modelc.attention
// CHECK: modelc.softmax
func.func @probabilities_used(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %v: tensor<2x4x8xf32>) -> (tensor<2x4x8xf32>, tensor<2x4x4xf32>) {
  %s = modelc.matmul %q, %k : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %p = modelc.softmax %s : (tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %o = modelc.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %o, %p : tensor<2x4x8xf32>, tensor<2x4x4xf32>
}

// -----

// Not an attention: the Softmax is along another axis.
// CHECK-LABEL: func @other_axis
// CHECK-NOT: modelc.attention
func.func @other_axis(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %v: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %s = modelc.matmul %q, %k : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %p = modelc.softmax %s {axis = 1 : i64} : (tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %o = modelc.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

// Not an attention: v is shared by the batch (the second MatMul
// broadcasts), which modelc.attention does not do.
// CHECK-LABEL: func @broadcast_v
// CHECK-NOT: modelc.attention
func.func @broadcast_v(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %v: tensor<4x8xf32>) -> tensor<2x4x8xf32> {
  %s = modelc.matmul %q, %k : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xf32>
  %p = modelc.softmax %s : (tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %o = modelc.matmul %p, %v : (tensor<2x4x4xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}

// -----

// Not an attention: the first MatMul carries a fused bias.
// CHECK-LABEL: func @product_with_bias
// CHECK-NOT: modelc.attention
func.func @product_with_bias(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %v: tensor<2x4x8xf32>, %b: tensor<4xf32>) -> tensor<2x4x8xf32> {
  %s = modelc.matmul %q, %k bias %b : (tensor<2x4x8xf32>, tensor<2x8x4xf32>, tensor<4xf32>) -> tensor<2x4x4xf32>
  %p = modelc.softmax %s : (tensor<2x4x4xf32>) -> tensor<2x4x4xf32>
  %o = modelc.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %o : tensor<2x4x8xf32>
}
