// RUN: modelc-opt %s -split-input-file -modelc-fold-batchnorm | FileCheck %s

// s = scale / sqrt(var + eps) = [2, 0.5]; W' = W * s per filter;
// b' = (b - mean) * s + beta = [(1 - 1) * 2 + 3, (0 - 2) * 0.5 + 0].
// CHECK-LABEL: func @conv_bn
// CHECK-DAG: %[[W:.*]] = modelc.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00]]], {{\[}}{{\[}}[-5.000000e-01]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<[3.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK: %[[C:.*]] = modelc.conv %{{.*}}, %[[W]], %[[B]] {{.*}} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
// CHECK-NOT: modelc.batch_normalization
// CHECK: return %[[C]]
func.func @conv_bn(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = modelc.constant dense<[[[[1.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>
  %b = modelc.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %scale = modelc.constant dense<[4.0, 1.0]> : tensor<2xf32>
  %beta = modelc.constant dense<[3.0, 0.0]> : tensor<2xf32>
  %mean = modelc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = modelc.constant dense<[4.0, 4.0]> : tensor<2xf32>
  %c = modelc.conv %x, %w, %b {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %y = modelc.batch_normalization %c, %scale, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// No bias on the convolution: one is added.
// CHECK-LABEL: func @conv_without_bias
// CHECK: %[[C:.*]] = modelc.conv %{{.*}}, %{{.*}}, %{{.*}} {{.*}} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>)
// CHECK-NOT: modelc.batch_normalization
func.func @conv_without_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = modelc.constant dense<2.0> : tensor<1x1x1x1xf32>
  %p = modelc.constant dense<1.0> : tensor<1xf32>
  %c = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y = modelc.batch_normalization %c, %p, %p, %p, %p : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y : tensor<1x1x2x2xf32>
}

// -----

// Not folded: a weight that is not a constant, a convolution with another
// user or a fused activation.
// CHECK-LABEL: func @not_folded
// CHECK-COUNT-3: modelc.batch_normalization
func.func @not_folded(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> (tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>) {
  %k = modelc.constant dense<2.0> : tensor<1x1x1x1xf32>
  %p = modelc.constant dense<1.0> : tensor<1xf32>
  %c0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y0 = modelc.batch_normalization %c0, %p, %p, %p, %p : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %c1 = modelc.conv %x, %k {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y1 = modelc.batch_normalization %c1, %p, %p, %p, %p : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  %c2 = modelc.conv %x, %k {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = #modelc.activation<relu>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %y2 = modelc.batch_normalization %c2, %p, %p, %p, %p : (tensor<1x1x2x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x2x2xf32>
  return %y0, %y1, %c1, %y2 : tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

// Gemm with transB and a C of one value per column: B's rows scale, C
// becomes beta * C * s + t with beta 1: s = [2, 0.5, 1], t = beta - mean * s
// = [1, -0.5, 0], 2 * [1, 2, 3] * s + t = [5, 1.5, 6].
// CHECK-LABEL: func @gemm_bn
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<{{\[}}[2.000000e+00, 4.000000e+00], [5.000000e-01, 5.000000e-01], [0.000000e+00, 1.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG: %[[C:.*]] = modelc.constant dense<[5.000000e+00, 1.500000e+00, 6.000000e+00]> : tensor<3xf32>
// CHECK: %[[G:.*]] = modelc.gemm %{{.*}}, %[[B]], %[[C]] {alpha = 2.000000e+00 : f32, transB = true}
// CHECK-NOT: modelc.batch_normalization
// CHECK: return %[[G]]
func.func @gemm_bn(%a: tensor<4x2xf32>) -> tensor<4x3xf32> {
  %b = modelc.constant dense<[[1.0, 2.0], [1.0, 1.0], [0.0, 1.0]]> : tensor<3x2xf32>
  %c = modelc.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %scale = modelc.constant dense<[2.0, 0.5, 1.0]> : tensor<3xf32>
  %beta = modelc.constant dense<[1.0, 0.0, 0.0]> : tensor<3xf32>
  %mean = modelc.constant dense<[0.0, 1.0, 0.0]> : tensor<3xf32>
  %var = modelc.constant dense<1.0> : tensor<3xf32>
  %g = modelc.gemm %a, %b, %c {alpha = 2.0 : f32, beta = 2.0 : f32, transB = true} : (tensor<4x2xf32>, tensor<3x2xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  %y = modelc.batch_normalization %g, %scale, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<4x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %y : tensor<4x3xf32>
}

// -----

// MatMul of a matrix: B's columns scale and the MatMul gets a bias.
// CHECK-LABEL: func @matmul_bn
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<{{\[}}[2.000000e+00, 5.000000e-01], [4.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: %[[T:.*]] = modelc.constant dense<[1.000000e+00, -5.000000e-01]> : tensor<2xf32>
// CHECK: modelc.matmul %{{.*}}, %[[B]] bias %[[T]] : (tensor<4x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
// CHECK-NOT: modelc.batch_normalization
func.func @matmul_bn(%a: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %b = modelc.constant dense<[[1.0, 1.0], [2.0, 0.0]]> : tensor<2x2xf32>
  %scale = modelc.constant dense<[2.0, 0.5]> : tensor<2xf32>
  %beta = modelc.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = modelc.constant dense<[0.0, 1.0]> : tensor<2xf32>
  %var = modelc.constant dense<1.0> : tensor<2xf32>
  %m = modelc.matmul %a, %b : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
  %y = modelc.batch_normalization %m, %scale, %beta, %mean, %var {epsilon = 0.0 : f32} : (tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  return %y : tensor<4x2xf32>
}

// -----

// ConvTranspose of two groups: weight C x M/group x k, output channel
// m = group * (M / group) + j. s = [1, 2, 3, 4], so weight row c (group
// c / 1) column j scales by s[c * 2 + j].
// CHECK-LABEL: func @conv_transpose_bn
// CHECK-DAG: %[[W:.*]] = modelc.constant dense<{{\[}}{{\[}}[1.000000e+00], [2.000000e+00]], {{\[}}[3.000000e+00], [4.000000e+00]]]> : tensor<2x2x1xf32>
// CHECK: modelc.conv_transpose %{{.*}}, %[[W]], %{{.*}} {{.*}} : (tensor<1x2x3xf32>, tensor<2x2x1xf32>, tensor<4xf32>)
// CHECK-NOT: modelc.batch_normalization
func.func @conv_transpose_bn(%x: tensor<1x2x3xf32>) -> tensor<1x4x3xf32> {
  %w = modelc.constant dense<1.0> : tensor<2x2x1xf32>
  %scale = modelc.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %zero = modelc.constant dense<0.0> : tensor<4xf32>
  %one = modelc.constant dense<1.0> : tensor<4xf32>
  %d = modelc.conv_transpose %x, %w {pads = array<i64: 0, 0>, strides = array<i64: 1>, dilations = array<i64: 1>, group = 2 : i64} : (tensor<1x2x3xf32>, tensor<2x2x1xf32>) -> tensor<1x4x3xf32>
  %y = modelc.batch_normalization %d, %scale, %zero, %zero, %one {epsilon = 0.0 : f32} : (tensor<1x4x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x3xf32>
  return %y : tensor<1x4x3xf32>
}

// -----

// Not folded: a MatMul whose channels are not on axis 1 (a 3-D result).
// CHECK-LABEL: func @matmul_3d
// CHECK: modelc.batch_normalization
func.func @matmul_3d(%a: tensor<1x2x2xf32>) -> tensor<1x2x2xf32> {
  %b = modelc.constant dense<1.0> : tensor<2x2xf32>
  %p = modelc.constant dense<1.0> : tensor<2xf32>
  %m = modelc.matmul %a, %b : (tensor<1x2x2xf32>, tensor<2x2xf32>) -> tensor<1x2x2xf32>
  %y = modelc.batch_normalization %m, %p, %p, %p, %p : (tensor<1x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2xf32>
  return %y : tensor<1x2x2xf32>
}
