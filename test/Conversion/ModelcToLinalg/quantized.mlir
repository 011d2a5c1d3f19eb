// RUN: modelc-opt %s -split-input-file -verify-diagnostics -convert-modelc-to-linalg | FileCheck %s

// A quantized convolution (Quantized.cpp): the u8 input padded with its zero
// point (and its 5 channels to 8) and split into groups of four channels;
// the s8 filter re-laid as [kh, kw, c/4, m x 4]; the accumulator starts at
// bias - 100 * sum(filter) (9 taps x 5 channels of 1: 10 - 4500); the
// product in groups of four; then the requantization with the per-channel
// multipliers 0.02 * w_scale / 0.1 and the Relu as the clamp's lower bound
// at the zero point 128.

// CHECK-DAG: #[[XMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d4, d2 + d5, d6, d7)>
// CHECK-DAG: #[[WMAP:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d4, d5, d6, d3 * 4 + d7)>
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x6x6x5xi8>) -> tensor<1x6x6x3xi8>
// CHECK: %[[ZX:.*]] = arith.constant 100 : i8
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 1, 1, 3]
// CHECK: tensor.yield %[[ZX]]
// CHECK: %[[GROUPS:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1], [2], [3, 4]] {{.*}} into tensor<1x8x8x2x4xi8>
// CHECK: %[[W:.*]] = arith.constant dense<"0x0101{{.*}}"> : tensor<3x3x2x12xi8>
// CHECK: %[[INIT:.*]] = arith.constant dense<[-4490, -4480, -4470]> : tensor<3xi32>
// CHECK: %[[ACC0:.*]] = linalg.generic {{.*}} ins(%[[INIT]] : tensor<3xi32>) outs({{.*}} : tensor<1x6x6x3xi32>)
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[XMAP]], #[[WMAP]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "reduction"]} ins(%[[GROUPS]], %[[W]] : {{.*}}) outs(%[[ACC0]] : tensor<1x6x6x3xi32>)
// CHECK: arith.extui %{{.*}} : i8 to i32
// CHECK: arith.extsi %{{.*}} : i8 to i32
// CHECK: arith.muli
// CHECK: arith.addi
// CHECK: %[[MULT:.*]] = arith.constant dense<[0.099999994, 0.049999997, 0.0249999985]> : tensor<3xf32>
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %[[MULT]] : tensor<1x6x6x3xi32>, tensor<3xf32>) outs({{.*}} : tensor<1x6x6x3xi8>)
// CHECK: arith.sitofp
// CHECK: arith.mulf
// CHECK: math.roundeven
// CHECK: arith.addf
// CHECK: arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK: arith.minimumf
// CHECK: arith.fptosi
// CHECK: arith.trunci
func.func @conv(%x: tensor<1x6x6x5xui8>) -> tensor<1x6x6x3xui8> {
  %q = modelc.storage_cast %x : (tensor<1x6x6x5xui8>) -> tensor<1x6x6x5x!quant.uniform<u8:f32, 0.02:100>>
  %w0 = modelc.constant dense<1> : tensor<3x5x3x3xi8>
  %w = modelc.storage_cast %w0 : (tensor<3x5x3x3xi8>) -> tensor<3x5x3x3x!quant.uniform<i8:f32:0, {0.5:0, 0.25:0, 0.125:0}>>
  %b = modelc.constant dense<[10, 20, 30]> : tensor<3xi32>
  %y = modelc.conv %q, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, channels_last, activation = #modelc.activation<relu>} : (tensor<1x6x6x5x!quant.uniform<u8:f32, 0.02:100>>, tensor<3x5x3x3x!quant.uniform<i8:f32:0, {0.5:0, 0.25:0, 0.125:0}>>, tensor<3xi32>) -> tensor<1x6x6x3x!quant.uniform<u8:f32, 0.1:128>>
  %r = modelc.storage_cast %y : (tensor<1x6x6x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x6x6x3xui8>
  return %r : tensor<1x6x6x3xui8>
}

// -----

// A quantized depthwise convolution: the u8 input flipped to s8 by its top
// bit (x ^ 0x80 = x - 128), padded with the zero point 100 flipped (-28);
// the filter re-laid as [kh, kw, c]; the accumulator starts at
// bias - 100 * sum + 128 * sum (9 taps of 1, 2 and 3: 10 + 252, 20 + 504,
// 30 + 756); linalg's depthwise convolution of i8 into i32; then the
// requantization.

// CHECK-LABEL: func.func @depthwise
// CHECK-SAME: (%[[X:.*]]: tensor<1x5x5x3xi8>) -> tensor<1x5x5x3xi8>
// CHECK: %[[FLIP:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<1x5x5x3xi8>)
// CHECK: arith.constant -128 : i8
// CHECK: arith.xori
// CHECK: %[[ZX:.*]] = arith.constant -28 : i8
// CHECK: %[[PAD:.*]] = tensor.pad %[[FLIP]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[ZX]]
// CHECK: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<3x3x3xi8>
// CHECK: %[[INIT:.*]] = arith.constant dense<[262, 524, 786]> : tensor<3xi32>
// CHECK: %[[ACC0:.*]] = linalg.generic {{.*}} ins(%[[INIT]] : tensor<3xi32>)
// CHECK: %[[ACC:.*]] = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PAD]], %[[W]] : tensor<1x7x7x3xi8>, tensor<3x3x3xi8>) outs(%[[ACC0]] : tensor<1x5x5x3xi32>)
// CHECK: linalg.generic {{.*}} ins(%[[ACC]], %{{.*}} : tensor<1x5x5x3xi32>, tensor<3xf32>)
// CHECK: math.roundeven
func.func @depthwise(%x: tensor<1x5x5x3xui8>) -> tensor<1x5x5x3xui8> {
  %q = modelc.storage_cast %x : (tensor<1x5x5x3xui8>) -> tensor<1x5x5x3x!quant.uniform<u8:f32, 0.02:100>>
  %w0 = modelc.constant dense<[[[[1, 1, 1], [1, 1, 1], [1, 1, 1]]], [[[2, 2, 2], [2, 2, 2], [2, 2, 2]]], [[[3, 3, 3], [3, 3, 3], [3, 3, 3]]]]> : tensor<3x1x3x3xi8>
  %w = modelc.storage_cast %w0 : (tensor<3x1x3x3xi8>) -> tensor<3x1x3x3x!quant.uniform<i8:f32:0, {0.5:0, 0.25:0, 0.125:0}>>
  %b = modelc.constant dense<[10, 20, 30]> : tensor<3xi32>
  %y = modelc.conv %q, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 3 : i64, channels_last} : (tensor<1x5x5x3x!quant.uniform<u8:f32, 0.02:100>>, tensor<3x1x3x3x!quant.uniform<i8:f32:0, {0.5:0, 0.25:0, 0.125:0}>>, tensor<3xi32>) -> tensor<1x5x5x3x!quant.uniform<u8:f32, 0.1:128>>
  %r = modelc.storage_cast %y : (tensor<1x5x5x3x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x5x5x3xui8>
  return %r : tensor<1x5x5x3xui8>
}

// -----

// A quantized matmul by a constant [K, N]: K = 6 padded to 8 with the zero
// point, B re-laid as [k/4, n x 4].

// CHECK-LABEL: func.func @matmul
// CHECK: tensor.pad %{{.*}} low[0, 0] high[0, 2]
// CHECK: tensor.expand_shape {{.*}} into tensor<3x2x4xi8>
// CHECK: arith.constant dense<{{.*}}> : tensor<2x8xi8>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
func.func @matmul(%a: tensor<3x6xui8>) -> tensor<3x2xi8> {
  %q = modelc.storage_cast %a : (tensor<3x6xui8>) -> tensor<3x6x!quant.uniform<u8:f32, 0.5:7>>
  %b0 = modelc.constant dense<[[1, -2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]]> : tensor<6x2xi8>
  %b = modelc.storage_cast %b0 : (tensor<6x2xi8>) -> tensor<6x2x!quant.uniform<i8:f32, 0.25>>
  %y = modelc.matmul %q, %b : (tensor<3x6x!quant.uniform<u8:f32, 0.5:7>>, tensor<6x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.75:-3>>
  %r = modelc.storage_cast %y : (tensor<3x2x!quant.uniform<i8:f32, 0.75:-3>>) -> tensor<3x2xi8>
  return %r : tensor<3x2xi8>
}

// -----

// Quantize and dequantize per axis: the scales and zero points as constants
// indexed along the axis.

// CHECK-LABEL: func.func @quantize_per_axis
// CHECK: %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK: %[[Z:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[S]], %[[Z]] : tensor<2x3xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: arith.divf
// CHECK: math.roundeven
// CHECK: arith.addf
// CHECK-LABEL: func.func @dequantize
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.subf
// CHECK: arith.mulf
func.func @quantize_per_axis(%x: tensor<2x3xf32>) -> tensor<2x3xi8> {
  %q = modelc.quantize %x : (tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8:f32:0, {0.5:1, 0.25:2}>>
  %r = modelc.storage_cast %q : (tensor<2x3x!quant.uniform<i8:f32:0, {0.5:1, 0.25:2}>>) -> tensor<2x3xi8>
  return %r : tensor<2x3xi8>
}
func.func @dequantize(%x: tensor<4xui8>) -> tensor<4xf32> {
  %q = modelc.storage_cast %x : (tensor<4xui8>) -> tensor<4x!quant.uniform<u8:f32, 0.5:128>>
  %y = modelc.dequantize %q : (tensor<4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// Weight-only quantization (--quantize=int8-weights): a float matmul whose
// B dequantizes constant s8 weights per column reads the s8 bytes, converts
// them in the product's body, and scales the sums per column (0.5, 0.25)
// before its bias and Relu. A constant dequantized anywhere else (here the
// bias) becomes a float constant at compile time. (The run-time dequantize
// of the weights that nothing reads goes with the dead code.)

// CHECK-LABEL: func.func @weight_only_matmul
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[BIAS:.*]] = arith.constant dense<[1.000000e+00, -5.000000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1, -2], [3, 4], [-128, 127]]> : tensor<3x2xi8>
// CHECK: %[[P:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[A]], %{{.*}} : tensor<2x3xf32>, tensor<3x2xi8>)
// CHECK-NEXT: ^bb0(%[[X:.*]]: f32, %[[Q:.*]]: i8, %[[ACC:.*]]: f32):
// CHECK-NEXT: %[[F:.*]] = arith.sitofp %[[Q]] : i8 to f32
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[X]], %[[F]] : f32
// CHECK-NEXT: arith.addf %[[ACC]], %[[M]] : f32
// CHECK: %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
// CHECK: %[[SCALED:.*]] = linalg.generic {{.*}} ins(%[[P]], %[[S]] : tensor<2x2xf32>, tensor<2xf32>)
// CHECK: arith.mulf
// CHECK: linalg.generic {{.*}} ins(%[[SCALED]], %[[BIAS]] : tensor<2x2xf32>, tensor<2xf32>)
// CHECK: arith.addf
// CHECK: arith.cmpf ogt
// CHECK-NOT: modelc.
func.func @weight_only_matmul(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %b0 = modelc.constant dense<[[1, -2], [3, 4], [-128, 127]]> : tensor<3x2xi8>
  %b = modelc.storage_cast %b0 : (tensor<3x2xi8>) -> tensor<3x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
  %w = modelc.dequantize %b : (tensor<3x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>) -> tensor<3x2xf32>
  %c0 = modelc.constant dense<[4, -2]> : tensor<2xi8>
  %c = modelc.storage_cast %c0 : (tensor<2xi8>) -> tensor<2x!quant.uniform<i8:f32, 0.25>>
  %bias = modelc.dequantize %c : (tensor<2x!quant.uniform<i8:f32, 0.25>>) -> tensor<2xf32>
  %y = modelc.matmul %a, %w bias %bias {activation = #modelc.activation<relu>} : (tensor<2x3xf32>, tensor<3x2xf32>, tensor<2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// Ops that would compute on the storage integers as if they were numbers
// are refused.

func.func @relu(%x: tensor<4xui8>) -> tensor<4xui8> {
  %q = modelc.storage_cast %x : (tensor<4xui8>) -> tensor<4x!quant.uniform<u8:f32, 0.5:128>>
  // expected-error @+1 {{cannot lower 'modelc.relu' on quantized tensors}}
  %y = modelc.relu %q : tensor<4x!quant.uniform<u8:f32, 0.5:128>>
  %r = modelc.storage_cast %y : (tensor<4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<4xui8>
  return %r : tensor<4xui8>
}

// -----

func.func @asymmetric_weights(%x: tensor<3x4xui8>) -> tensor<3x2xui8> {
  %q = modelc.storage_cast %x : (tensor<3x4xui8>) -> tensor<3x4x!quant.uniform<u8:f32, 0.5:7>>
  %b0 = modelc.constant dense<1> : tensor<4x2xi8>
  %b = modelc.storage_cast %b0 : (tensor<4x2xi8>) -> tensor<4x2x!quant.uniform<i8:f32, 0.25:3>>
  // expected-error @+2 {{failed to legalize operation 'modelc.matmul'}}
  // expected-error @+1 {{cannot lower 'modelc.matmul': quantized products take symmetric s8 weights per tensor or per output channel}}
  %y = modelc.matmul %q, %b : (tensor<3x4x!quant.uniform<u8:f32, 0.5:7>>, tensor<4x2x!quant.uniform<i8:f32, 0.25:3>>) -> tensor<3x2x!quant.uniform<u8:f32, 0.75:3>>
  %r = modelc.storage_cast %y : (tensor<3x2x!quant.uniform<u8:f32, 0.75:3>>) -> tensor<3x2xui8>
  return %r : tensor<3x2xui8>
}
