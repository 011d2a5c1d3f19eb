// RUN: modelc-opt %s -split-input-file -modelc-to-channels-last -canonicalize | FileCheck %s

// Two convolutions with a relu between them: each runs channels-last, the
// transposes between them sink through the relu and cancel; the model
// keeps its NCHW interface, with one transpose at each end.
// CHECK-LABEL: func @conv_relu_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x8x8xf32>
// CHECK: %[[XT:.*]] = modelc.transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x8x8x3xf32>
// CHECK: %[[C1:.*]] = modelc.conv %[[XT]], %{{.*}} {channels_last, {{.*}}} : (tensor<1x8x8x3xf32>, tensor<4x3x3x3xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[R:.*]] = modelc.relu %[[C1]] : tensor<1x8x8x4xf32>
// CHECK: %[[C2:.*]] = modelc.conv %[[R]], %{{.*}} {channels_last, {{.*}}} : (tensor<1x8x8x4xf32>, tensor<2x4x1x1xf32>) -> tensor<1x8x8x2xf32>
// CHECK: %[[Y:.*]] = modelc.transpose %[[C2]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x8x2xf32>) -> tensor<1x2x8x8xf32>
// CHECK: return %[[Y]]
func.func @conv_relu_conv(%x: tensor<1x3x8x8xf32>, %w1: tensor<4x3x3x3xf32>, %w2: tensor<2x4x1x1xf32>) -> tensor<1x2x8x8xf32> {
  %0 = modelc.conv %x, %w1 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %1 = modelc.relu %0 : tensor<1x4x8x8xf32>
  %2 = modelc.conv %1, %w2 {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x8x8xf32>
  return %2 : tensor<1x2x8x8xf32>
}

// -----

// A residual block: the add of two channels-last values stays
// channels-last; a rank-4 operand that is not a transpose (the bias here)
// gets the inverse transpose, a scalar stays as it is; the max pool runs
// channels-last too.
// CHECK-LABEL: func @residual
// CHECK: %[[C:.*]] = modelc.conv %{{.*}} {channels_last, {{.*}}}
// CHECK: %[[P:.*]] = modelc.max_pool %{{.*}} {channels_last, {{.*}}}
// CHECK: %[[A:.*]] = modelc.add %[[C]], %[[P]] : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK: %[[BT:.*]] = modelc.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x1x1xf32>) -> tensor<1x1x1x4xf32>
// CHECK: %[[M:.*]] = modelc.mul %[[A]], %[[BT]] : (tensor<1x4x4x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK: %[[S:.*]] = modelc.mul %[[M]], %{{.*}} : (tensor<1x4x4x4xf32>, tensor<f32>) -> tensor<1x4x4x4xf32>
// CHECK: modelc.transpose %[[S]] {perm = array<i64: 0, 3, 1, 2>}
func.func @residual(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x3x3xf32>, %b: tensor<1x4x1x1xf32>, %s: tensor<f32>) -> tensor<1x4x4x4xf32> {
  %0 = modelc.conv %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32>
  %1 = modelc.max_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %2 = modelc.add %0, %1 : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  %3 = modelc.mul %2, %b : (tensor<1x4x4x4xf32>, tensor<1x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  %4 = modelc.mul %3, %s : (tensor<1x4x4x4xf32>, tensor<f32>) -> tensor<1x4x4x4xf32>
  return %4 : tensor<1x4x4x4xf32>
}

// -----

// Concat along the channels of two channels-last values: along the last
// axis, channels-last.
// CHECK-LABEL: func @concat
// CHECK: %[[A:.*]] = modelc.average_pool %{{.*}} {channels_last, {{.*}}}
// CHECK: %[[B:.*]] = modelc.conv %{{.*}} {channels_last, {{.*}}}
// CHECK: %[[C:.*]] = modelc.concat %[[A]], %[[B]] {axis = 3 : i64} : (tensor<1x4x4x2xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x5xf32>
// CHECK: modelc.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
func.func @concat(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>) -> tensor<1x5x4x4xf32> {
  %0 = modelc.average_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %1 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>) -> tensor<1x3x4x4xf32>
  %2 = modelc.concat %0, %1 {axis = 1 : i64} : (tensor<1x2x4x4xf32>, tensor<1x3x4x4xf32>) -> tensor<1x5x4x4xf32>
  return %2 : tensor<1x5x4x4xf32>
}

// -----

// What stays NCHW: a grouped convolution (neither one group nor
// depthwise), a 1-D convolution, an integer pool, a MaxPool with Indices.
// CHECK-LABEL: func @unchanged
// CHECK-NOT: channels_last
// CHECK-NOT: modelc.transpose
func.func @unchanged(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>, %y: tensor<1x2x8xf32>, %w1: tensor<4x2x3xf32>, %i: tensor<1x1x4x4xi8>) -> (tensor<1x8x6x6xf32>, tensor<1x4x6xf32>, tensor<1x1x2x2xi8>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>) {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<1x8x6x6xf32>
  %1 = modelc.conv %y, %w1 {pads = array<i64: 0, 0>, strides = array<i64: 1>, dilations = array<i64: 1>} : (tensor<1x2x8xf32>, tensor<4x2x3xf32>) -> tensor<1x4x6xf32>
  %2 = modelc.max_pool %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8>
  %3, %4 = modelc.max_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>)
  return %0, %1, %2, %3, %4 : tensor<1x8x6x6xf32>, tensor<1x4x6xf32>, tensor<1x1x2x2xi8>, tensor<1x4x4x4xf32>, tensor<1x4x4x4xi64>
}

// -----

// A BatchNormalization after a channels-last op (that no convolution before
// it absorbs) becomes a multiply and an add by per-channel constants,
// s = scale / sqrt(var + eps) = [2, 1] and t = bias - mean * s = [-1, 3],
// which the transposes sink through.
// CHECK-LABEL: func @batchnorm_after_pool
// CHECK-DAG: %[[S:.*]] = modelc.constant dense<{{\[}}{{\[}}{{\[}}[2.000000e+00]], {{\[}}[1.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK-DAG: %[[T:.*]] = modelc.constant dense<{{\[}}{{\[}}{{\[}}[-1.000000e+00]], {{\[}}[3.000000e+00]]]]> : tensor<1x2x1x1xf32>
// CHECK: %[[P:.*]] = modelc.max_pool %{{.*}} {channels_last, {{.*}}}
// CHECK: %[[ST:.*]] = modelc.transpose %[[S]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK: %[[M:.*]] = modelc.mul %[[P]], %[[ST]] : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[TT:.*]] = modelc.transpose %[[T]] {perm = array<i64: 0, 2, 3, 1>}
// CHECK: %[[A:.*]] = modelc.add %[[M]], %[[TT]]
// CHECK: modelc.transpose %[[A]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK-NOT: modelc.batch_normalization
func.func @batchnorm_after_pool(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %scale = modelc.constant dense<[4.0, 2.0]> : tensor<2xf32>
  %bias = modelc.constant dense<[1.0, 3.0]> : tensor<2xf32>
  %mean = modelc.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = modelc.constant dense<[4.0, 4.0]> : tensor<2xf32>
  %0 = modelc.max_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  %1 = modelc.batch_normalization %0, %scale, %bias, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// A convolution's fused residual is transposed with its input; the
// transposes around the residual block's input cancel.
// CHECK-LABEL: func @conv_residual
// CHECK: %[[C1:.*]] = modelc.conv %{{.*}} {channels_last, {{.*}}} : (tensor<1x8x8x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x8x8x4xf32>
// CHECK: %[[C2:.*]] = modelc.conv %[[C1]], %{{.*}} residual %[[C1]] {channels_last, {{.*}}} : (tensor<1x8x8x4xf32>, tensor<4x4x1x1xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
// CHECK: modelc.transpose %[[C2]] {perm = array<i64: 0, 3, 1, 2>}
func.func @conv_residual(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %1 = modelc.conv %0, %w residual %0 {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %1 : tensor<1x4x8x8xf32>
}

// -----

// A residual that is a function argument (nothing to cancel against): its
// transpose comes before the convolution that reads it, which would
// otherwise fail verification.
// CHECK-LABEL: func @conv_residual_argument
// CHECK: %[[XT:.*]] = modelc.transpose %arg0 {perm = array<i64: 0, 2, 3, 1>}
// CHECK: %[[RT:.*]] = modelc.transpose %arg1 {perm = array<i64: 0, 2, 3, 1>}
// CHECK: %[[C:.*]] = modelc.conv %[[XT]], %{{.*}} residual %[[RT]] {channels_last, {{.*}}}
// CHECK: modelc.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
func.func @conv_residual_argument(%x: tensor<1x4x8x8xf32>, %r: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32> {
  %0 = modelc.conv %x, %w residual %r {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// GlobalAveragePool and GlobalMaxPool of channels-last values: a mean and
// a max over axes 1 and 2 of the NHWC data, then a transpose of N x 1 x 1 x C.
// CHECK-LABEL: func @global_pools
// CHECK: %[[C:.*]] = modelc.conv %{{.*}} {channels_last, {{.*}}} : (tensor<2x8x8x3xf32>, tensor<4x3x1x1xf32>) -> tensor<2x8x8x4xf32>
// CHECK: %[[M:.*]] = modelc.reduce_mean %[[C]] {axes = array<i64: 1, 2>} : (tensor<2x8x8x4xf32>) -> tensor<2x1x1x4xf32>
// CHECK: modelc.transpose %[[M]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<2x1x1x4xf32>) -> tensor<2x4x1x1xf32>
// CHECK: %[[X:.*]] = modelc.reduce_max %[[C]] {axes = array<i64: 1, 2>} : (tensor<2x8x8x4xf32>) -> tensor<2x1x1x4xf32>
// CHECK: modelc.transpose %[[X]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<2x1x1x4xf32>) -> tensor<2x4x1x1xf32>
// CHECK-NOT: modelc.global
func.func @global_pools(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x1x1xf32>) -> (tensor<2x4x1x1xf32>, tensor<2x4x1x1xf32>) {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<2x3x8x8xf32>, tensor<4x3x1x1xf32>) -> tensor<2x4x8x8xf32>
  %1 = modelc.global_average_pool %0 : (tensor<2x4x8x8xf32>) -> tensor<2x4x1x1xf32>
  %2 = modelc.global_max_pool %0 : (tensor<2x4x8x8xf32>) -> tensor<2x4x1x1xf32>
  return %1, %2 : tensor<2x4x1x1xf32>, tensor<2x4x1x1xf32>
}
