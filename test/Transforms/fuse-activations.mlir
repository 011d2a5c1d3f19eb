// RUN: modelc-opt %s -split-input-file -modelc-fuse-activations | FileCheck %s

// The single-op activations, each after a convolution, a Gemm or a MatMul.
// CHECK-LABEL: func @single_ops
// CHECK: modelc.conv {{.*}}activation = #modelc.activation<relu>
// CHECK: modelc.conv {{.*}}activation = #modelc.activation<clip>, activation_beta = 6.000000e+00 : f32
// CHECK: modelc.conv {{.*}}activation = #modelc.activation<clip>, activation_alpha = 0xFF800000 : f32, activation_beta = 1.000000e+00 : f32
// CHECK: modelc.gemm {{.*}}activation = #modelc.activation<leaky_relu>, activation_alpha = 1.000000e-01 : f32
// CHECK: modelc.gemm {{.*}}activation = #modelc.activation<sigmoid>
// CHECK: modelc.matmul {{.*}}activation = #modelc.activation<tanh>
// CHECK: modelc.matmul {{.*}}activation = #modelc.activation<hard_sigmoid>, activation_alpha = 2.000000e-01 : f32, activation_beta = 5.000000e-01 : f32
// CHECK: modelc.matmul {{.*}}activation = #modelc.activation<hard_swish>
// CHECK-NOT: modelc.relu
// CHECK-NOT: modelc.clip
// CHECK-NOT: modelc.leaky_relu
// CHECK-NOT: modelc.sigmoid
// CHECK-NOT: modelc.tanh
// CHECK-NOT: modelc.hard
func.func @single_ops(%x: tensor<1x2x4x4xf32>, %a: tensor<3x2xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %w = modelc.constant dense<0.5> : tensor<2x2x1x1xf32>
  %b = modelc.constant dense<0.5> : tensor<2x2xf32>
  %zero = modelc.constant dense<0.0> : tensor<f32>
  %six = modelc.constant dense<6.0> : tensor<f32>
  %c0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y0 = modelc.relu %c0 : tensor<1x2x4x4xf32>
  %c1 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y1 = modelc.clip %c1, %zero, %six {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<1x2x4x4xf32>, tensor<f32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  // Clip without a lower bound: -inf.
  %one = modelc.constant dense<1.0> : tensor<1xf32>
  %c2 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y2 = modelc.clip %c2, %one {operandSegmentSizes = array<i32: 1, 0, 1>} : (tensor<1x2x4x4xf32>, tensor<1xf32>) -> tensor<1x2x4x4xf32>
  %g0 = modelc.gemm %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y3 = modelc.leaky_relu %g0 {alpha = 0.1 : f32} : tensor<3x2xf32>
  %g1 = modelc.gemm %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y4 = modelc.sigmoid %g1 : tensor<3x2xf32>
  %m0 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y5 = modelc.tanh %m0 : tensor<3x2xf32>
  %m1 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y6 = modelc.hard_sigmoid %m1 {alpha = 0.2 : f32, beta = 0.5 : f32} : tensor<3x2xf32>
  %m2 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y7 = modelc.hard_swish %m2 : tensor<3x2xf32>
  return %y0, %y1, %y2, %y3, %y4, %y5, %y6, %y7 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// SiLU and HardSwish as products (either operand order), as PyTorch
// exports them at opset 13.
// CHECK-LABEL: func @products
// CHECK: %[[S:.*]] = modelc.matmul {{.*}}activation = #modelc.activation<silu>
// CHECK: %[[H:.*]] = modelc.matmul {{.*}}activation = #modelc.activation<hard_swish>
// CHECK: return %[[S]], %[[H]]
func.func @products(%a: tensor<3x2xf32>, %b: tensor<2x2xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %m0 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %s = modelc.sigmoid %m0 : tensor<3x2xf32>
  %y0 = modelc.mul %s, %m0 : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %m1 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %h = modelc.hard_sigmoid %m1 {alpha = 0.16666667 : f32, beta = 0.5 : f32} : tensor<3x2xf32>
  %y1 = modelc.mul %m1, %h : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %y0, %y1 : tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// GELU with erf as PyTorch writes it (x * (erf(x / 1.4142135) + 1)) * 0.5,
// and with the half first and a multiplication by 1/sqrt(2).
// CHECK-LABEL: func @gelu_erf
// CHECK: %[[G0:.*]] = modelc.matmul %{{.*}}, %{{.*}} bias %{{.*}} {activation = #modelc.activation<gelu_erf>}
// CHECK: %[[G1:.*]] = modelc.matmul {{.*}}activation = #modelc.activation<gelu_erf>
// CHECK-NOT: modelc.erf
// CHECK: return %[[G0]], %[[G1]]
func.func @gelu_erf(%a: tensor<3x2xf32>, %b: tensor<2x2xf32>, %c: tensor<2xf32>) -> (tensor<3x2xf32>, tensor<3x2xf32>) {
  %sqrt2 = modelc.constant dense<1.41421354> : tensor<f32>
  %rsqrt2 = modelc.constant dense<0.707106769> : tensor<f32>
  %one = modelc.constant dense<1.0> : tensor<f32>
  %half = modelc.constant dense<0.5> : tensor<f32>
  %m0 = modelc.matmul %a, %b bias %c : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %d0 = modelc.div %m0, %sqrt2 : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  %e0 = modelc.erf %d0 : tensor<3x2xf32>
  %p0 = modelc.add %e0, %one : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  %q0 = modelc.mul %m0, %p0 : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %y0 = modelc.mul %q0, %half : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  %m1 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %h1 = modelc.mul %half, %m1 : (tensor<f32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %d1 = modelc.mul %rsqrt2, %m1 : (tensor<f32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %e1 = modelc.erf %d1 : tensor<3x2xf32>
  %p1 = modelc.add %one, %e1 : (tensor<f32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %y1 = modelc.mul %h1, %p1 : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %y0, %y1 : tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// GELU's tanh form as PyTorch writes it (x^3 as x * (x * x)), and with
// x^3 as a Pow.
// CHECK-LABEL: func @gelu_tanh
// CHECK: %[[G0:.*]] = modelc.matmul {{.*}}activation = #modelc.activation<gelu_tanh>
// CHECK: %[[G1:.*]] = modelc.conv {{.*}}activation = #modelc.activation<gelu_tanh>
// CHECK-NOT: modelc.tanh
// CHECK: return %[[G0]], %[[G1]]
func.func @gelu_tanh(%a: tensor<3x2xf32>, %b: tensor<2x2xf32>, %x: tensor<1x2x4x4xf32>) -> (tensor<3x2xf32>, tensor<1x2x4x4xf32>) {
  %k3 = modelc.constant dense<0.044715> : tensor<f32>
  %k = modelc.constant dense<0.797884583> : tensor<f32>
  %one = modelc.constant dense<1.0> : tensor<f32>
  %half = modelc.constant dense<0.5> : tensor<f32>
  %three = modelc.constant dense<3> : tensor<i64>
  %m = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %sq = modelc.mul %m, %m : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %cube = modelc.mul %m, %sq : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %t0 = modelc.mul %k3, %cube : (tensor<f32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %t1 = modelc.add %m, %t0 : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %t2 = modelc.mul %k, %t1 : (tensor<f32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %t3 = modelc.tanh %t2 : tensor<3x2xf32>
  %t4 = modelc.add %one, %t3 : (tensor<f32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %t5 = modelc.mul %m, %t4 : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %y0 = modelc.mul %half, %t5 : (tensor<f32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %w = modelc.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %u0 = modelc.pow %c, %three : (tensor<1x2x4x4xf32>, tensor<i64>) -> tensor<1x2x4x4xf32>
  %u1 = modelc.mul %u0, %k3 : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %u2 = modelc.add %u1, %c : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %u3 = modelc.mul %u2, %k : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %u4 = modelc.tanh %u3 : tensor<1x2x4x4xf32>
  %u5 = modelc.add %u4, %one : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %u6 = modelc.mul %c, %half : (tensor<1x2x4x4xf32>, tensor<f32>) -> tensor<1x2x4x4xf32>
  %y1 = modelc.mul %u6, %u5 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y0, %y1 : tensor<3x2xf32>, tensor<1x2x4x4xf32>
}

// -----

// Not fused: a producer result used elsewhere too, an intermediate value
// of the pattern used elsewhere, a producer that has an activation, a
// Clip of a bound that is not a constant, a GELU with a wrong constant, an
// integer MatMul.
// CHECK-LABEL: func @not_fused
// CHECK-NOT: activation = #modelc.activation<gelu
// CHECK-NOT: activation = #modelc.activation<silu
// CHECK: modelc.relu
// CHECK: modelc.sigmoid
// CHECK: modelc.sigmoid
// CHECK: modelc.clip
// CHECK: modelc.erf
// CHECK: modelc.relu
func.func @not_fused(%a: tensor<3x2xf32>, %b: tensor<2x2xf32>, %lo: tensor<f32>, %i: tensor<3x2xi32>, %j: tensor<2x2xi32>) -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xi32>) {
  %m0 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y0 = modelc.relu %m0 : tensor<3x2xf32>
  %m1 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %s1 = modelc.sigmoid %m1 : tensor<3x2xf32>
  %y1 = modelc.mul %m1, %s1 : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %m2 = modelc.matmul %a, %b {activation = #modelc.activation<relu>} : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y2 = modelc.sigmoid %m2 : tensor<3x2xf32>
  %m3 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %y3 = modelc.clip %m3, %lo {operandSegmentSizes = array<i32: 1, 1, 0>} : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  %sqrt3 = modelc.constant dense<1.7320508> : tensor<f32>
  %one = modelc.constant dense<1.0> : tensor<f32>
  %half = modelc.constant dense<0.5> : tensor<f32>
  %m4 = modelc.matmul %a, %b : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %d4 = modelc.div %m4, %sqrt3 : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  %e4 = modelc.erf %d4 : tensor<3x2xf32>
  %p4 = modelc.add %e4, %one : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  %q4 = modelc.mul %m4, %p4 : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %y4 = modelc.mul %q4, %half : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  %m5 = modelc.matmul %i, %j : (tensor<3x2xi32>, tensor<2x2xi32>) -> tensor<3x2xi32>
  %y5 = modelc.relu %m5 : tensor<3x2xi32>
  return %y0, %m0, %y1, %s1, %y2, %y3, %y4, %y5 : tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xi32>
}
