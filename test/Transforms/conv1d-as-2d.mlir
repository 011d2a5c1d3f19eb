// RUN: modelc-opt %s -split-input-file -modelc-conv1d-as-2d -canonicalize -cse | FileCheck %s

// A 1-D convolution becomes the 2-D one of height 1: unsqueezes of the
// input and the weight (a constant: folded), kernel 1 x k, pads and strides
// widened, the fused activation kept; the result squeezed back.
// CHECK-LABEL: func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x16xf32>
// CHECK-DAG: %[[W:.*]] = modelc.constant dense<1.000000e+00> : tensor<8x4x1x3xf32>
// CHECK-DAG: %[[XU:.*]] = modelc.unsqueeze %[[X]] {axes = array<i64: 2>} : (tensor<1x4x16xf32>) -> tensor<1x4x1x16xf32>
// CHECK: %[[C:.*]] = modelc.conv %[[XU]], %[[W]], %{{.*}} {activation = #modelc.activation<relu>, dilations = array<i64: 1, 2>, pads = array<i64: 0, 2, 0, 1>, strides = array<i64: 1, 2>} : (tensor<1x4x1x16xf32>, tensor<8x4x1x3xf32>, tensor<8xf32>) -> tensor<1x8x1x8xf32>
// CHECK: %[[Y:.*]] = modelc.squeeze %[[C]] {axes = array<i64: 2>} : (tensor<1x8x1x8xf32>) -> tensor<1x8x8xf32>
// CHECK: return %[[Y]]
func.func @conv(%x: tensor<1x4x16xf32>, %b: tensor<8xf32>) -> tensor<1x8x8xf32> {
  %w = modelc.constant dense<1.0> : tensor<8x4x3xf32>
  %0 = modelc.conv %x, %w, %b {pads = array<i64: 2, 1>, strides = array<i64: 2>, dilations = array<i64: 2>, group = 1 : i64, activation = #modelc.activation<relu>} : (tensor<1x4x16xf32>, tensor<8x4x3xf32>, tensor<8xf32>) -> tensor<1x8x8xf32>
  return %0 : tensor<1x8x8xf32>
}

// -----

// A 1-D network with a dynamic length: between the convolution and the
// pools, the squeeze and the unsqueeze of the same axis fold away, so the
// layers pass their N x C x 1 x L data on directly. The depthwise
// convolution's residual is unsqueezed too.
// CHECK-LABEL: func @network
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x?xf32>
// CHECK: %[[XU:.*]] = modelc.unsqueeze %[[X]] {axes = array<i64: 2>} : (tensor<2x4x?xf32>) -> tensor<2x4x1x?xf32>
// CHECK: %[[C:.*]] = modelc.conv %[[XU]], %{{.*}} residual %[[XU]] {{{.*}}group = 4 : i64, pads = array<i64: 0, 1, 0, 1>, strides = array<i64: 1, 1>} : (tensor<2x4x1x?xf32>, tensor<4x1x1x3xf32>, tensor<2x4x1x?xf32>) -> tensor<2x4x1x?xf32>
// CHECK: %[[M:.*]] = modelc.max_pool %[[C]] {ceil_mode = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 1, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 2>} : (tensor<2x4x1x?xf32>) -> tensor<2x4x1x?xf32>
// CHECK: %[[A:.*]] = modelc.average_pool %[[M]] {count_include_pad = true, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 1, 3>, pads = array<i64: 0, 1, 0, 1>, strides = array<i64: 1, 1>} : (tensor<2x4x1x?xf32>) -> tensor<2x4x1x?xf32>
// CHECK: %[[Y:.*]] = modelc.squeeze %[[A]] {axes = array<i64: 2>} : (tensor<2x4x1x?xf32>) -> tensor<2x4x?xf32>
// CHECK: return %[[Y]]
func.func @network(%x: tensor<2x4x?xf32>) -> tensor<2x4x?xf32> {
  %w = modelc.constant dense<0.5> : tensor<4x1x3xf32>
  %0 = modelc.conv %x, %w residual %x {pads = array<i64: 1, 1>, strides = array<i64: 1>, dilations = array<i64: 1>, group = 4 : i64} : (tensor<2x4x?xf32>, tensor<4x1x3xf32>, tensor<2x4x?xf32>) -> tensor<2x4x?xf32>
  %1 = modelc.max_pool %0 {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>, dilations = array<i64: 1>, ceil_mode = true} : (tensor<2x4x?xf32>) -> tensor<2x4x?xf32>
  %2 = modelc.average_pool %1 {kernel_shape = array<i64: 3>, pads = array<i64: 1, 1>, strides = array<i64: 1>, dilations = array<i64: 1>, count_include_pad = true} : (tensor<2x4x?xf32>) -> tensor<2x4x?xf32>
  return %2 : tensor<2x4x?xf32>
}

// -----

// What stays 1-D: a max pool with Indices, an integer convolution, a
// convolution whose auto_pad the lowering resolves at run time; 2-D ones
// are left alone.
// CHECK-LABEL: func @unchanged
// CHECK-NOT: unsqueeze
// CHECK-NOT: squeeze
// CHECK: return
func.func @unchanged(%x: tensor<1x4x16xf32>, %i: tensor<1x4x16xi32>, %wi: tensor<4x4x3xi32>, %d: tensor<1x4x?xf32>, %w: tensor<4x4x3xf32>, %x2: tensor<1x4x8x8xf32>, %w2: tensor<4x4x3x3xf32>) -> (tensor<1x4x8xf32>, tensor<1x4x8xi64>, tensor<1x4x14xi32>, tensor<1x4x?xf32>, tensor<1x4x6x6xf32>) {
  %0, %1 = modelc.max_pool %x {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>, dilations = array<i64: 1>} : (tensor<1x4x16xf32>) -> (tensor<1x4x8xf32>, tensor<1x4x8xi64>)
  %2 = modelc.conv %i, %wi {pads = array<i64: 0, 0>, strides = array<i64: 1>, dilations = array<i64: 1>} : (tensor<1x4x16xi32>, tensor<4x4x3xi32>) -> tensor<1x4x14xi32>
  %3 = modelc.conv %d, %w {pads = array<i64: 0, 0>, strides = array<i64: 2>, dilations = array<i64: 1>, auto_pad = "SAME_UPPER"} : (tensor<1x4x?xf32>, tensor<4x4x3xf32>) -> tensor<1x4x?xf32>
  %4 = modelc.conv %x2, %w2 {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0, %1, %2, %3, %4 : tensor<1x4x8xf32>, tensor<1x4x8xi64>, tensor<1x4x14xi32>, tensor<1x4x?xf32>, tensor<1x4x6x6xf32>
}

// -----

// An int8 convolution (u8 activations, s8 weights per output channel, i32
// bias) and a max pool of quantized tensors: the weight's storage integers
// get the axis (the constant folds) and the cast its rank-4 type, whose
// quantization axis (the output channel) does not move.
// CHECK-LABEL: func @int8
// CHECK: %[[W:.*]] = modelc.constant dense<1> : tensor<2x4x1x3xi8>
// CHECK: %[[XU:.*]] = modelc.unsqueeze %{{.*}} {axes = array<i64: 2>} : (tensor<1x4x16x!quant.uniform<u8:f32, 1.000000e-01:128>>) -> tensor<1x4x1x16x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK: %[[WQ:.*]] = modelc.storage_cast %[[W]] : (tensor<2x4x1x3xi8>) -> tensor<2x4x1x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>>
// CHECK: %[[C:.*]] = modelc.conv %[[XU]], %[[WQ]], %{{.*}} {{.*}}pads = array<i64: 0, 1, 0, 1>{{.*}} -> tensor<1x2x1x16x!quant.uniform<u8:f32, 2.000000e-01:100>>
// CHECK: %[[M:.*]] = modelc.max_pool %[[C]] {{.*}}kernel_shape = array<i64: 1, 2>{{.*}} -> tensor<1x2x1x8x!quant.uniform<u8:f32, 2.000000e-01:100>>
// CHECK: modelc.squeeze %[[M]] {axes = array<i64: 2>}
func.func @int8(%x: tensor<1x4x16x!quant.uniform<u8:f32, 0.1:128>>, %b: tensor<2xi32>) -> tensor<1x2x8x!quant.uniform<u8:f32, 0.2:100>> {
  %c = modelc.constant dense<1> : tensor<2x4x3xi8>
  %w = modelc.storage_cast %c : (tensor<2x4x3xi8>) -> tensor<2x4x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
  %0 = modelc.conv %x, %w, %b {pads = array<i64: 1, 1>, strides = array<i64: 1>, dilations = array<i64: 1>} : (tensor<1x4x16x!quant.uniform<u8:f32, 0.1:128>>, tensor<2x4x3x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, tensor<2xi32>) -> tensor<1x2x16x!quant.uniform<u8:f32, 0.2:100>>
  %1 = modelc.max_pool %0 {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>, dilations = array<i64: 1>} : (tensor<1x2x16x!quant.uniform<u8:f32, 0.2:100>>) -> tensor<1x2x8x!quant.uniform<u8:f32, 0.2:100>>
  return %1 : tensor<1x2x8x!quant.uniform<u8:f32, 0.2:100>>
}
