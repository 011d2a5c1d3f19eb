// RUN: modelc-opt %s -split-input-file -verify-diagnostics

// One case per verifier error of ModelcOps.cpp, then the type constraints
// of ModelcOps.td.

//===----------------------------------------------------------------------===//
// Clip
//===----------------------------------------------------------------------===//

func.func @clip_bound_not_scalar(%x: tensor<4xf32>, %lo: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.clip' op bounds must be scalars}}
  %0 = modelc.clip %x, %lo {operandSegmentSizes = array<i32: 1, 1, 0>} : (tensor<4xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_bound_rank2(%x: tensor<4xf32>, %hi: tensor<1x1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.clip' op bounds must be scalars}}
  %0 = modelc.clip %x, %hi {operandSegmentSizes = array<i32: 1, 0, 1>} : (tensor<4xf32>, tensor<1x1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_bound_element_type(%x: tensor<4xf32>, %lo: tensor<f16>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.clip' op bounds must have the input's element type}}
  %0 = modelc.clip %x, %lo {operandSegmentSizes = array<i32: 1, 1, 0>} : (tensor<4xf32>, tensor<f16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @clip_result_type(%x: tensor<4xf32>, %lo: tensor<1xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'modelc.clip' op result type must match the input type}}
  %0 = modelc.clip %x, %lo {operandSegmentSizes = array<i32: 1, 1, 0>} : (tensor<4xf32>, tensor<1xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pow and Where
//===----------------------------------------------------------------------===//

func.func @pow_result_element(%x: tensor<4xf32>, %e: tensor<i64>) -> tensor<4xi64> {
  // expected-error @+1 {{'modelc.pow' op result element type must be the base's}}
  %0 = modelc.pow %x, %e : (tensor<4xf32>, tensor<i64>) -> tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

func.func @pow_no_broadcast(%x: tensor<4xf32>, %e: tensor<3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.pow' op operand shapes do not broadcast}}
  %0 = modelc.pow %x, %e : (tensor<4xf32>, tensor<3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @pow_result_shape(%x: tensor<4xf32>, %e: tensor<f32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'modelc.pow' op result shape does not match the broadcast of the operand shapes}}
  %0 = modelc.pow %x, %e : (tensor<4xf32>, tensor<f32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @where_element_types(%c: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.where' op x, y and the result must have one element type}}
  %0 = modelc.where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @where_no_broadcast(%c: tensor<3xi1>, %x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.where' op operand shapes do not broadcast}}
  %0 = modelc.where %c, %x, %y : (tensor<3xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @where_condition_type(%c: tensor<4xf32>, %x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.where' op operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = modelc.where %c, %x, %x : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Broadcasting binary ops (type inference)
//===----------------------------------------------------------------------===//

func.func @add_no_broadcast(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{operand shapes 'tensor<2x3xf32>' and 'tensor<2xf32>' do not broadcast}}
  // expected-error @+1 {{'modelc.add' op failed to infer returned types}}
  %0 = modelc.add %a, %b : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @add_wrong_result(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{'modelc.add' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x3xf32>'}}
  // expected-error @+1 {{'modelc.add' op failed to infer returned types}}
  %0 = modelc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @add_element_types(%a: tensor<3xf32>, %b: tensor<3xi32>) -> tensor<3xf32> {
  // expected-error @+1 {{'modelc.add' op requires the same element type for all operands}}
  %0 = modelc.add %a, %b : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @compare_result_not_bool(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'modelc.less' op inferred type(s) 'tensor<3xi1>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'modelc.less' op failed to infer returned types}}
  %0 = modelc.less %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @bit_shift_direction(%a: tensor<3xui8>) -> tensor<3xui8> {
  // expected-error @+1 {{'modelc.bit_shift' op attribute 'direction' failed to satisfy constraint: string attribute "LEFT" or "RIGHT"}}
  %0 = modelc.bit_shift %a, %a {direction = "left"} : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

func.func @bit_shift_signed(%a: tensor<3xi8>) -> tensor<3xi8> {
  // expected-error @+1 {{'modelc.bit_shift' op operand #0 must be ranked tensor of 8-bit unsigned integer or 16-bit unsigned integer or 32-bit unsigned integer or 64-bit unsigned integer values}}
  %0 = modelc.bit_shift %a, %a {direction = "LEFT"} : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>
  return %0 : tensor<3xi8>
}

// -----

func.func @is_inf_int(%a: tensor<3xi32>) -> tensor<3xi1> {
  // expected-error @+1 {{'modelc.is_inf' op operand #0 must be ranked tensor of floating-point values}}
  %0 = modelc.is_inf %a : (tensor<3xi32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @is_nan_result_shape(%a: tensor<3xf32>) -> tensor<4xi1> {
  // expected-error @+1 {{'modelc.is_nan' op requires the same shape for all operands and results}}
  %0 = modelc.is_nan %a : (tensor<3xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

//===----------------------------------------------------------------------===//
// Conv and pooling
//===----------------------------------------------------------------------===//

func.func @conv_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op input and weight must have the same rank}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_group(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op group must be positive}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 0 : i64} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_no_spatial_axis(%x: tensor<1x3xf32>, %w: tensor<4x3xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'modelc.conv' op input must have at least one spatial axis}}
  %0 = modelc.conv %x, %w {pads = array<i64>, strides = array<i64>, dilations = array<i64>} : (tensor<1x3xf32>, tensor<4x3xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @conv_pads_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op pads must have 4 values}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_strides_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op strides and dilations must have 2 values}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_dilations_length(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op strides and dilations must have 2 values}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_auto_pad_with_pads(%x: tensor<1x3x?x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x?x4xf32> {
  // expected-error @+1 {{'modelc.conv' op pads must be zero with auto_pad SAME_UPPER}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, auto_pad = "SAME_UPPER"} : (tensor<1x3x?x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x?x4xf32>
  return %0 : tensor<1x4x?x4xf32>
}

// -----

func.func @max_pool_auto_pad_unknown(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+1 {{'modelc.max_pool' op attribute 'auto_pad' failed to satisfy constraint: string attribute "NOTSET", "SAME_UPPER" or "SAME_LOWER"}}
  %0 = modelc.max_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, auto_pad = "VALID"} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func.func @conv_negative_pads(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op pads must not be negative}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, -1, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op strides and dilations must be positive}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 0, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_zero_dilation(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op strides and dilations must be positive}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 0>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x6x8x8xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op input has 6 channels but weight expects 2 x 2 groups}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x6x8x8xf32>, tensor<4x2x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op bias must have one value per output channel}}
  %0 = modelc.conv %x, %w, %b {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_bias_rank(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<1x4xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op bias must have one value per output channel}}
  %0 = modelc.conv %x, %w, %b {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<1x4xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_activation_unknown(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{expected ::mlir::modelc::ActivationKind to be one of: none, relu, clip, leaky_relu, sigmoid, tanh, hard_sigmoid}}
  // expected-error @+1 {{failed to parse Modelc_ActivationKindAttr parameter 'value'}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = #modelc.activation<gelu>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @max_pool_kernel(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+1 {{'modelc.max_pool' op kernel_shape must have 2 values}}
  %0 = modelc.max_pool %x {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func.func @max_pool_pads(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+1 {{'modelc.max_pool' op pads must have 4 values}}
  %0 = modelc.max_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func.func @average_pool_kernel(%x: tensor<1x3x8xf32>) -> tensor<1x3x4xf32> {
  // expected-error @+1 {{'modelc.average_pool' op kernel_shape must have 1 values}}
  %0 = modelc.average_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>, dilations = array<i64: 1>} : (tensor<1x3x8xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

func.func @average_pool_stride(%x: tensor<1x3x8xf32>) -> tensor<1x3x4xf32> {
  // expected-error @+1 {{'modelc.average_pool' op strides and dilations must be positive}}
  %0 = modelc.average_pool %x {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: -2>, dilations = array<i64: 1>} : (tensor<1x3x8xf32>) -> tensor<1x3x4xf32>
  return %0 : tensor<1x3x4xf32>
}

// -----

func.func @global_pool_int(%x: tensor<1x3x8x8xi32>) -> tensor<1x3x1x1xi32> {
  // expected-error @+1 {{'modelc.global_average_pool' op operand #0 must be ranked tensor of floating-point values}}
  %0 = modelc.global_average_pool %x : (tensor<1x3x8x8xi32>) -> tensor<1x3x1x1xi32>
  return %0 : tensor<1x3x1x1xi32>
}

// -----

//===----------------------------------------------------------------------===//
// Gemm and MatMul
//===----------------------------------------------------------------------===//

func.func @gemm_not_matrices(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'modelc.gemm' op A and B must be matrices}}
  %0 = modelc.gemm %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @gemm_inner(%a: tensor<2x4xf32>, %b: tensor<5x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'modelc.gemm' op inner dimensions differ: 4 vs 5}}
  %0 = modelc.gemm %a, %b : (tensor<2x4xf32>, tensor<5x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gemm_inner_transposed(%a: tensor<4x2xf32>, %b: tensor<3x5xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'modelc.gemm' op inner dimensions differ: 4 vs 5}}
  %0 = modelc.gemm %a, %b {transA = true, transB = true} : (tensor<4x2xf32>, tensor<3x5xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @matmul_scalar(%a: tensor<f32>, %b: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.matmul' op operands must have rank 1 or more}}
  %0 = modelc.matmul %a, %b : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @matmul_inner(%a: tensor<2x3x4xf32>, %b: tensor<5x6xf32>) -> tensor<2x3x6xf32> {
  // expected-error @+1 {{'modelc.matmul' op inner dimensions differ: 4 vs 5}}
  %0 = modelc.matmul %a, %b : (tensor<2x3x4xf32>, tensor<5x6xf32>) -> tensor<2x3x6xf32>
  return %0 : tensor<2x3x6xf32>
}

// -----

func.func @matmul_inner_vector(%a: tensor<2x4xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.matmul' op inner dimensions differ: 4 vs 3}}
  %0 = modelc.matmul %a, %b : (tensor<2x4xf32>, tensor<3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Normalization and softmax
//===----------------------------------------------------------------------===//

func.func @softmax_int(%x: tensor<2x8xi32>) -> tensor<2x8xi32> {
  // expected-error @+1 {{'modelc.softmax' op operand #0 must be ranked tensor of floating-point values}}
  %0 = modelc.softmax %x : (tensor<2x8xi32>) -> tensor<2x8xi32>
  return %0 : tensor<2x8xi32>
}

// -----

func.func @softmax_result_type(%x: tensor<2x8xf32>) -> tensor<2x8xf16> {
  // expected-error @+1 {{'modelc.log_softmax' op requires the same type for all operands and results}}
  %0 = modelc.log_softmax %x : (tensor<2x8xf32>) -> tensor<2x8xf16>
  return %0 : tensor<2x8xf16>
}

// -----

func.func @batch_norm_int(%x: tensor<1x4x8x8xf32>, %c: tensor<4xi32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'modelc.batch_normalization' op operand #1 must be ranked tensor of floating-point values}}
  %0 = modelc.batch_normalization %x, %c, %c, %c, %c : (tensor<1x4x8x8xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Resize
//===----------------------------------------------------------------------===//

func.func @resize_element_type(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf16> {
  // expected-error @+1 {{'modelc.resize' op result must have the input's element type}}
  %0 = modelc.resize %x : (tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf16>
  return %0 : tensor<1x1x4x4xf16>
}

// -----

func.func @resize_scales_and_sizes(%x: tensor<?x2xf32>, %s: tensor<2xf32>, %n: tensor<2xi64>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'modelc.resize' op takes scales or sizes, not both}}
  %0 = modelc.resize %x scales %s sizes %n : (tensor<?x2xf32>, tensor<2xf32>, tensor<2xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @resize_sizes_count(%x: tensor<?x2xf32>, %n: tensor<3xi64>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'modelc.resize' op sizes must have 2 elements}}
  %0 = modelc.resize %x sizes %n : (tensor<?x2xf32>, tensor<3xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @resize_rank(%x: tensor<1x1x2x2xf32>) -> tensor<1x4x4xf32> {
  // expected-error @+1 {{'modelc.resize' op result must have the input's rank}}
  %0 = modelc.resize %x : (tensor<1x1x2x2xf32>) -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

func.func @resize_mode(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'modelc.resize' op unknown mode 'bilinear'}}
  %0 = modelc.resize %x {mode = "bilinear"} : (tensor<2x2xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_coordinate_mode(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'modelc.resize' op unknown coordinate_transformation_mode 'half_pixel_symmetric'}}
  %0 = modelc.resize %x {coordinate_transformation_mode = "half_pixel_symmetric"} : (tensor<2x2xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_nearest_mode(%x: tensor<2x2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'modelc.resize' op unknown nearest_mode 'round'}}
  %0 = modelc.resize %x {nearest_mode = "round"} : (tensor<2x2xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_linear_int(%x: tensor<2x2xi32>) -> tensor<4x4xi32> {
  // expected-error @+1 {{'modelc.resize' op mode 'linear' needs a floating-point element type}}
  %0 = modelc.resize %x {mode = "linear"} : (tensor<2x2xi32>) -> tensor<4x4xi32>
  return %0 : tensor<4x4xi32>
}

// -----

func.func @resize_scales_size(%x: tensor<2x2xf32>, %s: tensor<3xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'modelc.resize' op scales must have 2 elements}}
  %0 = modelc.resize %x scales %s : (tensor<2x2xf32>, tensor<3xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_roi_size(%x: tensor<2x2xf32>, %r: tensor<2xf32>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'modelc.resize' op roi must have 4 elements}}
  %0 = modelc.resize %x roi %r {coordinate_transformation_mode = "tf_crop_and_resize"} : (tensor<2x2xf32>, tensor<2xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @resize_empty_axis(%x: tensor<0x2xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'modelc.resize' op axis 0 of size 0 cannot be resized to 2}}
  %0 = modelc.resize %x : (tensor<0x2xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @resize_scales_type(%x: tensor<2x2xf32>, %s: tensor<2xf64>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'modelc.resize' op operand #1 must be ranked tensor of 32-bit float values}}
  %0 = modelc.resize %x scales %s : (tensor<2x2xf32>, tensor<2xf64>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Recurrent ops
//===----------------------------------------------------------------------===//

func.func @rnn_weight_shape(%x: tensor<3x2x5xf32>, %w: tensor<1x3x5xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+1 {{'modelc.rnn' op W has type 'tensor<1x3x5xf32>' but must have the shape 1x4x5}}
  %0:2 = modelc.rnn %x, %w, %r {hidden_size = 4 : i64} : (tensor<3x2x5xf32>, tensor<1x3x5xf32>, tensor<1x4x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @rnn_result_shape(%x: tensor<3x2x5xf32>, %w: tensor<2x4x5xf32>, %r: tensor<2x4x4xf32>) {
  // expected-error @+1 {{'modelc.rnn' op Y has type 'tensor<3x1x2x4xf32>' but must have the shape 3x2x2x4}}
  %0:2 = modelc.rnn %x, %w, %r {hidden_size = 4 : i64, direction = "bidirectional"} : (tensor<3x2x5xf32>, tensor<2x4x5xf32>, tensor<2x4x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<2x2x4xf32>)
  return
}

// -----

func.func @rnn_direction(%x: tensor<3x2x5xf32>, %w: tensor<1x4x5xf32>, %r: tensor<1x4x4xf32>) {
  // expected-error @+1 {{attribute 'direction' failed to satisfy constraint: string attribute "forward", "reverse" or "bidirectional"}}
  %0:2 = modelc.rnn %x, %w, %r {hidden_size = 4 : i64, direction = "backward"} : (tensor<3x2x5xf32>, tensor<1x4x5xf32>, tensor<1x4x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @gru_activation_count(%x: tensor<3x2x5xf32>, %w: tensor<2x12x5xf32>, %r: tensor<2x12x4xf32>) {
  // expected-error @+1 {{'modelc.gru' op needs 4 activations (2 per direction), not 2}}
  %0:2 = modelc.gru %x, %w, %r {hidden_size = 4 : i64, direction = "bidirectional", activations = ["Sigmoid", "Tanh"]} : (tensor<3x2x5xf32>, tensor<2x12x5xf32>, tensor<2x12x4xf32>) -> (tensor<3x2x2x4xf32>, tensor<2x2x4xf32>)
  return
}

// -----

func.func @gru_unknown_activation(%x: tensor<3x2x5xf32>, %w: tensor<1x12x5xf32>, %r: tensor<1x12x4xf32>) {
  // expected-error @+1 {{'modelc.gru' op unknown activation 'Gelu'}}
  %0:2 = modelc.gru %x, %w, %r {hidden_size = 4 : i64, activations = ["Sigmoid", "Gelu"]} : (tensor<3x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @gru_alpha_count(%x: tensor<3x2x5xf32>, %w: tensor<1x12x5xf32>, %r: tensor<1x12x4xf32>) {
  // expected-error @+1 {{'modelc.gru' op activation_alpha must have one value per activation (2)}}
  %0:2 = modelc.gru %x, %w, %r {hidden_size = 4 : i64, activations = ["HardSigmoid", "Tanh"], activation_alpha = array<f32: 0.2>} : (tensor<3x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x4xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @lstm_peepholes(%x: tensor<3x2x5xf32>, %w: tensor<1x16x5xf32>, %r: tensor<1x16x4xf32>, %p: tensor<1x16xf32>) {
  // expected-error @+1 {{'modelc.lstm' op P has type 'tensor<1x16xf32>' but must have the shape 1x12}}
  %0:3 = modelc.lstm %x, %w, %r peepholes %p {hidden_size = 4 : i64} : (tensor<3x2x5xf32>, tensor<1x16x5xf32>, tensor<1x16x4xf32>, tensor<1x16xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

func.func @lstm_element_type(%x: tensor<3x2x5xf32>, %w: tensor<1x16x5xf32>, %r: tensor<1x16x4xf32>, %c: tensor<1x2x4xf16>) {
  // expected-error @+1 {{'modelc.lstm' op initial_c must have the element type of X ('f32')}}
  %0:3 = modelc.lstm %x, %w, %r initial_c %c {hidden_size = 4 : i64} : (tensor<3x2x5xf32>, tensor<1x16x5xf32>, tensor<1x16x4xf32>, tensor<1x2x4xf16>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>, tensor<1x2x4xf32>)
  return
}

// -----

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

func.func @reduce_axis_too_large(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'modelc.reduce_sum' op axis 2 is out of range for rank 2}}
  %0 = modelc.reduce_sum %x {axes = array<i64: 2>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @reduce_axes_twice(%x: tensor<2x8xf32>, %axes: tensor<1xi64>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'modelc.reduce_sum' op has both the axes attribute and run-time axes}}
  %0 = modelc.reduce_sum %x, %axes {axes = array<i64: 1>} : (tensor<2x8xf32>, tensor<1xi64>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @reduce_dynamic_axes_rank(%x: tensor<2x8xf32>, %axes: tensor<1xi64>) -> tensor<f32> {
  // expected-error @+1 {{'modelc.reduce_sum' op result rank 0 does not fit 1 run-time axes of an input of rank 2}}
  %0 = modelc.reduce_sum %x, %axes {axes = array<i64>, keepdims = false} : (tensor<2x8xf32>, tensor<1xi64>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @reduce_dynamic_axes_empty(%x: tensor<2x8xf32>, %axes: tensor<0xi64>) -> tensor<2x8xf32> {
  // expected-error @+1 {{'modelc.reduce_sum' op run-time axes must be a non-empty 1-D tensor}}
  %0 = modelc.reduce_sum %x, %axes {axes = array<i64>} : (tensor<2x8xf32>, tensor<0xi64>) -> tensor<2x8xf32>
  return %0 : tensor<2x8xf32>
}

// -----

func.func @reduce_axis_too_small(%x: tensor<2x8xf32>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'modelc.reduce_l2' op axis -3 is out of range for rank 2}}
  %0 = modelc.reduce_l2 %x {axes = array<i64: 1, -3>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @arg_max_result_type(%x: tensor<2x8xf32>) -> tensor<2x1xi32> {
  // expected-error @+1 {{'modelc.arg_max' op result #0 must be ranked tensor of 64-bit signless integer values}}
  %0 = modelc.arg_max %x {axis = 1 : i64} : (tensor<2x8xf32>) -> tensor<2x1xi32>
  return %0 : tensor<2x1xi32>
}

// -----

//===----------------------------------------------------------------------===//
// Shape and data movement
//===----------------------------------------------------------------------===//

func.func @reshape_element_type(%x: tensor<2x3xf32>, %s: tensor<1xi64>) -> tensor<6xf16> {
  // expected-error @+1 {{'modelc.reshape' op must keep the element type}}
  %0 = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf16>
  return %0 : tensor<6xf16>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>, %s: tensor<1xi64>) -> tensor<7xf32> {
  // expected-error @+1 {{'modelc.reshape' op cannot reshape 6 elements into 7}}
  %0 = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// -----

func.func @reshape_shape_type(%x: tensor<2x3xf32>, %s: tensor<1xi32>) -> tensor<6xf32> {
  // expected-error @+1 {{'modelc.reshape' op operand #1 must be ranked tensor of 64-bit signless integer values}}
  %0 = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<1xi32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @transpose_perm_length(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'modelc.transpose' op perm must have one entry per axis}}
  %0 = modelc.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_not_permutation(%x: tensor<2x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'modelc.transpose' op perm is not a permutation}}
  %0 = modelc.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x3xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @transpose_perm_out_of_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'modelc.transpose' op perm is not a permutation}}
  %0 = modelc.transpose %x {perm = array<i64: 2, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_result(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'modelc.transpose' op result dimension 0 does not match}}
  %0 = modelc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @concat_axis(%a: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'modelc.concat' op axis is out of range}}
  %0 = modelc.concat %a, %a {axis = 2 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @concat_negative_axis(%a: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'modelc.concat' op axis is out of range}}
  %0 = modelc.concat %a, %a {axis = -3 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @concat_no_input() -> tensor<0xf32> {
  // expected-error @+1 {{'modelc.concat' op needs at least one input}}
  %0 = modelc.concat {axis = 0 : i64} : () -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

// -----

func.func @concat_rank(%a: tensor<1x2xf32>, %b: tensor<2xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'modelc.concat' op inputs must match the result's rank and type}}
  %0 = modelc.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @concat_element_type(%a: tensor<1x2xf32>, %b: tensor<1x2xi32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'modelc.concat' op inputs must match the result's rank and type}}
  %0 = modelc.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xi32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @split_axis(%x: tensor<1x5xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{'modelc.split' op axis is out of range}}
  %0 = modelc.split %x {axis = 2 : i64, sizes = array<i64: 5>} : (tensor<1x5xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

func.func @split_sizes_count(%x: tensor<1x5xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'modelc.split' op needs one size per result}}
  %0:2 = modelc.split %x {axis = 1 : i64, sizes = array<i64: 2, 2, 1>} : (tensor<1x5xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>)
  return %0#0 : tensor<1x2xf32>
}

// -----

func.func @split_sizes_sum(%x: tensor<1x5xf32>) -> tensor<1x2xf32> {
  // expected-error @+1 {{'modelc.split' op sizes add up to 4 but the axis has 5}}
  %0:2 = modelc.split %x {axis = 1 : i64, sizes = array<i64: 2, 2>} : (tensor<1x5xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>)
  return %0#0 : tensor<1x2xf32>
}

// -----

func.func @slice_index_type(%x: tensor<8xf32>, %i: tensor<1xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.slice' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer or 32-bit signed integer or 64-bit signed integer values}}
  %0 = modelc.slice %x, %i, %i, %i, %i : (tensor<8xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gather_index_type(%x: tensor<5xf32>, %i: tensor<2xi16>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.gather' op operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer or 32-bit signed integer or 64-bit signed integer values}}
  %0 = modelc.gather %x, %i : (tensor<5xf32>, tensor<2xi16>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @shape_result_type(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  // expected-error @+1 {{'modelc.shape' op result #0 must be ranked tensor of 64-bit signless integer values}}
  %0 = modelc.shape %x : (tensor<2x3xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @cast_shape(%x: tensor<4xf32>) -> tensor<2x2xi64> {
  // expected-error @+1 {{'modelc.cast' op requires the same shape for all operands and results}}
  %0 = modelc.cast %x : (tensor<4xf32>) -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

func.func @gather_elements_rank(%x: tensor<3x4xf32>, %i: tensor<6xi64>) -> tensor<6xf32> {
  // expected-error @+1 {{'modelc.gather_elements' op indices must have the rank of data}}
  %0 = modelc.gather_elements %x, %i : (tensor<3x4xf32>, tensor<6xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @gather_elements_axis(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'modelc.gather_elements' op axis 2 is out of range for rank 2}}
  %0 = modelc.gather_elements %x, %i {axis = 2 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @gather_elements_result(%x: tensor<3x4xf32>, %i: tensor<3x2xi64>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'modelc.gather_elements' op result type 'tensor<3x4xf32>' does not have the expected shape 3x2}}
  %0 = modelc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @gather_nd_tuple(%x: tensor<3x4xf32>, %i: tensor<2x3xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.gather_nd' op index tuples of length 3 do not fit data of rank 2 after 0 batch dimensions}}
  %0 = modelc.gather_nd %x, %i : (tensor<3x4xf32>, tensor<2x3xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_nd_batch(%x: tensor<3x4x5xf32>, %i: tensor<2x1xi64>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'modelc.gather_nd' op data and indices differ in the batch dimensions}}
  %0 = modelc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<3x4x5xf32>, tensor<2x1xi64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @gather_nd_result(%x: tensor<3x4x5xf32>, %i: tensor<2x1xi64>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'modelc.gather_nd' op result type 'tensor<2x5xf32>' does not have the expected shape 2x4x5}}
  %0 = modelc.gather_nd %x, %i : (tensor<3x4x5xf32>, tensor<2x1xi64>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @scatter_elements_updates(%x: tensor<3x4xf32>, %i: tensor<2x2xi64>, %u: tensor<2x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'modelc.scatter_elements' op updates must have the shape of indices}}
  %0 = modelc.scatter_elements %x, %i, %u : (tensor<3x4xf32>, tensor<2x2xi64>, tensor<2x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @scatter_elements_reduction(%x: tensor<3x4xf32>, %i: tensor<2x2xi64>, %u: tensor<2x2xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'modelc.scatter_elements' op unknown reduction 'sub'}}
  %0 = modelc.scatter_elements %x, %i, %u {reduction = "sub"} : (tensor<3x4xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @scatter_elements_result(%x: tensor<3x4xf32>, %i: tensor<2x2xi64>, %u: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error @+1 {{'modelc.scatter_elements' op failed to verify that all of {data, output} have same type}}
  %0 = modelc.scatter_elements %x, %i, %u : (tensor<3x4xf32>, tensor<2x2xi64>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @scatter_nd_updates(%x: tensor<3x4xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'modelc.scatter_nd' op updates must have shape indices.shape[:-1] + data.shape[q:]}}
  %0 = modelc.scatter_nd %x, %i, %u : (tensor<3x4xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @scatter_nd_tuple(%x: tensor<3x4xf32>, %i: tensor<2x3xi64>, %u: tensor<2xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'modelc.scatter_nd' op index tuples of length 3 do not fit data of rank 2}}
  %0 = modelc.scatter_nd %x, %i, %u : (tensor<3x4xf32>, tensor<2x3xi64>, tensor<2xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @trilu_rank(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.trilu' op input must have rank 2 or more}}
  %0 = modelc.trilu %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @trilu_k(%x: tensor<4x4xf32>, %k: tensor<2xi64>) -> tensor<4x4xf32> {
  // expected-error @+1 {{'modelc.trilu' op k must be a scalar}}
  %0 = modelc.trilu %x, %k : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @cumsum_axis(%x: tensor<4xf32>, %a: tensor<2xi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.cumsum' op axis must be a scalar}}
  %0 = modelc.cumsum %x, %a : (tensor<4xf32>, tensor<2xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @one_hot_values(%i: tensor<3xi64>, %d: tensor<i64>, %v: tensor<3xf32>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'modelc.one_hot' op values must hold two elements (off, on)}}
  %0 = modelc.one_hot %i, %d, %v : (tensor<3xi64>, tensor<i64>, tensor<3xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @one_hot_result(%i: tensor<3x2xi64>, %d: tensor<i64>, %v: tensor<2xf32>) -> tensor<3x4x3xf32> {
  // expected-error @+1 {{'modelc.one_hot' op result type 'tensor<3x4x3xf32>' does not have the expected shape 3x4x2}}
  %0 = modelc.one_hot %i, %d, %v {axis = 1 : i64} : (tensor<3x2xi64>, tensor<i64>, tensor<2xf32>) -> tensor<3x4x3xf32>
  return %0 : tensor<3x4x3xf32>
}

// -----

func.func @eye_like_rank(%x: tensor<2x3x4xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'modelc.eye_like' op input must be 2-D}}
  %0 = modelc.eye_like %x : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @size_result(%x: tensor<2x3xf32>) -> tensor<1xi64> {
  // expected-error @+1 {{'modelc.size' op result #0 must be 0D tensor of 64-bit signless integer values}}
  %0 = modelc.size %x : (tensor<2x3xf32>) -> tensor<1xi64>
  return %0 : tensor<1xi64>
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x6x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'modelc.depth_to_space' op channels must be a multiple of blocksize squared}}
  %0 = modelc.depth_to_space %x {blocksize = 2 : i64} : (tensor<1x6x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @depth_to_space_mode(%x: tensor<1x8x2x2xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{'modelc.depth_to_space' op mode must be DCR or CRD}}
  %0 = modelc.depth_to_space %x {blocksize = 2 : i64, mode = "RDC"} : (tensor<1x8x2x2xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @space_to_depth_result(%x: tensor<1x2x4x6xf32>) -> tensor<1x8x3x2xf32> {
  // expected-error @+1 {{'modelc.space_to_depth' op result type 'tensor<1x8x3x2xf32>' does not have the expected shape 1x8x2x3}}
  %0 = modelc.space_to_depth %x {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x3x2xf32>
  return %0 : tensor<1x8x3x2xf32>
}

// -----

func.func @space_to_depth_blocks(%x: tensor<1x2x5x6xf32>) -> tensor<1x8x2x3xf32> {
  // expected-error @+1 {{'modelc.space_to_depth' op height and width must be multiples of blocksize}}
  %0 = modelc.space_to_depth %x {blocksize = 2 : i64} : (tensor<1x2x5x6xf32>) -> tensor<1x8x2x3xf32>
  return %0 : tensor<1x8x2x3xf32>
}

// -----

func.func @top_k_too_many(%x: tensor<3x4xf32>, %k: tensor<1xi64>) -> tensor<3x5xf32> {
  // expected-error @+1 {{'modelc.top_k' op k = 5 is larger than the axis (4)}}
  %0:2 = modelc.top_k %x, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x5xf32>, tensor<3x5xi64>)
  return %0#0 : tensor<3x5xf32>
}

// -----

func.func @top_k_shapes(%x: tensor<3x4xf32>, %k: tensor<1xi64>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'modelc.top_k' op result type 'tensor<3x3xi64>' does not have the expected shape 3x2}}
  %0:2 = modelc.top_k %x, %k : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x3xi64>)
  return %0#0 : tensor<3x2xf32>
}

// -----

func.func @top_k_k(%x: tensor<3x4xf32>, %k: tensor<2xi64>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'modelc.top_k' op k must be a one-element 1-D tensor}}
  %0:2 = modelc.top_k %x, %k : (tensor<3x4xf32>, tensor<2xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return %0#0 : tensor<3x2xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Constants and generic type constraints
//===----------------------------------------------------------------------===//

func.func @constant_type_mismatch() -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.constant' op failed to verify that all of {value, output} have same type}}
  %0 = "modelc.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @constant_not_elements() -> tensor<4xf32> {
  // expected-error @+1 {{invalid properties {value = 1.000000e+00 : f32} for op modelc.constant: Invalid attribute `value` in property conversion}}
  %0 = "modelc.constant"() <{value = 1.0 : f32}> : () -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @unary_result_type(%x: tensor<4xf32>) -> tensor<4xf16> {
  // expected-error @+1 {{'modelc.relu' op requires the same type for all operands and results}}
  %0 = "modelc.relu"(%x) : (tensor<4xf32>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

func.func @unranked(%x: tensor<*xf32>) -> tensor<*xf32> {
  // expected-error @+1 {{'modelc.exp' op operand #0 must be ranked tensor of any type values}}
  %0 = "modelc.exp"(%x) : (tensor<*xf32>) -> tensor<*xf32>
  return %0 : tensor<*xf32>
}

// -----

func.func @not_a_tensor(%x: f32) -> f32 {
  // expected-error @+1 {{'modelc.neg' op operand #0 must be ranked tensor of any type values}}
  %0 = "modelc.neg"(%x) : (f32) -> f32
  return %0 : f32
}

// -----

func.func @einsum_rank_mismatch(%a: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.einsum' op malformed equation 'ijk->i' for operands of ranks 2}}
  %0 = modelc.einsum %a {equation = "ijk->i"} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @einsum_output_rank(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'modelc.einsum' op the equation's output has 1 dimensions but the result has 2}}
  %0 = modelc.einsum %a {equation = "ij->i"} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @det_not_square(%x: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+1 {{'modelc.det' op the input's matrices must be square, not 2x3}}
  %0 = modelc.det %x : (tensor<2x3xf32>) -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @det_batch(%x: tensor<5x3x3xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.det' op the result must have the input's batch shape}}
  %0 = modelc.det %x : (tensor<5x3x3xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @max_unpool_small(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<1x1x3x4xf32> {
  // expected-error @+1 {{'modelc.max_unpool' op result type 'tensor<1x1x3x4xf32>' is smaller than the unpooled shape 4x4 of its spatial axes}}
  %0 = modelc.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x3x4xf32>
  return %0 : tensor<1x1x3x4xf32>
}

// -----

func.func @max_unpool_indices(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x3xi64>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'modelc.max_unpool' op indices must have the input's shape}}
  %0 = modelc.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x3xi64>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @max_unpool_kernel(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32> {
  // expected-error @+1 {{'modelc.max_unpool' op kernel_shape and strides must have 2 values and pads 4}}
  %0 = modelc.max_unpool %x, %i {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @grid_sample_mode(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{'modelc.grid_sample' op unknown mode 'linear'}}
  %0 = modelc.grid_sample %x, %g {mode = "linear"} : (tensor<1x1x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @grid_sample_padding(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{'modelc.grid_sample' op unknown padding_mode 'edge'}}
  %0 = modelc.grid_sample %x, %g {padding_mode = "edge"} : (tensor<1x1x4x4xf32>, tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @grid_sample_grid(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x2x3xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+1 {{'modelc.grid_sample' op grid must be N x Ho x Wo x 2}}
  %0 = modelc.grid_sample %x, %g : (tensor<1x1x4x4xf32>, tensor<1x2x2x3xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @grid_sample_result(%x: tensor<1x1x4x4xf32>, %g: tensor<1x2x3x2xf32>) -> tensor<1x1x3x2xf32> {
  // expected-error @+1 {{'modelc.grid_sample' op result type 'tensor<1x1x3x2xf32>' does not have the expected shape 1x1x2x3}}
  %0 = modelc.grid_sample %x, %g : (tensor<1x1x4x4xf32>, tensor<1x2x3x2xf32>) -> tensor<1x1x3x2xf32>
  return %0 : tensor<1x1x3x2xf32>
}

// -----

func.func @grid_sample_3d(%x: tensor<1x1x4x4x4xf32>, %g: tensor<1x2x2x2x3xf32>) -> tensor<1x1x2x2x2xf32> {
  // expected-error @+1 {{'modelc.grid_sample' op input must be 4-D (N x C x H x W), not 5-D}}
  %0 = modelc.grid_sample %x, %g : (tensor<1x1x4x4x4xf32>, tensor<1x2x2x2x3xf32>) -> tensor<1x1x2x2x2xf32>
  return %0 : tensor<1x1x2x2x2xf32>
}

// -----

func.func @roi_align_rois(%x: tensor<1x1x8x8xf32>, %r: tensor<3x5xf32>, %b: tensor<3xi64>) -> tensor<3x1x2x2xf32> {
  // expected-error @+1 {{'modelc.roi_align' op rois must be R x 4}}
  %0 = modelc.roi_align %x, %r, %b : (tensor<1x1x8x8xf32>, tensor<3x5xf32>, tensor<3xi64>) -> tensor<3x1x2x2xf32>
  return %0 : tensor<3x1x2x2xf32>
}

// -----

func.func @roi_align_indices(%x: tensor<1x1x8x8xf32>, %r: tensor<3x4xf32>, %b: tensor<2xi64>) -> tensor<3x1x2x2xf32> {
  // expected-error @+1 {{'modelc.roi_align' op batch_indices must have one element per region}}
  %0 = modelc.roi_align %x, %r, %b : (tensor<1x1x8x8xf32>, tensor<3x4xf32>, tensor<2xi64>) -> tensor<3x1x2x2xf32>
  return %0 : tensor<3x1x2x2xf32>
}

// -----

func.func @roi_align_mode(%x: tensor<1x1x8x8xf32>, %r: tensor<3x4xf32>, %b: tensor<3xi64>) -> tensor<3x1x2x2xf32> {
  // expected-error @+1 {{'modelc.roi_align' op unknown coordinate_transformation_mode 'align_corners'}}
  %0 = modelc.roi_align %x, %r, %b {coordinate_transformation_mode = "align_corners"} : (tensor<1x1x8x8xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x1x2x2xf32>
  return %0 : tensor<3x1x2x2xf32>
}

// -----

func.func @roi_align_result(%x: tensor<1x2x8x8xf32>, %r: tensor<3x4xf32>, %b: tensor<3xi64>) -> tensor<3x1x2x2xf32> {
  // expected-error @+1 {{'modelc.roi_align' op result must be R x C x output_height x output_width}}
  %0 = modelc.roi_align %x, %r, %b : (tensor<1x2x8x8xf32>, tensor<3x4xf32>, tensor<3xi64>) -> tensor<3x1x2x2xf32>
  return %0 : tensor<3x1x2x2xf32>
}

// -----

func.func @dft_last_axis(%x: tensor<4x8x1xf32>) -> tensor<4x8x2xf32> {
  // expected-error @+1 {{'modelc.dft' op axis 2 must be in [0, 1]}}
  %0 = modelc.dft %x {axis = 2 : i64} : (tensor<4x8x1xf32>) -> tensor<4x8x2xf32>
  return %0 : tensor<4x8x2xf32>
}

// -----

func.func @dft_parts(%x: tensor<4x8x3xf32>) -> tensor<4x8x2xf32> {
  // expected-error @+1 {{'modelc.dft' op input's last dimension must be 1 (real) or 2 (complex), not 3}}
  %0 = modelc.dft %x {axis = 1 : i64} : (tensor<4x8x3xf32>) -> tensor<4x8x2xf32>
  return %0 : tensor<4x8x2xf32>
}

// -----

func.func @dft_onesided(%x: tensor<4x8x1xf32>) -> tensor<4x8x2xf32> {
  // expected-error @+1 {{'modelc.dft' op result type 'tensor<4x8x2xf32>' does not have the expected shape 4x5x2}}
  %0 = modelc.dft %x {axis = 1 : i64, onesided = true} : (tensor<4x8x1xf32>) -> tensor<4x8x2xf32>
  return %0 : tensor<4x8x2xf32>
}

// -----

func.func @dft_length(%x: tensor<4x8x1xf32>) -> tensor<4x8x2xf32> {
  // expected-error @+1 {{'modelc.dft' op dft_length must be positive, not 0}}
  %0 = modelc.dft %x {axis = 1 : i64, dft_length = 0 : i64} : (tensor<4x8x1xf32>) -> tensor<4x8x2xf32>
  return %0 : tensor<4x8x2xf32>
}

// -----

func.func @stft_bins(%x: tensor<1x64x1xf32>, %s: tensor<i64>, %w: tensor<16xf32>) -> tensor<1x?x16x2xf32> {
  // expected-error @+1 {{'modelc.stft' op result type 'tensor<1x?x16x2xf32>' does not have the expected shape 1x?x9x2}}
  %0 = modelc.stft %x step %s window %w : (tensor<1x64x1xf32>, tensor<i64>, tensor<16xf32>) -> tensor<1x?x16x2xf32>
  return %0 : tensor<1x?x16x2xf32>
}

// -----

func.func @stft_step(%x: tensor<1x64x1xf32>, %s: tensor<2xi64>) -> tensor<1x?x?x2xf32> {
  // expected-error @+1 {{'modelc.stft' op frame_step must be a scalar}}
  %0 = modelc.stft %x step %s : (tensor<1x64x1xf32>, tensor<2xi64>) -> tensor<1x?x?x2xf32>
  return %0 : tensor<1x?x?x2xf32>
}

// -----

func.func @stft_rank(%x: tensor<64x1xf32>, %s: tensor<i64>) -> tensor<1x?x?x2xf32> {
  // expected-error @+1 {{'modelc.stft' op signal must be 3-D (batch x length x 1 or 2), not 2-D}}
  %0 = modelc.stft %x step %s : (tensor<64x1xf32>, tensor<i64>) -> tensor<1x?x?x2xf32>
  return %0 : tensor<1x?x?x2xf32>
}

// -----

func.func @window_size(%n: tensor<2xi32>) -> tensor<?xf32> {
  // expected-error @+1 {{'modelc.hann_window' op size must be a scalar}}
  %0 = modelc.hann_window %n : (tensor<2xi32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @window_rank(%n: tensor<i32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'modelc.blackman_window' op result must be 1-D}}
  %0 = modelc.blackman_window %n : (tensor<i32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @mel_scalar(%n: tensor<i32>, %l: tensor<f32>, %f: tensor<2xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{'modelc.mel_weight_matrix' op upper_edge_hertz must be a scalar}}
  %0 = modelc.mel_weight_matrix %n, %n, %n, %l, %f : (tensor<i32>, tensor<i32>, tensor<i32>, tensor<f32>, tensor<2xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @dft_empty(%x: tensor<4x0x1xf32>) -> tensor<4x0x2xf32> {
  // expected-error @+1 {{'modelc.dft' op the signal axis is empty: the transform needs at least one element}}
  %0 = modelc.dft %x {axis = 1 : i64} : (tensor<4x0x1xf32>) -> tensor<4x0x2xf32>
  return %0 : tensor<4x0x2xf32>
}

// -----

func.func @tfidf_rank(%x: tensor<1x2x6xi32>) -> tensor<1x2x2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op the input must be 1-D or 2-D, not of rank 3}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5>} : (tensor<1x2x6xi32>) -> tensor<1x2x2xf32>
  return %0 : tensor<1x2x2xf32>
}

// -----

func.func @tfidf_lengths(%x: tensor<6xi32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op the n-gram lengths must satisfy 1 <= min_gram_length <= max_gram_length, not 2 and 1}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 2 : i64, mode = "TF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5>} : (tensor<6xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @tfidf_skip(%x: tensor<6xi32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op max_skip_count must not be negative}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = -1 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5>} : (tensor<6xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @tfidf_counts_range(%x: tensor<6xi32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op ngram_counts[1] = 3 is outside the pool of 2 tokens}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 2 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0, 3>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5>} : (tensor<6xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @tfidf_counts_order(%x: tensor<6xi32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op ngram_counts must not decrease}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 2 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 2, 0>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5>} : (tensor<6xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @tfidf_whole_ngrams(%x: tensor<6xi32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op the 2-grams of the pool (3 tokens) are not a whole number of 2-grams}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 2 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0, 1>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5, 6, 7>} : (tensor<6xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @tfidf_indexes_count(%x: tensor<6xi32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op ngram_indexes has 2 entries, but the pool holds 3 n-grams}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5, 6>} : (tensor<6xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @tfidf_negative_index(%x: tensor<6xi32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op ngram_indexes must not be negative}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 1, -1>, pool = array<i64: 4, 5>} : (tensor<6xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @tfidf_weights(%x: tensor<6xi32>) -> tensor<4xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op weights has 2 entries, fewer than the 4 output positions}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "IDF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 0, 3>, pool = array<i64: 4, 5>, weights = array<f32: 1.0, 2.0>} : (tensor<6xi32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @tfidf_result(%x: tensor<3x6xi32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op result type 'tensor<3x3xf32>' does not have the expected shape 3x2}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5>} : (tensor<3x6xi32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @tfidf_mode(%x: tensor<6xi32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op attribute 'mode' failed to satisfy constraint: string attribute "TF", "IDF" or "TFIDF"}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "BM25", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5>} : (tensor<6xi32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @tfidf_float_input(%x: tensor<6xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.tfidf_vectorizer' op operand #0 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 1 : i64, max_skip_count = 0 : i64, min_gram_length = 1 : i64, mode = "TF", ngram_counts = array<i64: 0>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 4, 5>} : (tensor<6xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @non_zero_rows(%x: tensor<3x2xf32>) -> tensor<3x?xi64> {
  // expected-error @+1 {{'modelc.non_zero' op result type 'tensor<3x?xi64>' does not have the expected shape 2x?}}
  %0 = modelc.non_zero %x : (tensor<3x2xf32>) -> tensor<3x?xi64>
  return %0 : tensor<3x?xi64>
}

// -----

func.func @compress_condition(%x: tensor<3x2xf32>, %c: tensor<3x1xi1>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'modelc.compress' op condition must be a 1-D tensor}}
  %0 = modelc.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3x1xi1>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// -----

func.func @compress_other_dims(%x: tensor<3x2xf32>, %c: tensor<3xi1>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'modelc.compress' op result type 'tensor<?x3xf32>' does not have the expected shape ?x2}}
  %0 = modelc.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @compress_flat(%x: tensor<3x2xf32>, %c: tensor<3xi1>) -> tensor<2x1xf32> {
  // expected-error @+1 {{'modelc.compress' op result type 'tensor<2x1xf32>' does not have the expected shape ?}}
  %0 = modelc.compress %x, %c : (tensor<3x2xf32>, tensor<3xi1>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

func.func @unique_inverse(%x: tensor<3x2xf32>) -> tensor<?x2xf32> {
  // expected-error @+1 {{'modelc.unique' op result type 'tensor<6xi64>' does not have the expected shape 3}}
  %0:4 = modelc.unique %x {axis = 0 : i64} : (tensor<3x2xf32>) -> (tensor<?x2xf32>, tensor<?xi64>, tensor<6xi64>, tensor<?xi64>)
  return %0#0 : tensor<?x2xf32>
}

// -----

func.func @nms_scores(%b: tensor<1x6x4xf32>, %s: tensor<1x2x5xf32>) -> tensor<?x3xi64> {
  // expected-error @+1 {{'modelc.non_max_suppression' op scores must be batch x classes x boxes, with the boxes' batch and box counts}}
  %0 = modelc.non_max_suppression %b, %s {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>} : (tensor<1x6x4xf32>, tensor<1x2x5xf32>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}

// -----

func.func @nms_result(%b: tensor<1x6x4xf32>, %s: tensor<1x2x6xf32>) -> tensor<?x2xi64> {
  // expected-error @+1 {{'modelc.non_max_suppression' op result type 'tensor<?x2xi64>' does not have the expected shape ?x3}}
  %0 = modelc.non_max_suppression %b, %s {operandSegmentSizes = array<i32: 1, 1, 0, 0, 0>} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>) -> tensor<?x2xi64>
  return %0 : tensor<?x2xi64>
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

// -----

func.func @if_condition_elements(%c: tensor<2xi1>, %a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.if' op condition must have one element}}
  %0 = modelc.if %c : tensor<2xi1> -> (tensor<2xf32>) {
    modelc.yield %a : tensor<2xf32>
  } else {
    modelc.yield %a : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @if_yield_count(%c: tensor<i1>, %a: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.if' op else_branch yields 2 values, but the op has 1 results}}
  %0 = modelc.if %c : tensor<i1> -> (tensor<2xf32>) {
    modelc.yield %a : tensor<2xf32>
  } else {
    modelc.yield %a, %a : tensor<2xf32>, tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @if_yield_type(%c: tensor<i1>, %a: tensor<2xf32>, %b: tensor<3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.if' op then_branch value #0 has type 'tensor<3xf32>', not compatible with 'tensor<2xf32>'}}
  %0 = modelc.if %c : tensor<i1> -> (tensor<2xf32>) {
    modelc.yield %b : tensor<3xf32>
  } else {
    modelc.yield %a : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @yield_parent(%a: tensor<2xf32>) {
  // expected-error @+1 {{'modelc.yield' op expects parent op to be one of 'modelc.if, modelc.loop, modelc.scan'}}
  modelc.yield %a : tensor<2xf32>
}

// -----

func.func @loop_trip_count_elements(%m: tensor<2xi64>, %y: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.loop' op max_trip_count must have one element}}
  %0 = modelc.loop max_trip_count(%m : tensor<2xi64>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %c, %yi : tensor<i1>, tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @loop_condition_elements(%c: tensor<2xi1>, %y: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.loop' op condition must have one element}}
  %0 = modelc.loop condition(%c : tensor<2xi1>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %ci: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %ci, %yi : tensor<i1>, tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @loop_fewer_results(%m: tensor<i64>, %y: tensor<2xf32>) {
  // expected-error @+1 {{'modelc.loop' op has 0 results, fewer than its 1 loop-carried values}}
  modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %c, %yi : tensor<i1>, tensor<2xf32>
  }
  return
}

// -----

func.func @loop_body_arguments(%m: tensor<i64>, %y: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.loop' op body arguments must be (tensor<i64>, tensor<i1>, tensor<2xf32>)}}
  %0 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%i: tensor<i32>, %c: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %c, %yi : tensor<i1>, tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @loop_yield_count(%m: tensor<i64>, %y: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.loop' op body yields 1 values, expected 2 (the condition, the loop-carried values and the scan output elements)}}
  %0 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %yi : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @loop_yield_condition(%m: tensor<i64>, %y: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.loop' op body must yield a one-element i1 condition first}}
  %0 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %i, %yi : tensor<i64>, tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @loop_carried_shape(%m: tensor<i64>, %y: tensor<2xf32>, %z: tensor<3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.loop' op yielded loop-carried value #0 has type 'tensor<3xf32>', not compatible with 'tensor<2xf32>'}}
  %0 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %c, %z : tensor<i1>, tensor<3xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @loop_scan_output(%m: tensor<i64>, %y: tensor<2xf32>) -> (tensor<2xf32>, tensor<?x3xf32>) {
  // expected-error @+1 {{'modelc.loop' op scan output #0 has type 'tensor<?x3xf32>', not the yielded 'tensor<2xf32>' stacked as ?x2}}
  %0:2 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>, tensor<?x3xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %c, %yi, %yi : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0#0, %0#1 : tensor<2xf32>, tensor<?x3xf32>
}

// -----

func.func @loop_scan_element_type(%m: tensor<i64>, %y: tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf16>) {
  // expected-error @+1 {{'modelc.loop' op scan output #0 has element type 'f16', but the body yields 'f32'}}
  %0:2 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf16>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<2xf32>):
    modelc.yield %c, %yi, %yi : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0#0, %0#1 : tensor<2xf32>, tensor<?x2xf16>
}

// -----

func.func @scan_fewer_results(%s: tensor<2xf32>, %x: tensor<3x2xf32>) {
  // expected-error @+1 {{'modelc.scan' op has 0 results, fewer than its 1 states}}
  modelc.scan initial(%s : tensor<2xf32>) inputs(%x : tensor<3x2xf32>) {
  ^bb0(%si: tensor<2xf32>, %xi: tensor<2xf32>):
    modelc.yield %si : tensor<2xf32>
  }
  return
}

// -----

func.func @scan_axes_count(%s: tensor<2xf32>, %x: tensor<3x2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.scan' op scan_input_axes has 2 values, expected 1}}
  %0 = modelc.scan initial(%s : tensor<2xf32>) inputs(%x : tensor<3x2xf32>) -> (tensor<2xf32>) {
  ^bb0(%si: tensor<2xf32>, %xi: tensor<2xf32>):
    modelc.yield %si : tensor<2xf32>
  } attributes {scan_input_axes = array<i64: 0, 0>}
  return %0 : tensor<2xf32>
}

// -----

func.func @scan_direction(%s: tensor<2xf32>, %x: tensor<3x2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.scan' op scan_input_directions must hold 0 (forward) or 1 (reverse)}}
  %0 = modelc.scan initial(%s : tensor<2xf32>) inputs(%x : tensor<3x2xf32>) -> (tensor<2xf32>) {
  ^bb0(%si: tensor<2xf32>, %xi: tensor<2xf32>):
    modelc.yield %si : tensor<2xf32>
  } attributes {scan_input_directions = array<i64: 2>}
  return %0 : tensor<2xf32>
}

// -----

func.func @scan_input_axis(%s: tensor<2xf32>, %x: tensor<3x2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.scan' op scan input #0 has the axis 2, out of range for 2 dimensions}}
  %0 = modelc.scan initial(%s : tensor<2xf32>) inputs(%x : tensor<3x2xf32>) -> (tensor<2xf32>) {
  ^bb0(%si: tensor<2xf32>, %xi: tensor<3xf32>):
    modelc.yield %si : tensor<2xf32>
  } attributes {scan_input_axes = array<i64: 2>}
  return %0 : tensor<2xf32>
}

// -----

func.func @scan_lengths(%x: tensor<3x2xf32>, %z: tensor<4x2xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'modelc.scan' op scan inputs have different lengths (3 and 4)}}
  %0 = modelc.scan inputs(%x, %z : tensor<3x2xf32>, tensor<4x2xf32>) -> (tensor<3x2xf32>) {
  ^bb0(%xi: tensor<2xf32>, %zi: tensor<2xf32>):
    modelc.yield %xi : tensor<2xf32>
  }
  return %0 : tensor<3x2xf32>
}

// -----

func.func @scan_body_argument(%s: tensor<2xf32>, %x: tensor<3x2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.scan' op body argument #1 has type 'tensor<3xf32>', expected 'tensor<2xf32>'}}
  %0 = modelc.scan initial(%s : tensor<2xf32>) inputs(%x : tensor<3x2xf32>) -> (tensor<2xf32>) {
  ^bb0(%si: tensor<2xf32>, %xi: tensor<3xf32>):
    modelc.yield %si : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @scan_yield_count(%s: tensor<2xf32>, %x: tensor<3x2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.scan' op body yields 2 values, but the op has 1 results}}
  %0 = modelc.scan initial(%s : tensor<2xf32>) inputs(%x : tensor<3x2xf32>) -> (tensor<2xf32>) {
  ^bb0(%si: tensor<2xf32>, %xi: tensor<2xf32>):
    modelc.yield %si, %xi : tensor<2xf32>, tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @scan_output_length(%x: tensor<3x2xf32>) -> tensor<4x2xf32> {
  // expected-error @+1 {{'modelc.scan' op scan output #0 has type 'tensor<4x2xf32>', not the yielded 'tensor<2xf32>' stacked as 3x2}}
  %0 = modelc.scan inputs(%x : tensor<3x2xf32>) -> (tensor<4x2xf32>) {
  ^bb0(%xi: tensor<2xf32>):
    modelc.yield %xi : tensor<2xf32>
  }
  return %0 : tensor<4x2xf32>
}

// -----

func.func @scan_output_axis(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'modelc.scan' op scan output #0 has the axis 2, out of range for 2 dimensions}}
  %0 = modelc.scan inputs(%x : tensor<3x2xf32>) -> (tensor<3x2xf32>) {
  ^bb0(%xi: tensor<2xf32>):
    modelc.yield %xi : tensor<2xf32>
  } attributes {scan_output_axes = array<i64: 2>}
  return %0 : tensor<3x2xf32>
}

// -----

func.func @random_uniform_dynamic() -> tensor<?xf32> {
  // expected-error @+1 {{'modelc.random_uniform' op the result must have a static shape (or the shape of a `like` operand)}}
  %0 = modelc.random_uniform {seed = 0 : i64} : () -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @random_uniform_like_shape(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{'modelc.random_uniform' op the result must have the shape of `like`}}
  %0 = modelc.random_uniform %x {seed = 0 : i64} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @random_uniform_bounds() -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.random_uniform' op low (2) must not exceed high (1)}}
  %0 = modelc.random_uniform {low = 2.0 : f32, seed = 0 : i64} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @random_normal_infinite() -> tensor<2xf32> {
  // expected-error @+1 {{'modelc.random_normal' op mean and scale must be finite}}
  %0 = modelc.random_normal {scale = 0x7F800000 : f32, seed = 0 : i64} : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @random_normal_like_rank(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  // expected-error @+1 {{'modelc.random_normal' op the result must have the shape of `like`}}
  %0 = modelc.random_normal %x {seed = 0 : i64} : (tensor<2x3xf32>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @random_uniform_int() -> tensor<2xi32> {
  // expected-error @+1 {{'modelc.random_uniform' op result #0 must be ranked tensor of floating-point values}}
  %0 = modelc.random_uniform {seed = 0 : i64} : () -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @bernoulli_shape(%p: tensor<10xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'modelc.bernoulli' op the result must have the input's shape}}
  %0 = modelc.bernoulli %p {seed = 0 : i64} : (tensor<10xf32>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

func.func @bernoulli_index(%p: tensor<10xf32>) -> tensor<10xindex> {
  // expected-error @+1 {{'modelc.bernoulli' op the result must have a numeric or bool element type, not 'index'}}
  %0 = modelc.bernoulli %p {seed = 0 : i64} : (tensor<10xf32>) -> tensor<10xindex>
  return %0 : tensor<10xindex>
}

// -----

func.func @bernoulli_seed(%p: tensor<10xf32>) -> tensor<10xf32> {
  // expected-error @+1 {{'modelc.bernoulli' op requires attribute 'seed'}}
  %0 = modelc.bernoulli %p : (tensor<10xf32>) -> tensor<10xf32>
  return %0 : tensor<10xf32>
}

// -----

func.func @multinomial_rank(%l: tensor<4xf32>) -> tensor<1x2xi32> {
  // expected-error @+1 {{'modelc.multinomial' op the input must be 2-D (batch x classes), not of rank 1}}
  %0 = modelc.multinomial %l {sample_size = 2 : i64, seed = 0 : i64} : (tensor<4xf32>) -> tensor<1x2xi32>
  return %0 : tensor<1x2xi32>
}

// -----

func.func @multinomial_samples(%l: tensor<2x4xf32>) -> tensor<2x0xi32> {
  // expected-error @+1 {{'modelc.multinomial' op sample_size must be positive, not 0}}
  %0 = modelc.multinomial %l {sample_size = 0 : i64, seed = 0 : i64} : (tensor<2x4xf32>) -> tensor<2x0xi32>
  return %0 : tensor<2x0xi32>
}

// -----

func.func @multinomial_result(%l: tensor<2x4xf32>) -> tensor<2x4xi64> {
  // expected-error @+1 {{'modelc.multinomial' op the result must be batch x sample_size (3)}}
  %0 = modelc.multinomial %l {sample_size = 3 : i64, seed = 0 : i64} : (tensor<2x4xf32>) -> tensor<2x4xi64>
  return %0 : tensor<2x4xi64>
}

// -----

func.func @dropout_ratio(%x: tensor<3x4xf32>, %r: tensor<2xf32>, %t: tensor<i1>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'modelc.dropout' op ratio must be a scalar}}
  %y, %m = modelc.dropout %x, %r, %t {seed = 0 : i64} : (tensor<3x4xf32>, tensor<2xf32>, tensor<i1>) -> (tensor<3x4xf32>, tensor<3x4xi1>)
  return %y : tensor<3x4xf32>
}

// -----

func.func @dropout_mask(%x: tensor<3x4xf32>, %r: tensor<f32>, %t: tensor<i1>) -> tensor<3x4xf32> {
  // expected-error @+1 {{'modelc.dropout' op the mask must have the input's shape}}
  %y, %m = modelc.dropout %x, %r, %t {seed = 0 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> (tensor<3x4xf32>, tensor<4x3xi1>)
  return %y : tensor<3x4xf32>
}

// -----

func.func @dropout_output(%x: tensor<3x4xf32>, %r: tensor<f32>, %t: tensor<i1>) -> tensor<3x4xf16> {
  // expected-error @+1 {{'modelc.dropout' op the output must have the input's type}}
  %y, %m = modelc.dropout %x, %r, %t {seed = 0 : i64} : (tensor<3x4xf32>, tensor<f32>, tensor<i1>) -> (tensor<3x4xf16>, tensor<3x4xi1>)
  return %y : tensor<3x4xf16>
}

// -----

func.func @check_status_ok(%ok: i1) {
  // expected-error @+1 {{'modelc.check' op the status of a failed check must be a positive modelc_status, not 0}}
  modelc.check %ok, "never fails" {status = 0 : i32}
  return
}

// -----

func.func @string_normalizer_rank(%x: tensor<1x2x2x!modelc.string>) -> tensor<1x2x2x!modelc.string> {
  // expected-error @+1 {{'modelc.string_normalizer' op the input must be [C] or [1, C], not of rank 3}}
  %0 = modelc.string_normalizer %x : (tensor<1x2x2x!modelc.string>) -> tensor<1x2x2x!modelc.string>
  return %0 : tensor<1x2x2x!modelc.string>
}

// -----

func.func @string_normalizer_batch(%x: tensor<2x3x!modelc.string>) -> tensor<2x3x!modelc.string> {
  // expected-error @+1 {{'modelc.string_normalizer' op a 2-D input must be [1, C], not 2x3}}
  %0 = modelc.string_normalizer %x : (tensor<2x3x!modelc.string>) -> tensor<2x3x!modelc.string>
  return %0 : tensor<2x3x!modelc.string>
}

// -----

func.func @string_normalizer_result_rank(%x: tensor<1x3x!modelc.string>) -> tensor<3x!modelc.string> {
  // expected-error @+1 {{'modelc.string_normalizer' op the result must have the input's rank 2, not 1}}
  %0 = modelc.string_normalizer %x : (tensor<1x3x!modelc.string>) -> tensor<3x!modelc.string>
  return %0 : tensor<3x!modelc.string>
}

// -----

func.func @string_normalizer_result_batch(%x: tensor<1x3x!modelc.string>) -> tensor<2x3x!modelc.string> {
  // expected-error @+1 {{'modelc.string_normalizer' op a 2-D result must be [1, K], not 2x3}}
  %0 = modelc.string_normalizer %x : (tensor<1x3x!modelc.string>) -> tensor<2x3x!modelc.string>
  return %0 : tensor<2x3x!modelc.string>
}

// -----

func.func @string_normalizer_keeps_more(%x: tensor<3x!modelc.string>) -> tensor<4x!modelc.string> {
  // expected-error @+1 {{'modelc.string_normalizer' op the result keeps 4 elements of 3: it holds between 1 and the input's number}}
  %0 = modelc.string_normalizer %x : (tensor<3x!modelc.string>) -> tensor<4x!modelc.string>
  return %0 : tensor<4x!modelc.string>
}

// -----

func.func @string_normalizer_keeps_none(%x: tensor<3x!modelc.string>) -> tensor<0x!modelc.string> {
  // expected-error @+1 {{'modelc.string_normalizer' op the result keeps 0 elements of 3: it holds between 1 and the input's number}}
  %0 = modelc.string_normalizer %x : (tensor<3x!modelc.string>) -> tensor<0x!modelc.string>
  return %0 : tensor<0x!modelc.string>
}

// -----

func.func @string_normalizer_not_strings(%x: tensor<3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{'modelc.string_normalizer' op operand #0 must be ranked tensor of string values, but got 'tensor<3xf32>'}}
  %0 = modelc.string_normalizer %x : (tensor<3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @string_normalizer_case(%x: tensor<3x!modelc.string>) -> tensor<3x!modelc.string> {
  // expected-error @+2 {{expected ::mlir::modelc::CaseChange to be one of: none, lower, upper}}
  // expected-error @+1 {{failed to parse Modelc_CaseChangeAttr parameter 'value'}}
  %0 = modelc.string_normalizer %x {case_change_action = #modelc.case_change<title>} : (tensor<3x!modelc.string>) -> tensor<3x!modelc.string>
  return %0 : tensor<3x!modelc.string>
}


// -----

// expected-error @+1 {{unknown  type `text` in dialect `modelc`}}
func.func @unknown_type(%x: tensor<3x!modelc.text>) {
  return
}

// -----

func.func @conv_channels_last_grouped(%x: tensor<1x8x8x4xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<1x6x6x8xf32> {
  // expected-error @+1 {{channels_last needs two spatial axes and one group or one channel per group}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, channels_last} : (tensor<1x8x8x4xf32>, tensor<8x2x3x3xf32>) -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

func.func @conv_channels_last_channels(%x: tensor<1x8x8x3xf32>, %w: tensor<4x2x3x3xf32>) -> tensor<1x6x6x4xf32> {
  // expected-error @+1 {{input has 3 channels but weight expects 2 x 1 groups}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, channels_last} : (tensor<1x8x8x3xf32>, tensor<4x2x3x3xf32>) -> tensor<1x6x6x4xf32>
  return %0 : tensor<1x6x6x4xf32>
}

// -----

func.func @pool_channels_last_1d(%x: tensor<1x8x4xf32>) -> tensor<1x4x4xf32> {
  // expected-error @+1 {{channels_last needs two spatial axes}}
  %0 = modelc.max_pool %x {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>, dilations = array<i64: 1>, channels_last} : (tensor<1x8x4xf32>) -> tensor<1x4x4xf32>
  return %0 : tensor<1x4x4xf32>
}

// -----

func.func @conv_residual_type(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>, %r: tensor<1x2x4x1xf32>) -> tensor<1x2x4x4xf32> {
  // expected-error @+1 {{residual must have the result's type, 'tensor<1x2x4x4xf32>', not 'tensor<1x2x4x1xf32>'}}
  %0 = modelc.conv %x, %w residual %r {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<1x2x4x1xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

func.func @matmul_bias_size(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %c: tensor<4xf32>) -> tensor<3x5xf32> {
  // expected-error @+1 {{bias must have one value per column of B}}
  %0 = modelc.matmul %a, %b bias %c : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<4xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @matmul_residual_element(%a: tensor<3x4xf32>, %b: tensor<4x5xf32>, %r: tensor<3x5xf16>) -> tensor<3x5xf32> {
  // expected-error @+1 {{residual must have the result's type, 'tensor<3x5xf32>', not 'tensor<3x5xf16>'}}
  %0 = modelc.matmul %a, %b residual %r : (tensor<3x4xf32>, tensor<4x5xf32>, tensor<3x5xf16>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

func.func @attention_rank(%q: tensor<2x4x8xf32>, %k: tensor<8x4xf32>, %v: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{q, k and v must have the same rank, 2 or more}}
  %0 = modelc.attention %q, %k, %v : (tensor<2x4x8xf32>, tensor<8x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

func.func @attention_batch(%q: tensor<2x4x8xf32>, %k: tensor<3x8x4xf32>, %v: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{q, k and v must have the same batch dimensions}}
  %0 = modelc.attention %q, %k, %v : (tensor<2x4x8xf32>, tensor<3x8x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

func.func @attention_inner(%q: tensor<2x4x8xf32>, %k: tensor<2x6x4xf32>, %v: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{the last dimension of q (8) differs from the rows of k (6)}}
  %0 = modelc.attention %q, %k, %v : (tensor<2x4x8xf32>, tensor<2x6x4xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

func.func @attention_values(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %v: tensor<2x5x8xf32>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{the columns of k (4) differ from the rows of v (5)}}
  %0 = modelc.attention %q, %k, %v : (tensor<2x4x8xf32>, tensor<2x8x4xf32>, tensor<2x5x8xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

func.func @attention_mask(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %v: tensor<2x4x8xf32>, %m: tensor<3x4xf32>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{the mask 3x4 does not broadcast to the scores 2x4x4}}
  %0 = modelc.attention %q, %k, %v mask %m : (tensor<2x4x8xf32>, tensor<2x8x4xf32>, tensor<2x4x8xf32>, tensor<3x4xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

func.func @attention_result(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>, %v: tensor<2x4x6xf32>) -> tensor<2x4x8xf32> {
  // expected-error @+1 {{result type 'tensor<2x4x8xf32>' does not have the expected shape 2x4x6}}
  %0 = modelc.attention %q, %k, %v : (tensor<2x4x8xf32>, tensor<2x8x4xf32>, tensor<2x4x6xf32>) -> tensor<2x4x8xf32>
  return %0 : tensor<2x4x8xf32>
}

// -----

func.func @quantized_matmul_float_bias(%a: tensor<3x2x!quant.uniform<u8:f32, 0.05:120>>, %b: tensor<2x2x!quant.uniform<i8:f32, 0.5>>, %c: tensor<2xf32>) -> tensor<3x2x!quant.uniform<u8:f32, 0.1:128>> {
  // expected-error @+1 {{bias must have one value per column of B (int32 for a quantized result)}}
  %0 = modelc.matmul %a, %b bias %c : (tensor<3x2x!quant.uniform<u8:f32, 0.05:120>>, tensor<2x2x!quant.uniform<i8:f32, 0.5>>, tensor<2xf32>) -> tensor<3x2x!quant.uniform<u8:f32, 0.1:128>>
  return %0 : tensor<3x2x!quant.uniform<u8:f32, 0.1:128>>
}

// -----

func.func @quantize_integer_operand(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<u8:f32, 0.1:128>> {
  // expected-error @+1 {{operand must be a float tensor}}
  %0 = modelc.quantize %x : (tensor<4xi32>) -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.1:128>>
}

// -----

func.func @quantize_float_result(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{result must have a !quant.uniform element type, not 'f32'}}
  %0 = modelc.quantize %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @quantize_axis(%x: tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8:f32:2, {0.1, 0.2}>> {
  // expected-error @+1 {{result's quantized axis 2 is not an axis of a rank-2 tensor}}
  %0 = modelc.quantize %x : (tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
  return %0 : tensor<2x3x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
}

// -----

func.func @dequantize_integer_result(%x: tensor<4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4xi32> {
  // expected-error @+1 {{result must be a float tensor}}
  %0 = modelc.dequantize %x : (tensor<4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @dequantize_float_operand(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{operand must have a !quant.uniform element type, not 'f32'}}
  %0 = modelc.dequantize %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @storage_cast_integers(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{casts between a quantized type and integers}}
  %0 = modelc.storage_cast %x : (tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @storage_cast_signedness(%x: tensor<4xi8>) -> tensor<4x!quant.uniform<u8:f32, 0.1:128>> {
  // expected-error @+1 {{integers of 'i8' are not the storage of '!quant.uniform<u8:f32, 1.000000e-01:128>'}}
  %0 = modelc.storage_cast %x : (tensor<4xi8>) -> tensor<4x!quant.uniform<u8:f32, 0.1:128>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.1:128>>
}
