// RUN: modelc-opt %s -split-input-file -modelc-fold-channel-affine | FileCheck %s

// Mul then Add by per-channel constants (1 x C x 1 x 1 and C x 1 x 1):
// W' = W * s per filter, b' = b * s + t.
// CHECK-LABEL: func @conv_mul_add
// CHECK-DAG: %[[W:.*]] = modelc.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00]]], {{\[}}{{\[}}[-3.000000e+00]]]]> : tensor<2x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<[3.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK: %[[C:.*]] = modelc.conv %{{.*}}, %[[W]], %[[B]] {{.*}} -> tensor<1x2x2x2xf32>
// CHECK-NOT: modelc.mul
// CHECK-NOT: modelc.add
// CHECK: return %[[C]]
func.func @conv_mul_add(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = modelc.constant dense<[[[[1.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>
  %b = modelc.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %s = modelc.constant dense<[[[[2.0]], [[3.0]]]]> : tensor<1x2x1x1xf32>
  %t = modelc.constant dense<[[[1.0]], [[1.0]]]> : tensor<2x1x1xf32>
  %c = modelc.conv %x, %w, %b {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %m = modelc.mul %s, %c : (tensor<1x2x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %y = modelc.add %m, %t : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %y : tensor<1x2x2x2xf32>
}

// -----

// A Linear layer exported as MatMul then Add (bias first, as PyTorch writes
// it): the MatMul gets the bias; then a Div and a Sub by scalars fold too.
// CHECK-LABEL: func @matmul_add_div_sub
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<{{\[}}[5.000000e-01, 1.000000e+00]]> : tensor<1x2xf32>
// CHECK-DAG: %[[T:.*]] = modelc.constant dense<[-5.000000e-01, 0.000000e+00]> : tensor<2xf32>
// CHECK: %[[M:.*]] = modelc.matmul %{{.*}}, %[[B]] bias %[[T]] : (tensor<2x3x1xf32>, tensor<1x2xf32>, tensor<2xf32>) -> tensor<2x3x2xf32>
// CHECK: return %[[M]]
func.func @matmul_add_div_sub(%a: tensor<2x3x1xf32>) -> tensor<2x3x2xf32> {
  %b = modelc.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %bias = modelc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %two = modelc.constant dense<2.0> : tensor<f32>
  %one = modelc.constant dense<1.0> : tensor<1xf32>
  %m = modelc.matmul %a, %b : (tensor<2x3x1xf32>, tensor<1x2xf32>) -> tensor<2x3x2xf32>
  %y = modelc.add %bias, %m : (tensor<2xf32>, tensor<2x3x2xf32>) -> tensor<2x3x2xf32>
  %z = modelc.div %y, %two : (tensor<2x3x2xf32>, tensor<f32>) -> tensor<2x3x2xf32>
  %u = modelc.sub %z, %one : (tensor<2x3x2xf32>, tensor<1xf32>) -> tensor<2x3x2xf32>
  return %u : tensor<2x3x2xf32>
}

// -----

// An Add to a MatMul whose B is not a constant still gives it a bias (no
// weight changes); a Mul cannot fold there.
// CHECK-LABEL: func @matmul_activation_operands
// CHECK: %[[M:.*]] = modelc.matmul %{{.*}}, %{{.*}} bias %{{.*}} :
// CHECK: modelc.mul %[[M]]
func.func @matmul_activation_operands(%a: tensor<3x4xf32>, %b: tensor<4x2xf32>) -> tensor<3x2xf32> {
  %k = modelc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %m = modelc.matmul %a, %b : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
  %y = modelc.add %m, %k : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %z = modelc.mul %y, %k : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %z : tensor<3x2xf32>
}

// -----

// Not folded: a constant that varies along another axis than the channels,
// one that would broadcast the result larger, a Sub with the producer on
// the right, a Div by zero, a producer with another user or a fused
// activation.
// CHECK-LABEL: func @not_folded
// CHECK: modelc.conv
// CHECK: modelc.mul
// CHECK: modelc.conv
// CHECK: modelc.add
// CHECK: modelc.conv
// CHECK: modelc.sub
// CHECK: modelc.conv
// CHECK: modelc.div
// CHECK: modelc.conv
// CHECK: modelc.mul
// CHECK: modelc.conv
// CHECK: modelc.mul
func.func @not_folded(%x: tensor<1x1x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<2x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = modelc.constant dense<1.0> : tensor<2x1x1x1xf32>
  %along_w = modelc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %batch = modelc.constant dense<1.0> : tensor<2x1x1x1xf32>
  %k = modelc.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %zero = modelc.constant dense<[[[0.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %c0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y0 = modelc.mul %c0, %along_w : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %c1 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y1 = modelc.add %c1, %batch : (tensor<1x2x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<2x2x2x2xf32>
  %c2 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y2 = modelc.sub %k, %c2 : (tensor<2x1x1xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c3 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y3 = modelc.div %c3, %zero : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %c4 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y4 = modelc.mul %c4, %k : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %c5 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = #modelc.activation<relu>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %y5 = modelc.mul %c5, %k : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %y0, %y1, %y2, %y3, %y4, %c4, %y5 : tensor<1x2x2x2xf32>, tensor<2x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
