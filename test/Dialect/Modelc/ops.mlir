// RUN: modelc-opt %s | modelc-opt | FileCheck %s
// RUN: modelc-opt %s --mlir-print-op-generic | modelc-opt | FileCheck %s

// Round trip of every op of the modelc dialect, with its attributes.
// Attributes equal to their default values are elided when printed.

// CHECK-LABEL: func @constants
func.func @constants() -> (tensor<4xf32>, tensor<2xui8>, tensor<3xi1>, tensor<f64>) {
  // CHECK: modelc.constant dense<1.000000e+00> : tensor<4xf32>
  %0 = modelc.constant dense<1.0> : tensor<4xf32>
  // CHECK: modelc.constant dense<[1, 255]> : tensor<2xui8>
  %1 = modelc.constant dense<[1, 255]> : tensor<2xui8>
  // CHECK: modelc.constant dense<[true, false, true]> : tensor<3xi1>
  %2 = modelc.constant dense<[true, false, true]> : tensor<3xi1>
  // CHECK: modelc.constant dense<2.500000e+00> : tensor<f64>
  %3 = modelc.constant dense<2.5> : tensor<f64>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<2xui8>, tensor<3xi1>, tensor<f64>
}

// CHECK-LABEL: func @sparse_constant
func.func @sparse_constant() -> tensor<2x3xf32> {
  // CHECK: modelc.constant sparse<{{\[}}[0, 1], [1, 2]], [1.000000e+00, 2.000000e+00]> : tensor<2x3xf32>
  %0 = modelc.constant sparse<[[0, 1], [1, 2]], [1.0, 2.0]> : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<4xi1>)
func.func @unary(%x: tensor<2x3xf32>, %b: tensor<4xi1>) {
  // CHECK: modelc.abs %[[X]] : tensor<2x3xf32>
  %0 = modelc.abs %x : tensor<2x3xf32>
  // CHECK: modelc.ceil %[[X]] : tensor<2x3xf32>
  %1 = modelc.ceil %x : tensor<2x3xf32>
  // CHECK: modelc.cos %[[X]] : tensor<2x3xf32>
  %2 = modelc.cos %x : tensor<2x3xf32>
  // CHECK: modelc.erf %[[X]] : tensor<2x3xf32>
  %3 = modelc.erf %x : tensor<2x3xf32>
  // CHECK: modelc.exp %[[X]] : tensor<2x3xf32>
  %4 = modelc.exp %x : tensor<2x3xf32>
  // CHECK: modelc.floor %[[X]] : tensor<2x3xf32>
  %5 = modelc.floor %x : tensor<2x3xf32>
  // CHECK: modelc.identity %[[X]] : tensor<2x3xf32>
  %6 = modelc.identity %x : tensor<2x3xf32>
  // CHECK: modelc.log %[[X]] : tensor<2x3xf32>
  %7 = modelc.log %x : tensor<2x3xf32>
  // CHECK: modelc.neg %[[X]] : tensor<2x3xf32>
  %8 = modelc.neg %x : tensor<2x3xf32>
  // CHECK: modelc.not %[[B]] : tensor<4xi1>
  %9 = modelc.not %b : tensor<4xi1>
  // CHECK: modelc.reciprocal %[[X]] : tensor<2x3xf32>
  %10 = modelc.reciprocal %x : tensor<2x3xf32>
  // CHECK: modelc.relu %[[X]] : tensor<2x3xf32>
  %11 = modelc.relu %x : tensor<2x3xf32>
  // CHECK: modelc.round %[[X]] : tensor<2x3xf32>
  %12 = modelc.round %x : tensor<2x3xf32>
  // CHECK: modelc.sigmoid %[[X]] : tensor<2x3xf32>
  %13 = modelc.sigmoid %x : tensor<2x3xf32>
  // CHECK: modelc.sign %[[X]] : tensor<2x3xf32>
  %14 = modelc.sign %x : tensor<2x3xf32>
  // CHECK: modelc.sin %[[X]] : tensor<2x3xf32>
  %15 = modelc.sin %x : tensor<2x3xf32>
  // CHECK: modelc.softplus %[[X]] : tensor<2x3xf32>
  %16 = modelc.softplus %x : tensor<2x3xf32>
  // CHECK: modelc.softsign %[[X]] : tensor<2x3xf32>
  %17 = modelc.softsign %x : tensor<2x3xf32>
  // CHECK: modelc.sqrt %[[X]] : tensor<2x3xf32>
  %18 = modelc.sqrt %x : tensor<2x3xf32>
  // CHECK: modelc.tanh %[[X]] : tensor<2x3xf32>
  %19 = modelc.tanh %x : tensor<2x3xf32>
  // CHECK: modelc.hard_swish %[[X]] : tensor<2x3xf32>
  %20 = modelc.hard_swish %x : tensor<2x3xf32>
  return
}

// CHECK-LABEL: func @unary_with_attributes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
func.func @unary_with_attributes(%x: tensor<2x3xf32>) {
  // CHECK: modelc.leaky_relu %[[X]] {alpha = 2.000000e-01 : f32} : tensor<2x3xf32>
  %0 = modelc.leaky_relu %x {alpha = 0.2 : f32} : tensor<2x3xf32>
  // CHECK: modelc.leaky_relu %[[X]] : tensor<2x3xf32>
  %1 = modelc.leaky_relu %x : tensor<2x3xf32>
  // CHECK: modelc.elu %[[X]] {alpha = 5.000000e-01 : f32} : tensor<2x3xf32>
  %2 = modelc.elu %x {alpha = 0.5 : f32} : tensor<2x3xf32>
  // CHECK: modelc.selu %[[X]] {alpha = 2.000000e+00 : f32, gamma = 3.000000e+00 : f32} : tensor<2x3xf32>
  %3 = modelc.selu %x {alpha = 2.0 : f32, gamma = 3.0 : f32} : tensor<2x3xf32>
  // CHECK: modelc.hard_sigmoid %[[X]] {alpha = 2.500000e-01 : f32, beta = 7.500000e-01 : f32} : tensor<2x3xf32>
  %4 = modelc.hard_sigmoid %x {alpha = 0.25 : f32, beta = 0.75 : f32} : tensor<2x3xf32>
  return
}

// CHECK-LABEL: func @cast_clip
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[LO:.*]]: tensor<f32>, %[[HI:.*]]: tensor<f32>)
func.func @cast_clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) {
  // CHECK: modelc.cast %[[X]] : (tensor<4xf32>) -> tensor<4xi64>
  %0 = modelc.cast %x : (tensor<4xf32>) -> tensor<4xi64>
  // CHECK: modelc.cast %[[X]] : (tensor<4xf32>) -> tensor<4xui8>
  %1 = modelc.cast %x : (tensor<4xf32>) -> tensor<4xui8>
  // CHECK: modelc.clip %[[X]], %[[LO]], %[[HI]] {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %2 = modelc.clip %x, %lo, %hi {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: modelc.clip %[[X]], %[[HI]] {operandSegmentSizes = array<i32: 1, 0, 1>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %3 = modelc.clip %x, %hi {operandSegmentSizes = array<i32: 1, 0, 1>} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return
}

// CHECK-LABEL: func @binary
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[I:.*]]: tensor<4xi1>, %[[J:.*]]: tensor<4xi1>)
func.func @binary(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi1>, %j: tensor<4xi1>) {
  // CHECK: modelc.add %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = modelc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: modelc.sub %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %1 = modelc.sub %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: modelc.mul %[[B]], %[[A]] : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = modelc.mul %b, %a : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: modelc.div %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = modelc.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: modelc.max %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %4 = modelc.max %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: modelc.min %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %5 = modelc.min %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: modelc.prelu %[[A]], %[[B]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %6 = modelc.prelu %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: modelc.and %[[I]], %[[J]] : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %7 = modelc.and %i, %j : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // CHECK: modelc.or %[[I]], %[[J]] : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %8 = modelc.or %i, %j : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  // CHECK: modelc.xor %[[I]], %[[J]] : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %9 = modelc.xor %i, %j : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  return
}

// CHECK-LABEL: func @dynamic_broadcast
func.func @dynamic_broadcast(%a: tensor<?x3xf32>, %b: tensor<3xf32>) -> tensor<?x3xf32> {
  // CHECK: modelc.add %{{.*}}, %{{.*}} : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  %0 = modelc.add %a, %b : (tensor<?x3xf32>, tensor<3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// CHECK-LABEL: func @pow_compare_where
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[E:.*]]: tensor<i64>, %[[Y:.*]]: tensor<f32>, %[[C:.*]]: tensor<4xi1>)
func.func @pow_compare_where(%x: tensor<4xf32>, %e: tensor<i64>, %y: tensor<f32>, %c: tensor<4xi1>) {
  // CHECK: modelc.pow %[[X]], %[[E]] : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  %0 = modelc.pow %x, %e : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  // CHECK: modelc.equal %[[X]], %[[Y]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %1 = modelc.equal %x, %y : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  // CHECK: modelc.greater %[[X]], %[[Y]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %2 = modelc.greater %x, %y : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  // CHECK: modelc.greater_or_equal %[[X]], %[[Y]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %3 = modelc.greater_or_equal %x, %y : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  // CHECK: modelc.less %[[X]], %[[Y]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %4 = modelc.less %x, %y : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  // CHECK: modelc.less_or_equal %[[X]], %[[Y]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %5 = modelc.less_or_equal %x, %y : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  // CHECK: modelc.where %[[C]], %[[X]], %[[Y]] : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %6 = modelc.where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return
}

// CHECK-LABEL: func @more_unary
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[I:.*]]: tensor<5xi32>)
func.func @more_unary(%x: tensor<2x3xf32>, %i: tensor<5xi32>) {
  // CHECK: modelc.acos %[[X]] : tensor<2x3xf32>
  %0 = modelc.acos %x : tensor<2x3xf32>
  // CHECK: modelc.acosh %[[X]] : tensor<2x3xf32>
  %1 = modelc.acosh %x : tensor<2x3xf32>
  // CHECK: modelc.asin %[[X]] : tensor<2x3xf32>
  %2 = modelc.asin %x : tensor<2x3xf32>
  // CHECK: modelc.asinh %[[X]] : tensor<2x3xf32>
  %3 = modelc.asinh %x : tensor<2x3xf32>
  // CHECK: modelc.atan %[[X]] : tensor<2x3xf32>
  %4 = modelc.atan %x : tensor<2x3xf32>
  // CHECK: modelc.atanh %[[X]] : tensor<2x3xf32>
  %5 = modelc.atanh %x : tensor<2x3xf32>
  // CHECK: modelc.cosh %[[X]] : tensor<2x3xf32>
  %6 = modelc.cosh %x : tensor<2x3xf32>
  // CHECK: modelc.sinh %[[X]] : tensor<2x3xf32>
  %7 = modelc.sinh %x : tensor<2x3xf32>
  // CHECK: modelc.tan %[[X]] : tensor<2x3xf32>
  %8 = modelc.tan %x : tensor<2x3xf32>
  // CHECK: modelc.thresholded_relu %[[X]] {alpha = 2.000000e+00 : f32} : tensor<2x3xf32>
  %9 = modelc.thresholded_relu %x {alpha = 2.0 : f32} : tensor<2x3xf32>
  // CHECK: modelc.thresholded_relu %[[X]] : tensor<2x3xf32>
  %10 = modelc.thresholded_relu %x : tensor<2x3xf32>
  // CHECK: modelc.shrink %[[X]] {bias = 1.500000e+00 : f32, lambd = 2.500000e+00 : f32} : tensor<2x3xf32>
  %11 = modelc.shrink %x {bias = 1.5 : f32, lambd = 2.5 : f32} : tensor<2x3xf32>
  // CHECK: modelc.shrink %[[I]] : tensor<5xi32>
  %12 = modelc.shrink %i : tensor<5xi32>
  // CHECK: modelc.celu %[[X]] {alpha = 2.000000e+00 : f32} : tensor<2x3xf32>
  %13 = modelc.celu %x {alpha = 2.0 : f32} : tensor<2x3xf32>
  // CHECK: modelc.is_inf %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %14 = modelc.is_inf %x : (tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: modelc.is_inf %[[X]] {detect_negative = false} : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %15 = modelc.is_inf %x {detect_negative = false} : (tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: modelc.is_nan %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xi1>
  %16 = modelc.is_nan %x : (tensor<2x3xf32>) -> tensor<2x3xi1>
  return
}

// CHECK-LABEL: func @mod_bit_shift
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>, %[[I:.*]]: tensor<4xi32>, %[[U:.*]]: tensor<4xui8>, %[[S:.*]]: tensor<ui8>)
func.func @mod_bit_shift(%a: tensor<2x3xf32>, %b: tensor<3xf32>, %i: tensor<4xi32>, %u: tensor<4xui8>, %s: tensor<ui8>) {
  // CHECK: modelc.mod %[[A]], %[[B]] {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %0 = modelc.mod %a, %b {fmod = true} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: modelc.mod %[[I]], %[[I]] : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = modelc.mod %i, %i : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  // CHECK: modelc.bit_shift %[[U]], %[[S]] {direction = "LEFT"} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  %2 = modelc.bit_shift %u, %s {direction = "LEFT"} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  // CHECK: modelc.bit_shift %[[U]], %[[U]] {direction = "RIGHT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %3 = modelc.bit_shift %u, %u {direction = "RIGHT"} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return
}

// CHECK-LABEL: func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<8x2x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) {
  // CHECK: modelc.conv %[[X]], %[[W]], %[[B]] {activation = #modelc.activation<clip>, activation_beta = 6.000000e+00 : f32, dilations = array<i64: 2, 2>, group = 2 : i64, pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  %0 = modelc.conv %x, %w, %b {pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, group = 2 : i64, activation = #modelc.activation<clip>, activation_alpha = 0.0 : f32, activation_beta = 6.0 : f32} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  // No bias, default group and activation.
  // CHECK: modelc.conv %[[X]], %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x3x3xf32>
  %w2 = modelc.constant dense<1.0> : tensor<8x4x3x3xf32>
  %1 = modelc.conv %x, %w2 {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x3x3xf32>
  // A residual, with and without a bias.
  // CHECK: %[[R:.*]] = modelc.conv %[[X]], %[[W]], %[[B]] residual %{{.*}} {activation = #modelc.activation<relu>, {{.*}}} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %2 = modelc.conv %x, %w, %b residual %0 {pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, group = 2 : i64, activation = #modelc.activation<relu>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: modelc.conv %[[X]], %[[W]] residual %[[R]] {{.*}} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %3 = modelc.conv %x, %w residual %2 {pads = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return
}

// auto_pad where the pads depend on a dynamic size.
// CHECK-LABEL: func @conv_auto_pad
// CHECK: modelc.conv %{{.*}}, %{{.*}} {auto_pad = "SAME_LOWER", dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<?x4x?x?xf32>, tensor<8x4x3x3xf32>) -> tensor<?x8x?x?xf32>
// CHECK: modelc.max_pool %{{.*}} {auto_pad = "SAME_UPPER", dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<?x4x?x?xf32>) -> tensor<?x4x?x?xf32>
func.func @conv_auto_pad(%x: tensor<?x4x?x?xf32>, %w: tensor<8x4x3x3xf32>) {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, auto_pad = "SAME_LOWER"} : (tensor<?x4x?x?xf32>, tensor<8x4x3x3xf32>) -> tensor<?x8x?x?xf32>
  %1 = modelc.max_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, auto_pad = "SAME_UPPER"} : (tensor<?x4x?x?xf32>) -> tensor<?x4x?x?xf32>
  return
}

// CHECK-LABEL: func @pooling
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>)
func.func @pooling(%x: tensor<1x4x8x8xf32>) {
  // CHECK: modelc.max_pool %[[X]] {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  %0 = modelc.max_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  // CHECK: modelc.average_pool %[[X]] {count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  %1 = modelc.average_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, count_include_pad = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x5x5xf32>
  // CHECK: modelc.global_average_pool %[[X]] : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %2 = modelc.global_average_pool %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  // CHECK: modelc.global_max_pool %[[X]] : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  %3 = modelc.global_max_pool %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return
}

// CHECK-LABEL: func @normalization
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[C:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<2x8xf32>, %[[S:.*]]: tensor<8xf32>)
func.func @normalization(%x: tensor<1x4x8x8xf32>, %c: tensor<4xf32>, %y: tensor<2x8xf32>, %s: tensor<8xf32>) {
  // CHECK: modelc.batch_normalization %[[X]], %[[C]], %[[C]], %[[C]], %[[C]] {epsilon = 1.000000e-03 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %0 = modelc.batch_normalization %x, %c, %c, %c, %c {epsilon = 1.0e-03 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: modelc.layer_normalization %[[Y]], %[[S]], %[[S]] {axis = 1 : i64, epsilon = 1.000000e-03 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  %1:3 = modelc.layer_normalization %y, %s, %s {axis = 1 : i64, epsilon = 1.0e-03 : f32} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  // CHECK: modelc.layer_normalization %[[Y]], %[[S]] : (tensor<2x8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  %2:3 = modelc.layer_normalization %y, %s : (tensor<2x8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  // CHECK: modelc.softmax %[[Y]] {axis = 0 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %3 = modelc.softmax %y {axis = 0 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: modelc.log_softmax %[[Y]] : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %4 = modelc.log_softmax %y {axis = -1 : i64} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: modelc.instance_normalization %[[X]], %[[C]], %[[C]] {epsilon = 1.000000e-03 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %5 = modelc.instance_normalization %x, %c, %c {epsilon = 1.0e-03 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: modelc.lrn %[[X]] {alpha = 2.000000e-04 : f32, beta = 5.000000e-01 : f32, bias = 2.000000e+00 : f32, size = 3 : i64} : tensor<1x4x8x8xf32>
  %6 = modelc.lrn %x {size = 3 : i64, alpha = 2.0e-04 : f32, beta = 0.5 : f32, bias = 2.0 : f32} : tensor<1x4x8x8xf32>
  // CHECK: modelc.hardmax %[[Y]] {axis = 0 : i64} : tensor<2x8xf32>
  %7 = modelc.hardmax %y {axis = 0 : i64} : tensor<2x8xf32>
  return
}

// CHECK-LABEL: func @conv_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>, %[[W:.*]]: tensor<2x4x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x7x7xf32> {
  // CHECK: modelc.conv_transpose %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x7x7xf32>
  %0 = modelc.conv_transpose %x, %w, %b {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>, tensor<4xf32>) -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// CHECK-LABEL: func @matrix_products
// CHECK-SAME: (%[[A:.*]]: tensor<1x64xf32>, %[[B:.*]]: tensor<10x64xf32>, %[[C:.*]]: tensor<10xf32>, %[[X:.*]]: tensor<2x4x8xf32>, %[[Y:.*]]: tensor<8x16xf32>)
func.func @matrix_products(%a: tensor<1x64xf32>, %b: tensor<10x64xf32>, %c: tensor<10xf32>, %x: tensor<2x4x8xf32>, %y: tensor<8x16xf32>) {
  // CHECK: modelc.gemm %[[A]], %[[B]], %[[C]] {activation = #modelc.activation<leaky_relu>, activation_alpha = 1.000000e-01 : f32, alpha = 2.000000e+00 : f32, beta = 5.000000e-01 : f32, transB = true} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  %0 = modelc.gemm %a, %b, %c {alpha = 2.0 : f32, beta = 0.5 : f32, transB = true, activation = #modelc.activation<leaky_relu>, activation_alpha = 0.1 : f32} : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: modelc.gemm %[[B]], %[[B]] {transA = true} : (tensor<10x64xf32>, tensor<10x64xf32>) -> tensor<64x64xf32>
  %1 = modelc.gemm %b, %b {transA = true} : (tensor<10x64xf32>, tensor<10x64xf32>) -> tensor<64x64xf32>
  // CHECK: modelc.matmul %[[X]], %[[Y]] {activation = #modelc.activation<hard_sigmoid>, activation_alpha = 2.000000e-01 : f32, activation_beta = 5.000000e-01 : f32} : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  %2 = modelc.matmul %x, %y {activation = #modelc.activation<hard_sigmoid>, activation_alpha = 0.2 : f32, activation_beta = 0.5 : f32} : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  // CHECK: modelc.matmul %[[X]], %[[Y]] {activation = #modelc.activation<sigmoid>}
  %3 = modelc.matmul %x, %y {activation = #modelc.activation<sigmoid>} : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  // CHECK: modelc.matmul %[[X]], %[[Y]] {activation = #modelc.activation<tanh>}
  %4 = modelc.matmul %x, %y {activation = #modelc.activation<tanh>} : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  // CHECK: modelc.matmul %[[X]], %[[Y]] {activation = #modelc.activation<relu>}
  %5 = modelc.matmul %x, %y {activation = #modelc.activation<relu>} : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  // CHECK: modelc.matmul %[[X]], %[[Y]] : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  %6 = modelc.matmul %x, %y {activation = #modelc.activation<none>} : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  // Fused bias, residual and the activations exporters write as several ops.
  // CHECK: %[[M:.*]] = modelc.matmul %[[X]], %[[Y]] bias %{{.*}} {activation = #modelc.activation<gelu_erf>} : (tensor<2x4x8xf32>, tensor<8x16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  %bias = modelc.constant dense<1.0> : tensor<16xf32>
  %7 = modelc.matmul %x, %y bias %bias {activation = #modelc.activation<gelu_erf>} : (tensor<2x4x8xf32>, tensor<8x16xf32>, tensor<16xf32>) -> tensor<2x4x16xf32>
  // CHECK: modelc.matmul %[[X]], %[[Y]] residual %[[M]] {activation = #modelc.activation<gelu_tanh>}
  %8 = modelc.matmul %x, %y residual %7 {activation = #modelc.activation<gelu_tanh>} : (tensor<2x4x8xf32>, tensor<8x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  // CHECK: modelc.matmul %[[X]], %[[Y]] bias %{{.*}} residual %[[M]] {activation = #modelc.activation<silu>}
  %9 = modelc.matmul %x, %y bias %bias residual %7 {activation = #modelc.activation<silu>} : (tensor<2x4x8xf32>, tensor<8x16xf32>, tensor<16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  // CHECK: modelc.matmul %[[X]], %[[Y]] {activation = #modelc.activation<hard_swish>}
  %10 = modelc.matmul %x, %y {activation = #modelc.activation<hard_swish>} : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<2x4x16xf32>
  return
}

// CHECK-LABEL: func @reductions
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
func.func @reductions(%x: tensor<2x8xf32>) {
  // CHECK: modelc.reduce_max %[[X]] {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %0 = modelc.reduce_max %x {axes = array<i64: 1>, keepdims = true} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  // CHECK: modelc.reduce_mean %[[X]] {axes = array<i64: -1>, keepdims = false} : (tensor<2x8xf32>) -> tensor<2xf32>
  %1 = modelc.reduce_mean %x {axes = array<i64: -1>, keepdims = false} : (tensor<2x8xf32>) -> tensor<2xf32>
  // CHECK: modelc.reduce_min %[[X]] {axes = array<i64>} : (tensor<2x8xf32>) -> tensor<1x1xf32>
  %2 = modelc.reduce_min %x {axes = array<i64>} : (tensor<2x8xf32>) -> tensor<1x1xf32>
  // CHECK: modelc.reduce_prod %[[X]] {axes = array<i64>, noop_with_empty_axes = true} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %3 = modelc.reduce_prod %x {axes = array<i64>, noop_with_empty_axes = true} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: modelc.reduce_sum %[[X]] {axes = array<i64: 0, 1>, keepdims = false} : (tensor<2x8xf32>) -> tensor<f32>
  %4 = modelc.reduce_sum %x {axes = array<i64: 0, 1>, keepdims = false} : (tensor<2x8xf32>) -> tensor<f32>
  // CHECK: modelc.reduce_sum %[[X]], %{{.*}} {axes = array<i64>, keepdims = false} : (tensor<2x8xf32>, tensor<1xi64>) -> tensor<2xf32>
  %axes = arith.constant dense<1> : tensor<1xi64>
  %r = modelc.reduce_sum %x, %axes {axes = array<i64>, keepdims = false} : (tensor<2x8xf32>, tensor<1xi64>) -> tensor<2xf32>
  // CHECK: modelc.reduce_sum_square %[[X]] {axes = array<i64: 0>} : (tensor<2x8xf32>) -> tensor<1x8xf32>
  %5 = modelc.reduce_sum_square %x {axes = array<i64: 0>} : (tensor<2x8xf32>) -> tensor<1x8xf32>
  // CHECK: modelc.reduce_l1 %[[X]] {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %6 = modelc.reduce_l1 %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  // CHECK: modelc.reduce_l2 %[[X]] {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %7 = modelc.reduce_l2 %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  // CHECK: modelc.reduce_log_sum %[[X]] {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %8 = modelc.reduce_log_sum %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  // CHECK: modelc.reduce_log_sum_exp %[[X]] {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  %9 = modelc.reduce_log_sum_exp %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  // CHECK: modelc.arg_max %[[X]] {axis = 1 : i64} : (tensor<2x8xf32>) -> tensor<2x1xi64>
  %10 = modelc.arg_max %x {axis = 1 : i64, keepdims = true} : (tensor<2x8xf32>) -> tensor<2x1xi64>
  // CHECK: modelc.arg_min %[[X]] {keepdims = false, select_last_index = true} : (tensor<2x8xf32>) -> tensor<8xi64>
  %11 = modelc.arg_min %x {axis = 0 : i64, keepdims = false, select_last_index = true} : (tensor<2x8xf32>) -> tensor<8xi64>
  return
}

// CHECK-LABEL: func @reshapes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<1xi64>, %[[Y:.*]]: tensor<1x8x2x2xf32>)
func.func @reshapes(%x: tensor<2x3xf32>, %s: tensor<1xi64>, %y: tensor<1x8x2x2xf32>) {
  // CHECK: modelc.reshape %[[X]], %[[S]] : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  %0 = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  // CHECK: modelc.reshape %[[X]], %[[S]] {allowzero = true} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  %1 = modelc.reshape %x, %s {allowzero = true} : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  // CHECK: modelc.flatten %[[Y]] {axis = 2 : i64} : (tensor<1x8x2x2xf32>) -> tensor<8x4xf32>
  %2 = modelc.flatten %y {axis = 2 : i64} : (tensor<1x8x2x2xf32>) -> tensor<8x4xf32>
  // CHECK: modelc.flatten %[[Y]] : (tensor<1x8x2x2xf32>) -> tensor<1x32xf32>
  %3 = modelc.flatten %y {axis = 1 : i64} : (tensor<1x8x2x2xf32>) -> tensor<1x32xf32>
  // CHECK: modelc.squeeze %[[Y]] {axes = array<i64: 0>} : (tensor<1x8x2x2xf32>) -> tensor<8x2x2xf32>
  %4 = modelc.squeeze %y {axes = array<i64: 0>} : (tensor<1x8x2x2xf32>) -> tensor<8x2x2xf32>
  // CHECK: modelc.unsqueeze %[[X]] {axes = array<i64: 0, 3>} : (tensor<2x3xf32>) -> tensor<1x2x3x1xf32>
  %5 = modelc.unsqueeze %x {axes = array<i64: 0, 3>} : (tensor<2x3xf32>) -> tensor<1x2x3x1xf32>
  // CHECK: modelc.transpose %[[X]] {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %6 = modelc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// CHECK-LABEL: func @data_movement
// CHECK-SAME: (%[[A:.*]]: tensor<1x2xf32>, %[[B:.*]]: tensor<1x3xf32>, %[[I:.*]]: tensor<2xi64>, %[[J:.*]]: tensor<1xi32>)
func.func @data_movement(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>, %i: tensor<2xi64>, %j: tensor<1xi32>) {
  // CHECK: %[[CAT:.*]] = modelc.concat %[[A]], %[[B]] {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
  %0 = modelc.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
  // CHECK: %{{.*}}:2 = modelc.split %[[CAT]] {axis = -1 : i64, sizes = array<i64: 2, 3>} : (tensor<1x5xf32>) -> (tensor<1x2xf32>, tensor<1x3xf32>)
  %1:2 = modelc.split %0 {axis = -1 : i64, sizes = array<i64: 2, 3>} : (tensor<1x5xf32>) -> (tensor<1x2xf32>, tensor<1x3xf32>)
  // CHECK: modelc.slice %[[CAT]], %[[J]], %[[J]], %[[J]], %[[J]] : (tensor<1x5xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<1x2xf32>
  %2 = modelc.slice %0, %j, %j, %j, %j : (tensor<1x5xf32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>, tensor<1xi32>) -> tensor<1x2xf32>
  // CHECK: modelc.gather %[[CAT]], %[[I]] {axis = 1 : i64} : (tensor<1x5xf32>, tensor<2xi64>) -> tensor<1x2xf32>
  %3 = modelc.gather %0, %i {axis = 1 : i64} : (tensor<1x5xf32>, tensor<2xi64>) -> tensor<1x2xf32>
  // CHECK: modelc.gather %[[CAT]], %[[J]] : (tensor<1x5xf32>, tensor<1xi32>) -> tensor<1x5xf32>
  %4 = modelc.gather %0, %j : (tensor<1x5xf32>, tensor<1xi32>) -> tensor<1x5xf32>
  // CHECK: modelc.shape %[[CAT]] : (tensor<1x5xf32>) -> tensor<2xi64>
  %5 = modelc.shape %0 : (tensor<1x5xf32>) -> tensor<2xi64>
  // CHECK: modelc.shape %[[CAT]] {end = 2 : i64, start = -1 : i64} : (tensor<1x5xf32>) -> tensor<1xi64>
  %6 = modelc.shape %0 {start = -1 : i64, end = 2 : i64} : (tensor<1x5xf32>) -> tensor<1xi64>
  // CHECK: modelc.expand %[[A]], %[[I]] : (tensor<1x2xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  %7 = modelc.expand %a, %i : (tensor<1x2xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  // CHECK: modelc.constant_of_shape %[[I]] {value = dense<0.000000e+00> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<2x3xf32>
  %8 = modelc.constant_of_shape %i {value = dense<0.0> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<2x3xf32>
  return
}

// CHECK-LABEL: func @pad_tile_range
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf32>, %[[P:.*]]: tensor<4xi64>, %[[V:.*]]: tensor<f32>, %[[R:.*]]: tensor<2xi64>, %[[S:.*]]: tensor<i64>)
func.func @pad_tile_range(%x: tensor<2x2xf32>, %p: tensor<4xi64>, %v: tensor<f32>, %r: tensor<2xi64>, %s: tensor<i64>) {
  // CHECK: modelc.pad %[[X]], %[[P]], %[[V]] : (tensor<2x2xf32>, tensor<4xi64>, tensor<f32>) -> tensor<4x4xf32>
  %0 = modelc.pad %x, %p, %v {mode = "constant"} : (tensor<2x2xf32>, tensor<4xi64>, tensor<f32>) -> tensor<4x4xf32>
  // CHECK: modelc.pad %[[X]], %[[P]] {mode = "reflect"} : (tensor<2x2xf32>, tensor<4xi64>) -> tensor<3x3xf32>
  %1 = modelc.pad %x, %p {mode = "reflect"} : (tensor<2x2xf32>, tensor<4xi64>) -> tensor<3x3xf32>
  // CHECK: modelc.tile %[[X]], %[[R]] : (tensor<2x2xf32>, tensor<2xi64>) -> tensor<4x2xf32>
  %2 = modelc.tile %x, %r : (tensor<2x2xf32>, tensor<2xi64>) -> tensor<4x2xf32>
  // CHECK: modelc.range %[[S]], %[[S]], %[[S]] : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
  %3 = modelc.range %s, %s, %s : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
  return
}

// CHECK-LABEL: func @indexing
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<3x2xi64>, %[[J:.*]]: tensor<2x1xi32>, %[[U:.*]]: tensor<3x2xf32>, %[[V:.*]]: tensor<2x4xf32>, %[[K:.*]]: tensor<i64>, %[[C:.*]]: tensor<2xi64>, %[[B:.*]]: tensor<3x1xi64>)
func.func @indexing(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>, %j: tensor<2x1xi32>, %u: tensor<3x2xf32>, %v: tensor<2x4xf32>, %k: tensor<i64>, %c: tensor<2xi64>, %b: tensor<3x1xi64>) {
  // CHECK: modelc.gather_elements %[[X]], %[[I]] {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  %0 = modelc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  // CHECK: modelc.gather_nd %[[X]], %[[J]] : (tensor<3x4xf32>, tensor<2x1xi32>) -> tensor<2x4xf32>
  %1 = modelc.gather_nd %x, %j : (tensor<3x4xf32>, tensor<2x1xi32>) -> tensor<2x4xf32>
  // CHECK: modelc.gather_nd %[[X]], %[[B]] {batch_dims = 1 : i64} : (tensor<3x4xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  %2 = modelc.gather_nd %x, %b {batch_dims = 1 : i64} : (tensor<3x4xf32>, tensor<3x1xi64>) -> tensor<3xf32>
  // CHECK: modelc.scatter_elements %[[X]], %[[I]], %[[U]] {axis = -1 : i64, reduction = "add"} : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
  %3 = modelc.scatter_elements %x, %i, %u {axis = -1 : i64, reduction = "add"} : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
  // CHECK: modelc.scatter_elements %[[X]], %[[I]], %[[U]] : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
  %4 = modelc.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "none"} : (tensor<3x4xf32>, tensor<3x2xi64>, tensor<3x2xf32>) -> tensor<3x4xf32>
  // CHECK: modelc.scatter_nd %[[X]], %[[J]], %[[V]] {reduction = "max"} : (tensor<3x4xf32>, tensor<2x1xi32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  %5 = modelc.scatter_nd %x, %j, %v {reduction = "max"} : (tensor<3x4xf32>, tensor<2x1xi32>, tensor<2x4xf32>) -> tensor<3x4xf32>
  // CHECK: modelc.trilu %[[X]], %[[K]] {upper = false} : (tensor<3x4xf32>, tensor<i64>) -> tensor<3x4xf32>
  %6 = modelc.trilu %x, %k {upper = false} : (tensor<3x4xf32>, tensor<i64>) -> tensor<3x4xf32>
  // CHECK: modelc.trilu %[[X]] : (tensor<3x4xf32>) -> tensor<3x4xf32>
  %7 = modelc.trilu %x {upper = true} : (tensor<3x4xf32>) -> tensor<3x4xf32>
  // CHECK: modelc.cumsum %[[X]], %[[K]] {exclusive = true, reverse = true} : (tensor<3x4xf32>, tensor<i64>) -> tensor<3x4xf32>
  %8 = modelc.cumsum %x, %k {exclusive = true, reverse = true} : (tensor<3x4xf32>, tensor<i64>) -> tensor<3x4xf32>
  // CHECK: modelc.one_hot %[[I]], %[[K]], %[[C]] {axis = 1 : i64} : (tensor<3x2xi64>, tensor<i64>, tensor<2xi64>) -> tensor<3x5x2xi64>
  %9 = modelc.one_hot %i, %k, %c {axis = 1 : i64} : (tensor<3x2xi64>, tensor<i64>, tensor<2xi64>) -> tensor<3x5x2xi64>
  // CHECK: modelc.eye_like %[[X]] {k = -1 : i64} : (tensor<3x4xf32>) -> tensor<3x4xi1>
  %10 = modelc.eye_like %x {k = -1 : i64} : (tensor<3x4xf32>) -> tensor<3x4xi1>
  // CHECK: modelc.size %[[X]] : (tensor<3x4xf32>) -> tensor<i64>
  %11 = modelc.size %x : (tensor<3x4xf32>) -> tensor<i64>
  return
}

// CHECK-LABEL: func @blocks_top_k
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x2x3xf32>, %[[Y:.*]]: tensor<1x2x4x6xf32>, %[[K:.*]]: tensor<1xi64>)
func.func @blocks_top_k(%x: tensor<1x8x2x3xf32>, %y: tensor<1x2x4x6xf32>, %k: tensor<1xi64>) {
  // CHECK: modelc.depth_to_space %[[X]] {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  %0 = modelc.depth_to_space %x {blocksize = 2 : i64, mode = "DCR"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  // CHECK: modelc.depth_to_space %[[X]] {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  %1 = modelc.depth_to_space %x {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  // CHECK: modelc.space_to_depth %[[Y]] {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  %2 = modelc.space_to_depth %y {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  // CHECK: %{{.*}}, %{{.*}} = modelc.top_k %[[X]], %[[K]] {axis = 1 : i64} : (tensor<1x8x2x3xf32>, tensor<1xi64>) -> (tensor<1x3x2x3xf32>, tensor<1x3x2x3xi64>)
  %3:2 = modelc.top_k %x, %k {axis = 1 : i64} : (tensor<1x8x2x3xf32>, tensor<1xi64>) -> (tensor<1x3x2x3xf32>, tensor<1x3x2x3xi64>)
  // CHECK: modelc.top_k %[[X]], %[[K]] {largest = false, sorted = false} : (tensor<1x8x2x3xf32>, tensor<1xi64>) -> (tensor<1x8x2x1xf32>, tensor<1x8x2x1xi64>)
  %4:2 = modelc.top_k %x, %k {axis = -1 : i64, largest = false, sorted = false} : (tensor<1x8x2x3xf32>, tensor<1xi64>) -> (tensor<1x8x2x1xf32>, tensor<1x8x2x1xi64>)
  return
}

// Quantized element types are allowed on the ops that take any tensor.
// CHECK-LABEL: func @quantized
func.func @quantized(%x: tensor<4x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<4x!quant.uniform<i8:f32, 0.5:3>> {
  // CHECK: modelc.relu %{{.*}} : tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>>
  %0 = modelc.relu %x : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
}

// CHECK-LABEL: func @einsum
// CHECK-SAME: (%[[A:.*]]: tensor<5x2x3xf32>, %[[B:.*]]: tensor<5x3x4xf32>)
func.func @einsum(%a: tensor<5x2x3xf32>, %b: tensor<5x3x4xf32>) -> tensor<5x2x4xf32> {
  // CHECK: modelc.einsum %[[A]], %[[B]] {equation = "bij, bjk -> bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  %0 = modelc.einsum %a, %b {equation = "bij, bjk -> bik"} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
  return %0 : tensor<5x2x4xf32>
}

// CHECK-LABEL: func @det
func.func @det(%x: tensor<3x4x4xf32>) -> tensor<3xf32> {
  // CHECK: modelc.det %{{.*}} : (tensor<3x4x4xf32>) -> tensor<3xf32>
  %0 = modelc.det %x : (tensor<3x4x4xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// Recurrent ops: optional operands are introduced by keywords; default
// attributes (direction = "forward", linear_before_reset = false,
// input_forget = false) are elided.
// CHECK-LABEL: func @recurrent
// CHECK-SAME: (%[[X:.*]]: tensor<3x2x5xf32>, %[[W:.*]]: tensor<2x4x5xf32>, %[[R:.*]]: tensor<2x4x4xf32>, %[[B:.*]]: tensor<2x8xf32>, %[[L:.*]]: tensor<2xi32>, %[[H:.*]]: tensor<2x2x4xf32>, %[[GW:.*]]: tensor<1x12x5xf32>, %[[GR:.*]]: tensor<1x12x4xf32>, %[[LW:.*]]: tensor<1x16x5xf32>, %[[LR:.*]]: tensor<1x16x4xf32>, %[[LH:.*]]: tensor<1x2x4xf32>, %[[P:.*]]: tensor<1x12xf32>)
func.func @recurrent(%x: tensor<3x2x5xf32>, %w: tensor<2x4x5xf32>, %r: tensor<2x4x4xf32>, %b: tensor<2x8xf32>, %lens: tensor<2xi32>, %h: tensor<2x2x4xf32>, %gw: tensor<1x12x5xf32>, %gr: tensor<1x12x4xf32>, %lw: tensor<1x16x5xf32>, %lr: tensor<1x16x4xf32>, %lh: tensor<1x2x4xf32>, %p: tensor<1x12xf32>) {
  // CHECK: modelc.rnn %[[X]], %[[W]], %[[R]] bias %[[B]] sequence_lens %[[L]] initial_h %[[H]] {activation_alpha = array<f32: 0.000000e+00, 1.000000e-01>, activation_beta = array<f32: 0.000000e+00, 0.000000e+00>, activations = ["Relu", "LeakyRelu"], clip = 2.000000e+00 : f32, direction = "bidirectional", hidden_size = 4 : i64} : (tensor<3x2x5xf32>, tensor<2x4x5xf32>, tensor<2x4x4xf32>, tensor<2x8xf32>, tensor<2xi32>, tensor<2x2x4xf32>) -> (tensor<3x2x2x4xf32>, tensor<2x2x4xf32>)
  %0:2 = modelc.rnn %x, %w, %r bias %b sequence_lens %lens initial_h %h {hidden_size = 4 : i64, direction = "bidirectional", activations = ["Relu", "LeakyRelu"], activation_alpha = array<f32: 0.0, 0.1>, activation_beta = array<f32: 0.0, 0.0>, clip = 2.0 : f32} : (tensor<3x2x5xf32>, tensor<2x4x5xf32>, tensor<2x4x4xf32>, tensor<2x8xf32>, tensor<2xi32>, tensor<2x2x4xf32>) -> (tensor<3x2x2x4xf32>, tensor<2x2x4xf32>)
  // CHECK: modelc.gru %[[X]], %[[GW]], %[[GR]] {direction = "reverse", hidden_size = 4 : i64, linear_before_reset = true} : (tensor<3x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  %1:2 = modelc.gru %x, %gw, %gr {hidden_size = 4 : i64, direction = "reverse", linear_before_reset = true} : (tensor<3x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  // CHECK: modelc.gru %[[X]], %[[GW]], %[[GR]] {hidden_size = 4 : i64} :
  %2:2 = modelc.gru %x, %gw, %gr {hidden_size = 4 : i64, direction = "forward", linear_before_reset = false} : (tensor<3x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  // CHECK: modelc.lstm %[[X]], %[[LW]], %[[LR]] initial_h %[[LH]] initial_c %[[LH]] peepholes %[[P]] {hidden_size = 4 : i64, input_forget = true} : (tensor<3x2x5xf32>, tensor<1x16x5xf32>, tensor<1x16x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  %3:3 = modelc.lstm %x, %lw, %lr initial_h %lh initial_c %lh peepholes %p {hidden_size = 4 : i64, input_forget = true} : (tensor<3x2x5xf32>, tensor<1x16x5xf32>, tensor<1x16x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x12xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// CHECK-LABEL: func @resize
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x4xf32>, %[[S:.*]]: tensor<4xf32>, %[[R:.*]]: tensor<8xf32>)
func.func @resize(%x: tensor<1x1x2x4xf32>, %s: tensor<4xf32>, %r: tensor<8xf32>) {
  // CHECK: modelc.resize %[[X]] : (tensor<1x1x2x4xf32>) -> tensor<1x1x4x8xf32>
  %0 = modelc.resize %x {mode = "nearest", coordinate_transformation_mode = "half_pixel"} : (tensor<1x1x2x4xf32>) -> tensor<1x1x4x8xf32>
  // CHECK: modelc.resize %[[X]] scales %[[S]] {mode = "linear"} : (tensor<1x1x2x4xf32>, tensor<4xf32>) -> tensor<1x1x1x2xf32>
  %1 = modelc.resize %x scales %s {mode = "linear"} : (tensor<1x1x2x4xf32>, tensor<4xf32>) -> tensor<1x1x1x2xf32>
  // CHECK: modelc.resize %[[X]] roi %[[R]] {coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 1.000000e+01 : f32, mode = "linear"} : (tensor<1x1x2x4xf32>, tensor<8xf32>) -> tensor<1x1x3x3xf32>
  %2 = modelc.resize %x roi %r {mode = "linear", coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 10.0 : f32} : (tensor<1x1x2x4xf32>, tensor<8xf32>) -> tensor<1x1x3x3xf32>
  // CHECK: modelc.resize %[[X]] scales %[[S]] roi %[[R]] {coordinate_transformation_mode = "tf_crop_and_resize", cubic_coeff_a = -5.000000e-01 : f32, exclude_outside = true, mode = "cubic"} : (tensor<1x1x2x4xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x1x4x8xf32>
  %3 = modelc.resize %x scales %s roi %r {mode = "cubic", coordinate_transformation_mode = "tf_crop_and_resize", cubic_coeff_a = -0.5 : f32, exclude_outside = true} : (tensor<1x1x2x4xf32>, tensor<4xf32>, tensor<8xf32>) -> tensor<1x1x4x8xf32>
  // CHECK: modelc.resize %[[X]] {coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"} : (tensor<1x1x2x4xf32>) -> tensor<1x1x4x12xf32>
  %4 = modelc.resize %x {coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"} : (tensor<1x1x2x4xf32>) -> tensor<1x1x4x12xf32>
  return
}

// Sizes read at run time give the dynamic result dimensions.
// CHECK-LABEL: func @resize_sizes
// CHECK: modelc.resize %{{.*}} sizes %{{.*}} {mode = "linear"} : (tensor<?x3x4xf32>, tensor<3xi64>) -> tensor<?x3x?xf32>
func.func @resize_sizes(%x: tensor<?x3x4xf32>, %s: tensor<3xi64>) -> tensor<?x3x?xf32> {
  %0 = modelc.resize %x sizes %s {mode = "linear"} : (tensor<?x3x4xf32>, tensor<3xi64>) -> tensor<?x3x?xf32>
  return %0 : tensor<?x3x?xf32>
}

// CHECK-LABEL: func @max_unpool
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x2xf32>, %[[I:.*]]: tensor<1x2x2x2xi64>)
func.func @max_unpool(%x: tensor<1x2x2x2xf32>, %i: tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32> {
  // CHECK: modelc.max_unpool %[[X]], %[[I]] {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32>
  %0 = modelc.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xi64>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// GridSample and RoiAlign: default attributes (bilinear, zeros, no
// align_corners; avg, half_pixel, sampling_ratio 0, spatial_scale 1) are
// elided.
// CHECK-LABEL: func @sampling
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[G:.*]]: tensor<2x4x5x2xf32>, %[[R:.*]]: tensor<6x4xf32>, %[[B:.*]]: tensor<6xi64>)
func.func @sampling(%x: tensor<2x3x8x8xf32>, %g: tensor<2x4x5x2xf32>, %r: tensor<6x4xf32>, %b: tensor<6xi64>) {
  // CHECK: modelc.grid_sample %[[X]], %[[G]] : (tensor<2x3x8x8xf32>, tensor<2x4x5x2xf32>) -> tensor<2x3x4x5xf32>
  %0 = modelc.grid_sample %x, %g {mode = "bilinear", padding_mode = "zeros", align_corners = false} : (tensor<2x3x8x8xf32>, tensor<2x4x5x2xf32>) -> tensor<2x3x4x5xf32>
  // CHECK: modelc.grid_sample %[[X]], %[[G]] {align_corners = true, mode = "bicubic", padding_mode = "reflection"} : (tensor<2x3x8x8xf32>, tensor<2x4x5x2xf32>) -> tensor<2x3x4x5xf32>
  %1 = modelc.grid_sample %x, %g {mode = "bicubic", padding_mode = "reflection", align_corners = true} : (tensor<2x3x8x8xf32>, tensor<2x4x5x2xf32>) -> tensor<2x3x4x5xf32>
  // CHECK: modelc.roi_align %[[X]], %[[R]], %[[B]] : (tensor<2x3x8x8xf32>, tensor<6x4xf32>, tensor<6xi64>) -> tensor<6x3x2x2xf32>
  %2 = modelc.roi_align %x, %r, %b : (tensor<2x3x8x8xf32>, tensor<6x4xf32>, tensor<6xi64>) -> tensor<6x3x2x2xf32>
  // CHECK: modelc.roi_align %[[X]], %[[R]], %[[B]] {coordinate_transformation_mode = "output_half_pixel", mode = "max", sampling_ratio = 2 : i64, spatial_scale = 5.000000e-01 : f32} : (tensor<2x3x8x8xf32>, tensor<6x4xf32>, tensor<6xi64>) -> tensor<6x3x5x4xf32>
  %3 = modelc.roi_align %x, %r, %b {mode = "max", coordinate_transformation_mode = "output_half_pixel", sampling_ratio = 2 : i64, spatial_scale = 0.5 : f32} : (tensor<2x3x8x8xf32>, tensor<6x4xf32>, tensor<6xi64>) -> tensor<6x3x5x4xf32>
  return
}

// Signal processing: DFT's length and the sizes that run-time scalars
// decide (dynamic dimensions).
// CHECK-LABEL: func @signal
// CHECK-SAME: (%[[X:.*]]: tensor<1x16x3x1xf32>, %[[C:.*]]: tensor<2x10x2xf32>, %[[S:.*]]: tensor<i64>, %[[W:.*]]: tensor<8xf32>, %[[N:.*]]: tensor<i32>, %[[F:.*]]: tensor<f32>)
func.func @signal(%x: tensor<1x16x3x1xf32>, %c: tensor<2x10x2xf32>, %s: tensor<i64>, %w: tensor<8xf32>, %n: tensor<i32>, %f: tensor<f32>) {
  // CHECK: modelc.dft %[[X]] {axis = 1 : i64, onesided = true} : (tensor<1x16x3x1xf32>) -> tensor<1x9x3x2xf32>
  %0 = modelc.dft %x {axis = 1 : i64, onesided = true} : (tensor<1x16x3x1xf32>) -> tensor<1x9x3x2xf32>
  // CHECK: modelc.dft %[[C]] {axis = 1 : i64, dft_length = 12 : i64, inverse = true} : (tensor<2x10x2xf32>) -> tensor<2x12x2xf32>
  %1 = modelc.dft %c {axis = 1 : i64, dft_length = 12 : i64, inverse = true} : (tensor<2x10x2xf32>) -> tensor<2x12x2xf32>
  // CHECK: modelc.stft %[[C]] step %[[S]] window %[[W]] : (tensor<2x10x2xf32>, tensor<i64>, tensor<8xf32>) -> tensor<2x?x5x2xf32>
  %2 = modelc.stft %c step %s window %w : (tensor<2x10x2xf32>, tensor<i64>, tensor<8xf32>) -> tensor<2x?x5x2xf32>
  // CHECK: modelc.stft %[[C]] step %[[S]] length %[[S]] {onesided = false} : (tensor<2x10x2xf32>, tensor<i64>, tensor<i64>) -> tensor<2x?x?x2xf32>
  %3 = modelc.stft %c step %s length %s {onesided = false} : (tensor<2x10x2xf32>, tensor<i64>, tensor<i64>) -> tensor<2x?x?x2xf32>
  // CHECK: modelc.hann_window %[[N]] : (tensor<i32>) -> tensor<?xf32>
  %4 = modelc.hann_window %n : (tensor<i32>) -> tensor<?xf32>
  // CHECK: modelc.hamming_window %[[N]] {periodic = false} : (tensor<i32>) -> tensor<10xf64>
  %5 = modelc.hamming_window %n {periodic = false} : (tensor<i32>) -> tensor<10xf64>
  // CHECK: modelc.blackman_window %[[S]] : (tensor<i64>) -> tensor<4xf32>
  %6 = modelc.blackman_window %s : (tensor<i64>) -> tensor<4xf32>
  // CHECK: modelc.mel_weight_matrix %[[N]], %[[N]], %[[N]], %[[F]], %[[F]] : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  %7 = modelc.mel_weight_matrix %n, %n, %n, %f, %f : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  return
}

// CHECK-LABEL: func @tfidf_vectorizer
func.func @tfidf_vectorizer(%x: tensor<2x6xi32>, %y: tensor<?xi64>) -> (tensor<2x3xf32>, tensor<2xf32>) {
  // CHECK: modelc.tfidf_vectorizer %{{.*}} {max_gram_length = 2 : i64, max_skip_count = 1 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0, 2>, ngram_indexes = array<i64: 0, 1, 2>, pool = array<i64: 4, 5, 4, 5>} : (tensor<2x6xi32>) -> tensor<2x3xf32>
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 2 : i64, max_skip_count = 1 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0, 2>, ngram_indexes = array<i64: 0, 1, 2>, pool = array<i64: 4, 5, 4, 5>} : (tensor<2x6xi32>) -> tensor<2x3xf32>
  // CHECK: modelc.tfidf_vectorizer %{{.*}} {{{.*}}mode = "TFIDF"{{.*}}weights = array<f32: 5.000000e-01, 2.000000e+00>} : (tensor<?xi64>) -> tensor<2xf32>
  %1 = modelc.tfidf_vectorizer %y {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TFIDF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 1, 0>, pool = array<i64: 7, 8>, weights = array<f32: 0.5, 2.0>} : (tensor<?xi64>) -> tensor<2xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2xf32>
}

// CHECK-LABEL: func @selection
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>, %[[C:.*]]: tensor<3xi1>, %[[OK:.*]]: i1,
func.func @selection(%x: tensor<3x2xf32>, %c: tensor<3xi1>, %ok: i1, %boxes: tensor<1x6x4xf32>, %scores: tensor<1x2x6xf32>, %max: tensor<1xi64>, %iou: tensor<1xf32>) {
  // CHECK: modelc.non_zero %[[X]] : (tensor<3x2xf32>) -> tensor<2x?xi64>
  %0 = modelc.non_zero %x : (tensor<3x2xf32>) -> tensor<2x?xi64>
  // CHECK: modelc.non_zero %[[X]] : (tensor<3x2xf32>) -> tensor<2x4xi64>
  %1 = modelc.non_zero %x : (tensor<3x2xf32>) -> tensor<2x4xi64>
  // CHECK: modelc.compress %[[X]], %[[C]] {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<?x2xf32>
  %2 = modelc.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<?x2xf32>
  // CHECK: modelc.compress %[[X]], %[[C]] : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<2xf32>
  %3 = modelc.compress %x, %c : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<2xf32>
  // CHECK: modelc.unique %[[X]] {axis = 0 : i64} : (tensor<3x2xf32>) -> (tensor<?x2xf32>, tensor<?xi64>, tensor<3xi64>, tensor<?xi64>)
  %4:4 = modelc.unique %x {axis = 0 : i64} : (tensor<3x2xf32>) -> (tensor<?x2xf32>, tensor<?xi64>, tensor<3xi64>, tensor<?xi64>)
  // CHECK: modelc.unique %[[X]] {sorted = false} : (tensor<3x2xf32>) -> (tensor<4xf32>, tensor<4xi64>, tensor<6xi64>, tensor<4xi64>)
  %5:4 = modelc.unique %x {sorted = false} : (tensor<3x2xf32>) -> (tensor<4xf32>, tensor<4xi64>, tensor<6xi64>, tensor<4xi64>)
  // CHECK: modelc.non_max_suppression %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {center_point_box = true, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>) -> tensor<?x3xi64>
  %6 = modelc.non_max_suppression %boxes, %scores, %max, %iou {center_point_box = true, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>) -> tensor<?x3xi64>
  // CHECK: modelc.check %[[OK]], "sizes agree"
  modelc.check %ok, "sizes agree"
  // CHECK: modelc.check %[[OK]], "strings fit" {status = 6 : i32}
  modelc.check %ok, "strings fit" {status = 6 : i32}
  // The default status is elided.
  // CHECK: modelc.check %[[OK]], "sizes agree again"{{$}}
  modelc.check %ok, "sizes agree again" {status = 5 : i32}
  return
}

// Strings: the !modelc.string element type, string constants, casts and
// StringNormalizer; modelc.string_arena is the lowering's.

// CHECK-LABEL: func @strings
// CHECK-SAME: (%[[S:.*]]: tensor<4x!modelc.string>, %[[T:.*]]: tensor<1x6x!modelc.string>, %[[F:.*]]: tensor<2xf32>)
func.func @strings(%s: tensor<4x!modelc.string>, %t: tensor<1x6x!modelc.string>, %f: tensor<2xf32>) -> (tensor<2x!modelc.string>, tensor<2xf32>, tensor<3x!modelc.string>, tensor<1x?x!modelc.string>, tensor<4x!modelc.string>, tensor<2x!modelc.string>, i64) {
  // CHECK: modelc.constant dense<["a", "\C3\9F"]> : tensor<2x!modelc.string>
  %c = modelc.constant dense<["a", "\C3\9F"]> : tensor<2x!modelc.string>
  // CHECK: modelc.cast %[[F]] : (tensor<2xf32>) -> tensor<2x!modelc.string>
  %0 = modelc.cast %f : (tensor<2xf32>) -> tensor<2x!modelc.string>
  // CHECK: modelc.cast %{{.*}} : (tensor<2x!modelc.string>) -> tensor<2xf32>
  %1 = modelc.cast %0 : (tensor<2x!modelc.string>) -> tensor<2xf32>
  // CHECK: modelc.string_normalizer %[[S]] {case_change_action = #modelc.case_change<upper>, is_case_sensitive = true, stopwords = ["monday"]} : (tensor<4x!modelc.string>) -> tensor<3x!modelc.string>
  %2 = modelc.string_normalizer %s {case_change_action = #modelc.case_change<upper>, is_case_sensitive = true, stopwords = ["monday"]} : (tensor<4x!modelc.string>) -> tensor<3x!modelc.string>
  // CHECK: modelc.string_normalizer %[[T]] {stopwords = ["monday", "x"]} : (tensor<1x6x!modelc.string>) -> tensor<1x?x!modelc.string>
  %3 = modelc.string_normalizer %t {stopwords = ["monday", "x"]} : (tensor<1x6x!modelc.string>) -> tensor<1x?x!modelc.string>
  // Defaults: no case change, case-insensitive, no stop words.
  // CHECK: modelc.string_normalizer %[[S]] : (tensor<4x!modelc.string>) -> tensor<4x!modelc.string>
  %4 = modelc.string_normalizer %s : (tensor<4x!modelc.string>) -> tensor<4x!modelc.string>
  // CHECK: %[[A:.*]] = modelc.string_arena : i64
  %a = modelc.string_arena : i64
  return %c, %1, %2, %3, %4, %0, %a : tensor<2x!modelc.string>, tensor<2xf32>, tensor<3x!modelc.string>, tensor<1x?x!modelc.string>, tensor<4x!modelc.string>, tensor<2x!modelc.string>, i64
}

// Control flow: regions end with modelc.yield and may use outer values.

// CHECK-LABEL: func @if
// CHECK-SAME: (%[[C:.*]]: tensor<i1>, %[[A:.*]]: tensor<2xf32>)
func.func @if(%c: tensor<i1>, %a: tensor<2xf32>) -> tensor<2xf32> {
  // CHECK: %[[R:.*]] = modelc.if %[[C]] : tensor<i1> -> (tensor<2xf32>) {
  // CHECK-NEXT: modelc.yield %[[A]] : tensor<2xf32>
  // CHECK-NEXT: } else {
  // CHECK-NEXT: %[[N:.*]] = modelc.neg %[[A]] : tensor<2xf32>
  // CHECK-NEXT: modelc.yield %[[N]] : tensor<2xf32>
  // CHECK-NEXT: }
  %0 = modelc.if %c : tensor<i1> -> (tensor<2xf32>) {
    modelc.yield %a : tensor<2xf32>
  } else {
    %n = modelc.neg %a : tensor<2xf32>
    modelc.yield %n : tensor<2xf32>
  }
  // CHECK: return %[[R]]
  return %0 : tensor<2xf32>
}

// CHECK-LABEL: func @loop
// CHECK-SAME: (%[[M:.*]]: tensor<i64>, %[[C:.*]]: tensor<i1>, %[[Y:.*]]: tensor<2xf32>)
func.func @loop(%m: tensor<i64>, %c: tensor<i1>, %y: tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>, tensor<2xf32>) {
  // CHECK: modelc.loop max_trip_count(%[[M]] : tensor<i64>) condition(%[[C]] : tensor<i1>) iter_args(%[[Y]] : tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>) {
  // CHECK-NEXT: ^bb0(%{{.*}}: tensor<i64>, %[[CI:.*]]: tensor<i1>, %[[YI:.*]]: tensor<2xf32>):
  // CHECK-NEXT: %[[N:.*]] = modelc.add %[[YI]], %[[Y]]
  // CHECK-NEXT: modelc.yield %[[CI]], %[[N]], %[[N]] : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  %0:2 = modelc.loop max_trip_count(%m : tensor<i64>) condition(%c : tensor<i1>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>) {
  ^bb0(%i: tensor<i64>, %ci: tensor<i1>, %yi: tensor<2xf32>):
    %n = modelc.add %yi, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    modelc.yield %ci, %n, %n : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  // Without trip count or condition.
  // CHECK: modelc.loop iter_args(%[[Y]] : tensor<2xf32>) -> (tensor<2xf32>) {
  %1 = modelc.loop iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %ci: tensor<i1>, %yi: tensor<2xf32>):
    %f = modelc.constant dense<false> : tensor<i1>
    modelc.yield %f, %yi : tensor<i1>, tensor<2xf32>
  }
  return %0#0, %0#1, %1 : tensor<2xf32>, tensor<?x2xf32>, tensor<2xf32>
}

// CHECK-LABEL: func @scan
// CHECK-SAME: (%[[S:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<3x2xf32>, %[[Z:.*]]: tensor<2x3xf32>)
func.func @scan(%s: tensor<2xf32>, %x: tensor<3x2xf32>, %z: tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2x3xf32>) {
  // CHECK: modelc.scan initial(%[[S]] : tensor<2xf32>) inputs(%[[X]], %[[Z]] : tensor<3x2xf32>, tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2x3xf32>) {
  // CHECK-NEXT: ^bb0(%[[SI:.*]]: tensor<2xf32>, %[[XI:.*]]: tensor<2xf32>, %[[ZI:.*]]: tensor<2xf32>):
  // CHECK: modelc.yield
  // CHECK-NEXT: } attributes {scan_input_axes = array<i64: 0, 1>, scan_input_directions = array<i64: 0, 1>, scan_output_axes = array<i64: 1>, scan_output_directions = array<i64: 1>}
  %0:2 = modelc.scan initial(%s : tensor<2xf32>) inputs(%x, %z : tensor<3x2xf32>, tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2x3xf32>) {
  ^bb0(%si: tensor<2xf32>, %xi: tensor<2xf32>, %zi: tensor<2xf32>):
    %n = modelc.add %si, %xi : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %m = modelc.mul %n, %zi : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    modelc.yield %n, %m : tensor<2xf32>, tensor<2xf32>
  } attributes {scan_input_axes = array<i64: 0, 1>, scan_input_directions = array<i64: 0, 1>, scan_output_axes = array<i64: 1>, scan_output_directions = array<i64: 1>}
  return %0#0, %0#1 : tensor<2xf32>, tensor<2x3xf32>
}

// Random generators: `seed` is the generator's key; low = 0, high = 1,
// mean = 0 and scale = 1 are the defaults (elided).
// CHECK-LABEL: func @random
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xi64>, %[[P:.*]]: tensor<10xf32>, %[[L:.*]]: tensor<2x4xf32>)
func.func @random(%x: tensor<?x3xi64>, %p: tensor<10xf32>, %l: tensor<2x4xf32>) -> (tensor<2x3xf32>, tensor<?x3xf64>, tensor<100xf16>, tensor<?x3xbf16>, tensor<10xf64>, tensor<10xi1>, tensor<2x5xi32>) {
  // CHECK: modelc.random_uniform {high = 2.000000e+00 : f32, low = -1.000000e+00 : f32, seed = 7 : i64} : () -> tensor<2x3xf32>
  %0 = modelc.random_uniform {low = -1.0 : f32, high = 2.0 : f32, seed = 7 : i64} : () -> tensor<2x3xf32>
  // CHECK: modelc.random_uniform %[[X]] {seed = -3 : i64} : (tensor<?x3xi64>) -> tensor<?x3xf64>
  %1 = modelc.random_uniform %x {low = 0.0 : f32, seed = -3 : i64} : (tensor<?x3xi64>) -> tensor<?x3xf64>
  // CHECK: modelc.random_normal {mean = 1.000000e+00 : f32, scale = 5.000000e-01 : f32, seed = 7 : i64} : () -> tensor<100xf16>
  %2 = modelc.random_normal {mean = 1.0 : f32, scale = 0.5 : f32, seed = 7 : i64} : () -> tensor<100xf16>
  // CHECK: modelc.random_normal %[[X]] {seed = 0 : i64} : (tensor<?x3xi64>) -> tensor<?x3xbf16>
  %3 = modelc.random_normal %x {seed = 0 : i64} : (tensor<?x3xi64>) -> tensor<?x3xbf16>
  // CHECK: modelc.bernoulli %[[P]] {seed = 0 : i64} : (tensor<10xf32>) -> tensor<10xf64>
  %4 = modelc.bernoulli %p {seed = 0 : i64} : (tensor<10xf32>) -> tensor<10xf64>
  // CHECK: modelc.bernoulli %[[P]] {seed = 1 : i64} : (tensor<10xf32>) -> tensor<10xi1>
  %5 = modelc.bernoulli %p {seed = 1 : i64} : (tensor<10xf32>) -> tensor<10xi1>
  // CHECK: modelc.multinomial %[[L]] {sample_size = 5 : i64, seed = 3 : i64} : (tensor<2x4xf32>) -> tensor<2x5xi32>
  %6 = modelc.multinomial %l {sample_size = 5 : i64, seed = 3 : i64} : (tensor<2x4xf32>) -> tensor<2x5xi32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<2x3xf32>, tensor<?x3xf64>, tensor<100xf16>, tensor<?x3xbf16>, tensor<10xf64>, tensor<10xi1>, tensor<2x5xi32>
}

// CHECK-LABEL: func @dropout
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[R:.*]]: tensor<f32>, %[[T:.*]]: tensor<i1>)
func.func @dropout(%x: tensor<3x4xf32>, %r: tensor<f32>, %t: tensor<i1>) -> (tensor<3x4xf32>, tensor<3x4xi1>) {
  // CHECK: modelc.dropout %[[X]], %[[R]], %[[T]] {seed = 0 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> (tensor<3x4xf32>, tensor<3x4xi1>)
  %y, %mask = modelc.dropout %x, %r, %t {seed = 0 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> (tensor<3x4xf32>, tensor<3x4xi1>)
  return %y, %mask : tensor<3x4xf32>, tensor<3x4xi1>
}

// CHECK-LABEL: func @attention
// CHECK-SAME: (%[[Q:.*]]: tensor<2x4x8xf32>, %[[K:.*]]: tensor<2x8x6xf32>, %[[V:.*]]: tensor<2x6x16xf32>, %[[M:.*]]: tensor<4x6xf32>)
func.func @attention(%q: tensor<2x4x8xf32>, %k: tensor<2x8x6xf32>, %v: tensor<2x6x16xf32>, %m: tensor<4x6xf32>) -> (tensor<2x4x16xf32>, tensor<2x4x16xf32>) {
  // CHECK: modelc.attention %[[Q]], %[[K]], %[[V]] mask %[[M]] {scale = 5.000000e-01 : f32} : (tensor<2x4x8xf32>, tensor<2x8x6xf32>, tensor<2x6x16xf32>, tensor<4x6xf32>) -> tensor<2x4x16xf32>
  %0 = modelc.attention %q, %k, %v mask %m {scale = 0.5 : f32} : (tensor<2x4x8xf32>, tensor<2x8x6xf32>, tensor<2x6x16xf32>, tensor<4x6xf32>) -> tensor<2x4x16xf32>
  // CHECK: modelc.attention %[[Q]], %[[K]], %[[V]] : (tensor<2x4x8xf32>, tensor<2x8x6xf32>, tensor<2x6x16xf32>) -> tensor<2x4x16xf32>
  %1 = modelc.attention %q, %k, %v : (tensor<2x4x8xf32>, tensor<2x8x6xf32>, tensor<2x6x16xf32>) -> tensor<2x4x16xf32>
  return %0, %1 : tensor<2x4x16xf32>, tensor<2x4x16xf32>
}
