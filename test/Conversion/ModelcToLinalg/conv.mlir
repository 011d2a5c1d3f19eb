// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s
// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s --check-prefix=DYN

// Convolution, pooling and batch normalization (Conv.cpp): linalg.generic
// ops over explicitly padded inputs; 2-D float convolutions of one group or
// depthwise as linalg's channels-last named ops between permutations.

// Convolution iteration space, outermost first: n, g, m (parallel),
// c, k_1..k_r (reduction), o_1..o_r (parallel): the output positions are
// innermost.
// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d2, 0, 0)>
// CHECK-DAG: #[[$ID5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[$CONV_IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 2 + d3, d6 * 2 + d4, d7 * 2 + d5)>
// CHECK-DAG: #[[$CONV_W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1 * 4 + d2, d3, d4, d5)>
// CHECK-DAG: #[[$CONV_OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d6, d7)>
// CHECK-DAG: #[[$ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$TO_NHWC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1, d2)>
// CHECK-DAG: #[[$TO_NCHW:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
// CHECK-DAG: #[[$C1_IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d3, d5 + d4)>
// CHECK-DAG: #[[$C1_W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d1 * 4 + d2, d3, d4)>
// CHECK-DAG: #[[$C1_OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d5)>
// CHECK-DAG: #[[$POOL_IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[$POOL_K:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[$POOL_OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$GP_OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-DAG: #[[$CHAN:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, 0, 0)>

// Grouped, strided, padded convolution with a bias and a fused relu.
// Iteration space: n, g, m (parallel), c, kh, kw (reduction), oh, ow
// (parallel). 2 groups of 2 input and 4 output channels, stride 2.

// CHECK-LABEL: func @conv_grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<8x2x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
// CHECK: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK: tensor.yield %[[ZERO]] : f32
// CHECK: } : tensor<1x4x8x8xf32> to tensor<1x4x10x10xf32>
// The bias, as groups x channels per group, initializes the accumulator.
// CHECK: %[[BG:.*]] = tensor.expand_shape %[[B]] {{\[}}[0, 1, 2, 3]] output_shape [2, 4, 1, 1] : tensor<8xf32> into tensor<2x4x1x1xf32>
// CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #[[$ID5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[BG]] : tensor<2x4x1x1xf32>) outs(%{{.*}} : tensor<1x2x4x4x4xf32>)
// CHECK: %[[CONV:.*]] = linalg.generic {indexing_maps = [#[[$CONV_IN]], #[[$CONV_W]], #[[$CONV_OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[PAD]], %[[W]] : tensor<1x4x10x10xf32>, tensor<8x2x3x3xf32>) outs(%[[ACC]] : tensor<1x2x4x4x4xf32>)
// The multiply-add may contract into an FMA.
// CHECK: ^bb0(%[[I:.*]]: f32, %[[K:.*]]: f32, %[[O:.*]]: f32):
// CHECK-NEXT: %[[P:.*]] = arith.mulf %[[I]], %[[K]] fastmath<contract> : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[O]], %[[P]] fastmath<contract> : f32
// CHECK-NEXT: linalg.yield %[[S]]
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x4x4x4xf32> into tensor<1x8x4x4xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[FLAT]] : tensor<1x8x4x4xf32>)
// CHECK: %[[NEG50:.*]] = arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.select %[[NEG50]]
// CHECK: return %[[R]]
func.func @conv_grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %0 = modelc.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #modelc.activation<relu>} : (tensor<1x4x8x8xf32>, tensor<8x2x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %0 : tensor<1x8x4x4xf32>
}

// One group: the input permuted to NHWC, the weight to HWCF (a permutation
// of the argument here; a constant weight is permuted at compile time), a
// channels-last linalg.conv_2d_nhwc_hwcf with the dilations, and the result
// permuted back to NCHW. No pads: no tensor.pad.
// CHECK-LABEL: func @conv_plain_dilated
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x7x7xf32>, %[[W:.*]]: tensor<2x3x3x3xf32>)
// CHECK: %[[XT:.*]] = linalg.generic {indexing_maps = [#[[$TO_NHWC]], #[[$ID4]]], {{.*}}} ins(%[[X]] : tensor<1x3x7x7xf32>) outs(%{{.*}} : tensor<1x7x7x3xf32>)
// CHECK-NOT: tensor.pad
// CHECK: %[[WT:.*]] = linalg.generic {{.*}} ins(%[[W]] : tensor<2x3x3x3xf32>) outs(%{{.*}} : tensor<3x3x3x2xf32>)
// CHECK: %[[FILL:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x3x3x2xf32>)
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[XT]], %[[WT]] : tensor<1x7x7x3xf32>, tensor<3x3x3x2xf32>) outs(%[[FILL]] : tensor<1x3x3x2xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$TO_NCHW]], #[[$ID4]]], {{.*}}} ins(%[[CONV]] : tensor<1x3x3x2xf32>) outs(%{{.*}} : tensor<1x2x3x3xf32>)
// CHECK: return %[[R]] : tensor<1x2x3x3xf32>
func.func @conv_plain_dilated(%x: tensor<1x3x7x7xf32>, %w: tensor<2x3x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>} : (tensor<1x3x7x7xf32>, tensor<2x3x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// Depthwise (one input and one output channel per group) with a constant
// weight, padded, with a bias and a fused relu: the M x 1 x KH x KW weight
// becomes a KH x KW x M constant, the bias initializes the accumulator of
// linalg.depthwise_conv_2d_nhwc_hwc, the relu runs before the permutation
// back.
// CHECK-LABEL: func @conv_depthwise
// CHECK: %[[XT:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x3x3x2xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[XT]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: %[[WT:.*]] = arith.constant dense<{{\[}}{{\[}}[1.000000e+00, 2.000000e+00]]]> : tensor<1x1x2xf32>
// CHECK: %[[ACC:.*]] = linalg.generic {{.*}} ins(%{{.*}} : tensor<2xf32>) outs(%{{.*}} : tensor<1x5x5x2xf32>)
// CHECK: %[[CONV:.*]] = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[PAD]], %[[WT]] : tensor<1x5x5x2xf32>, tensor<1x1x2xf32>) outs(%[[ACC]] : tensor<1x5x5x2xf32>)
// CHECK: %[[RELU:.*]] = linalg.generic {{.*}} ins(%[[CONV]] : tensor<1x5x5x2xf32>)
// CHECK: %[[NEG87:.*]] = arith.cmpf ogt, %{{.*}}, %{{.*}} : f32
// CHECK: arith.select %[[NEG87]]
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$TO_NCHW]], #[[$ID4]]], {{.*}}} ins(%[[RELU]] : tensor<1x5x5x2xf32>) outs(%{{.*}} : tensor<1x2x5x5xf32>)
// CHECK: return %[[R]]
func.func @conv_depthwise(%x: tensor<1x2x3x3xf32>, %b: tensor<2xf32>) -> tensor<1x2x5x5xf32> {
  %w = arith.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %0 = modelc.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64, activation = #modelc.activation<relu>} : (tensor<1x2x3x3xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// 1-D convolution: n, g, m, c, k, o.
// CHECK-LABEL: func @conv_1d
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x8xf32>, %[[W:.*]]: tensor<4x2x3xf32>)
// CHECK: %[[CONV:.*]] = linalg.generic {indexing_maps = [#[[$C1_IN]], #[[$C1_W]], #[[$C1_OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[W]] : tensor<1x2x8xf32>, tensor<4x2x3xf32>) outs(%{{.*}} : tensor<1x1x4x6xf32>)
// CHECK: arith.mulf {{.*}} fastmath<contract>
// CHECK: arith.addf {{.*}} fastmath<contract>
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3]] : tensor<1x1x4x6xf32> into tensor<1x4x6xf32>
// CHECK: return %[[R]]
func.func @conv_1d(%x: tensor<1x2x8xf32>, %w: tensor<4x2x3xf32>) -> tensor<1x4x6xf32> {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0>, strides = array<i64: 1>, dilations = array<i64: 1>} : (tensor<1x2x8xf32>, tensor<4x2x3xf32>) -> tensor<1x4x6xf32>
  return %0 : tensor<1x4x6xf32>
}

// MaxPool pads with -inf; ceil_mode adds end padding so the last window fits.
// 2-D float pooling is linalg's channels-last named op between
// permutations; a dummy tensor of the kernel's shape gives the window
// dimensions their extent.
// CHECK-LABEL: func @max_pool_ceil
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[XT:.*]] = linalg.generic {indexing_maps = [#[[$TO_NHWC]], #[[$ID4]]], {{.*}}} ins(%[[X]] : tensor<1x4x8x8xf32>) outs(%{{.*}} : tensor<1x8x8x4xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[XT]] low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[NEGINF]]
// CHECK: } : tensor<1x8x8x4xf32> to tensor<1x9x9x4xf32>
// CHECK: %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<1x4x4x4xf32>)
// CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3xf32>
// CHECK: %[[P:.*]] = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<1x9x9x4xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x4xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$TO_NCHW]], #[[$ID4]]], {{.*}}} ins(%[[P]] : tensor<1x4x4x4xf32>)
// CHECK: return %[[R]]
func.func @max_pool_ceil(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32> {
  %0 = modelc.max_pool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<1x4x8x8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// Integer max pooling (channels-last named ops, as float): signed pads with
// the lowest value, unsigned with 0 and compares unsigned.
// CHECK-LABEL: func @max_pool_int
// CHECK: arith.constant -128 : i8
// CHECK: linalg.pooling_nhwc_max {
// CHECK: arith.constant 0 : i8
// CHECK: linalg.pooling_nhwc_max_unsigned
func.func @max_pool_int(%x: tensor<1x1x4x4xi8>, %u: tensor<1x1x4x4xui8>) -> (tensor<1x1x2x2xi8>, tensor<1x1x2x2xui8>) {
  %0 = modelc.max_pool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x1x4x4xi8>) -> tensor<1x1x2x2xi8>
  %1 = modelc.max_pool %u {kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x1x4x4xui8>) -> tensor<1x1x2x2xui8>
  return %0, %1 : tensor<1x1x2x2xi8>, tensor<1x1x2x2xui8>
}

// AveragePool sums over the window, then divides by the number of window
// positions inside the input (count_include_pad = false): 1, 2, 1 here.
// CHECK-LABEL: func @average_pool
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4xf32>)
// CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 1] high[0, 0, 1]
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[PAD]], %{{.*}} : tensor<1x1x6xf32>, tensor<2xf32>)
// CHECK: arith.addf
// CHECK: %[[DIV:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, 1.000000e+00]]]> : tensor<1x1x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[SUM]], %[[DIV]] : tensor<1x1x3xf32>, tensor<1x1x3xf32>)
// CHECK: arith.divf
// CHECK: return %[[R]]
func.func @average_pool(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  %0 = modelc.average_pool %x {kernel_shape = array<i64: 2>, pads = array<i64: 1, 1>, strides = array<i64: 2>, dilations = array<i64: 1>} : (tensor<1x1x4xf32>) -> tensor<1x1x3xf32>
  return %0 : tensor<1x1x3xf32>
}

// With count_include_pad the pads count, but not the positions past them
// that ceil_mode adds: windows [-1, 1], [1, 3], [3, 5] over 4 values with
// pads 1/1, the last one reaching one position past the end pad.
// CHECK-LABEL: func @average_pool_include_pad
// CHECK: tensor.pad %{{.*}} low[0, 0, 1] high[0, 0, 2]
// CHECK: arith.constant dense<{{\[\[\[}}3.000000e+00, 3.000000e+00, 2.000000e+00]]]> : tensor<1x1x3xf32>
func.func @average_pool_include_pad(%x: tensor<1x1x4xf32>) -> tensor<1x1x3xf32> {
  %0 = modelc.average_pool %x {kernel_shape = array<i64: 3>, pads = array<i64: 1, 1>, strides = array<i64: 2>, dilations = array<i64: 1>, count_include_pad = true, ceil_mode = true} : (tensor<1x1x4xf32>) -> tensor<1x1x3xf32>
  return %0 : tensor<1x1x3xf32>
}

// CHECK-LABEL: func @global_average_pool
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>)
// CHECK: %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x4xf32>)
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[$GP_OUT]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%[[X]] : tensor<1x4x8x8xf32>) outs(%[[INIT]] : tensor<1x4xf32>)
// CHECK: arith.addf
// CHECK: %[[N:.*]] = arith.constant 6.400000e+01 : f32
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x4xf32>)
// CHECK: arith.divf %{{.*}}, %[[N]]
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[MEAN]]
// CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{.*}} into tensor<1x4x1x1xf32>
// CHECK: return %[[R]]
func.func @global_average_pool(%x: tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32> {
  %0 = modelc.global_average_pool %x : (tensor<1x4x8x8xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// CHECK-LABEL: func @global_max_pool
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: linalg.fill ins(%[[NEGINF]] : f32)
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.maximumf
// CHECK-NOT: arith.divf
// CHECK: return
func.func @global_max_pool(%x: tensor<2x3x5xf32>) -> tensor<2x3x1xf32> {
  %0 = modelc.global_max_pool %x : (tensor<2x3x5xf32>) -> tensor<2x3x1xf32>
  return %0 : tensor<2x3x1xf32>
}

// Per-channel vectors are reshaped to C x 1 x 1 and broadcast along axis 1.
// CHECK-LABEL: func @batch_normalization
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[S:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<4xf32>, %[[M:.*]]: tensor<4xf32>, %[[V:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[S3:.*]] = tensor.expand_shape %[[S]] {{.*}} into tensor<4x1x1xf32>
// CHECK-DAG: %[[B3:.*]] = tensor.expand_shape %[[B]] {{.*}} into tensor<4x1x1xf32>
// CHECK-DAG: %[[M3:.*]] = tensor.expand_shape %[[M]] {{.*}} into tensor<4x1x1xf32>
// CHECK-DAG: %[[V3:.*]] = tensor.expand_shape %[[V]] {{.*}} into tensor<4x1x1xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[$CHAN]], #[[$CHAN]], #[[$CHAN]], #[[$CHAN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK-SAME: ins(%[[X]], %[[S3]], %[[B3]], %[[M3]], %[[V3]] :
// CHECK: ^bb0(%[[IX:.*]]: f32, %[[IS:.*]]: f32, %[[IB:.*]]: f32, %[[IM:.*]]: f32, %[[IV:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[EPS:.*]] = arith.constant 1.000000e-03 : f32
// CHECK: %[[VE:.*]] = arith.addf %[[IV]], %[[EPS]]
// CHECK: %[[SD:.*]] = math.sqrt %[[VE]]
// CHECK: %[[C:.*]] = arith.subf %[[IX]], %[[IM]]
// CHECK: %[[N:.*]] = arith.divf %[[C]], %[[SD]]
// CHECK: %[[Y:.*]] = arith.mulf %[[N]], %[[IS]]
// CHECK: %[[Z:.*]] = arith.addf %[[Y]], %[[IB]]
// CHECK: linalg.yield %[[Z]]
func.func @batch_normalization(%x: tensor<1x4x8x8xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  %0 = modelc.batch_normalization %x, %s, %b, %m, %v {epsilon = 1.0e-03 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

// ConvTranspose gathers: output position o reads input (o + pad - k) / stride
// when that is exact and inside the input; the channel loop's extent comes
// from a dummy operand.
// CHECK-LABEL: func @conv_transpose
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x3xf32>, %[[W:.*]]: tensor<2x4x3x3xf32>)
// CHECK: %[[CH:.*]] = tensor.empty() : tensor<2xf32>
// CHECK: %[[G:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]} ins(%[[W]], %[[CH]] : tensor<2x4x3x3xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<1x1x4x7x7xf32>)
// CHECK: arith.floordivsi
// CHECK: tensor.extract %[[X]]
// CHECK: arith.select
// CHECK: %[[R:.*]] = tensor.collapse_shape %[[G]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x1x4x7x7xf32> into tensor<1x4x7x7xf32>
// CHECK: return %[[R]]
func.func @conv_transpose(%x: tensor<1x2x3x3xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x4x7x7xf32> {
  %0 = modelc.conv_transpose %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, group = 1 : i64} : (tensor<1x2x3x3xf32>, tensor<2x4x3x3xf32>) -> tensor<1x4x7x7xf32>
  return %0 : tensor<1x4x7x7xf32>
}

// Integer convolutions (ConvInteger, QLinearConv) multiply-add with muli and
// addi.
// CHECK-LABEL: func @conv_i32
// CHECK: linalg.generic
// CHECK: arith.muli
// CHECK-NEXT: arith.addi
func.func @conv_i32(%x: tensor<1x1x4x4xi32>, %w: tensor<2x1x3x3xi32>) -> tensor<1x2x2x2xi32> {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x1x4x4xi32>, tensor<2x1x3x3xi32>) -> tensor<1x2x2x2xi32>
  return %0 : tensor<1x2x2x2xi32>
}

// MaxUnpool: a zero result, then a loop nest over the input that writes
// each element at its index, taken apart into coordinates of the unpooled
// 1x1x4x4 shape (16 elements; other indices are skipped); the result's
// fifth row and column stay zero.
// CHECK-LABEL: func @max_unpool
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x2xf32>, %[[I:.*]]: tensor<1x1x2x2xi64>)
// CHECK: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<1x1x5x5xf32>)
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[Z]])
// CHECK: scf.for
// CHECK: scf.for
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<1x1x5x5xf32>)
// CHECK: %[[E:.*]] = tensor.extract %[[I]]
// CHECK: %[[FLAT:.*]] = arith.index_cast %[[E]] : i64 to index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: arith.cmpi slt, %[[FLAT]], %[[C16]] : index
// CHECK: scf.if %{{.*}} -> (tensor<1x1x5x5xf32>)
// CHECK: %[[C4:.*]] = arith.constant 4 : index
// CHECK: %[[COL:.*]] = arith.remui %[[FLAT]], %[[C4]] : index
// CHECK: %[[REST:.*]] = arith.divui %[[FLAT]], %[[C4]] : index
// CHECK: %[[ROW:.*]] = arith.remui %[[REST]], %{{.*}} : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]]
// CHECK: tensor.insert %[[V]] into %[[ACC]][%{{.*}}, %{{.*}}, %[[ROW]], %[[COL]]] : tensor<1x1x5x5xf32>
// CHECK: } else {
// CHECK-NEXT: scf.yield %[[ACC]]
func.func @max_unpool(%x: tensor<1x1x2x2xf32>, %i: tensor<1x1x2x2xi64>) -> tensor<1x1x5x5xf32> {
  %0 = modelc.max_unpool %x, %i {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>, tensor<1x1x2x2xi64>) -> tensor<1x1x5x5xf32>
  return %0 : tensor<1x1x5x5xf32>
}

//===----------------------------------------------------------------------===//
// Dynamic dimensions (checked after canonicalization, prefix DYN)
//===----------------------------------------------------------------------===//

// Dynamic batch, channels and spatial sizes: the channels are checked
// against the weight's and made static; each output size is computed from
// the input's (after a check that the padded input holds one window); the
// padded input is a filled tensor of the computed size with the input
// inserted; the accumulator takes the computed sizes.
// DYN-LABEL: func @conv_dynamic
// DYN-SAME: (%[[X:.*]]: tensor<?x?x?x?xf32>, %[[W:.*]]: tensor<4x3x3x3xf32>, %[[B:.*]]: tensor<4xf32>)
// DYN: %[[C:.*]] = tensor.dim %[[X]], %c1
// DYN: %[[OKC:.*]] = arith.cmpi eq, %[[C]], %c3 : index
// DYN: modelc.check %[[OKC]], "Conv's input channels equal the weight's 3 per group times 1 groups: dimension 1 is 3"
// DYN: %[[X3:.*]] = tensor.cast %[[X]] : tensor<?x?x?x?xf32> to tensor<?x3x?x?xf32>
// DYN-DAG: %[[N:.*]] = tensor.dim %[[X]], %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %[[X]], %c2
// DYN: %[[HP:.*]] = arith.addi %[[H]], %c2 : index
// DYN: %[[FITS:.*]] = arith.cmpi sge, %[[HP]], %c3 : index
// DYN: modelc.check %[[FITS]], "Conv: spatial dimension 2 of the input plus its pads is at least the kernel's extent 3"
// DYN: %[[SPAN:.*]] = arith.addi %[[H]], %c-1 : index
// DYN: %[[Q:.*]] = arith.floordivsi %[[SPAN]], %c2 : index
// DYN: %[[OH:.*]] = arith.addi %[[Q]], %c1 : index
// The input permuted to NHWC, then padded (a filled tensor with the input
// inserted: sizes known at run time).
// DYN: %[[XT:.*]] = linalg.generic {{.*}} ins(%[[X3]] : tensor<?x3x?x?xf32>) outs(%{{.*}} : tensor<?x?x?x3xf32>)
// DYN: %[[PAD:.*]] = tensor.empty(%[[N]], %{{.*}}, %{{.*}}) : tensor<?x?x?x3xf32>
// DYN: %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[PAD]] : tensor<?x?x?x3xf32>)
// DYN: %[[PADDED:.*]] = tensor.insert_slice %[[XT]] into %[[ZERO]][0, 1, 1, 0] [%[[N]], %[[H]], %{{.*}}, 3] [1, 1, 1, 1]
// DYN: %[[ACC:.*]] = tensor.empty(%[[N]], %[[OH]], %{{.*}}) : tensor<?x?x?x4xf32>
// DYN: %[[BIAS:.*]] = linalg.generic {{.*}} outs(%[[ACC]] : tensor<?x?x?x4xf32>)
// DYN: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} ins(%[[PADDED]], %{{.*}} : tensor<?x?x?x3xf32>, tensor<3x3x3x4xf32>) outs(%[[BIAS]] : tensor<?x?x?x4xf32>)
// DYN: linalg.generic {{.*}} ins(%[[CONV]] : tensor<?x?x?x4xf32>) outs(%{{.*}} : tensor<?x4x?x?xf32>)
func.func @conv_dynamic(%x: tensor<?x?x?x?xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<?x4x?x?xf32> {
  %0 = modelc.conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<?x?x?x?xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<?x4x?x?xf32>
  return %0 : tensor<?x4x?x?xf32>
}

// A dynamic batch alone (grouped, unpadded): no checks, the batch sizes the
// accumulator.
// DYN-LABEL: func @conv_dynamic_batch
// DYN-NOT: modelc.check
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x4x8x8xf32>
// DYN: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x2x4x6x6xf32>
// DYN: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x2x4x6x6xf32>)
// DYN: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<?x4x8x8xf32>, tensor<8x2x3x3xf32>) outs(%[[Z]] : tensor<?x2x4x6x6xf32>)
func.func @conv_dynamic_batch(%x: tensor<?x4x8x8xf32>, %w: tensor<8x2x3x3xf32>) -> tensor<?x8x6x6xf32> {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<?x4x8x8xf32>, tensor<8x2x3x3xf32>) -> tensor<?x8x6x6xf32>
  return %0 : tensor<?x8x6x6xf32>
}

// ceil_mode rounds the output size up; the index of each maximum uses the
// input's run-time height.
// DYN-LABEL: func @max_pool_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// DYN: modelc.check %{{.*}}, "modelc.max_pool: spatial dimension 2 of the input plus its pads is at least the kernel's extent 3"
// DYN: %[[SPAN:.*]] = arith.addi %[[H]], %c-1 : index
// DYN: %[[Q:.*]] = arith.ceildivsi %[[SPAN]], %c2 : index
// DYN: %[[OH:.*]] = arith.addi %[[Q]], %c1 : index
// DYN: tensor.insert_slice %arg0 into %{{.*}}[0, 0, 1, 0] [%[[N]], 3, %[[H]], 8] [1, 1, 1, 1]
// DYN: tensor.empty(%[[N]], %[[OH]]) : tensor<?x3x?x4xf32>
// DYN: tensor.empty(%[[N]], %[[OH]]) : tensor<?x3x?x4xi64>
// DYN: %[[H64:.*]] = arith.index_cast %[[H]] : index to i64
// DYN: linalg.generic
// DYN: %[[PLANE:.*]] = arith.muli %[[H64]], %c8_i64 : i64
// DYN: arith.muli %{{.*}}, %[[PLANE]] : i64
func.func @max_pool_dynamic(%x: tensor<?x3x?x8xf32>) -> (tensor<?x3x?x4xf32>, tensor<?x3x?x4xi64>) {
  %0, %1 = modelc.max_pool %x {kernel_shape = array<i64: 3, 2>, pads = array<i64: 1, 0, 1, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, ceil_mode = true} : (tensor<?x3x?x8xf32>) -> (tensor<?x3x?x4xf32>, tensor<?x3x?x4xi64>)
  return %0, %1 : tensor<?x3x?x4xf32>, tensor<?x3x?x4xi64>
}

// With a dynamic spatial size the divisor of each output position is
// counted at run time: the taps whose position is inside the input.
// DYN-LABEL: func @average_pool_dynamic
// DYN: %[[W:.*]] = tensor.dim %arg0, %c2
// DYN: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// DYN: linalg.generic {{.*}} ins(%[[SUM]] : tensor<?x3x?xf32>)
// DYN: %[[O:.*]] = linalg.index 2 : index
// DYN: %[[LAST:.*]] = arith.subi %[[W]], %c1 : index
// DYN: arith.minsi %{{.*}}, %c2 : index
// DYN: %[[COUNT:.*]] = arith.maxsi %{{.*}}, %c1 : index
// DYN: %[[C64:.*]] = arith.index_castui %[[COUNT]] : index to i64
// DYN: %[[CF:.*]] = arith.uitofp %[[C64]] : i64 to f32
// DYN: arith.divf %{{.*}}, %[[CF]] : f32
func.func @average_pool_dynamic(%x: tensor<?x3x?xf32>) -> tensor<?x3x?xf32> {
  %0 = modelc.average_pool %x {kernel_shape = array<i64: 3>, pads = array<i64: 1, 1>, strides = array<i64: 1>, dilations = array<i64: 1>} : (tensor<?x3x?xf32>) -> tensor<?x3x?xf32>
  return %0 : tensor<?x3x?xf32>
}

// With static spatial sizes the divisors stay a constant, broadcast over
// the dynamic batch.
// DYN-LABEL: func @average_pool_dynamic_batch
// DYN: %[[DIV:.*]] = arith.constant dense<2.000000e+00> : tensor<1x1x2xf32>
// DYN: linalg.generic {{.*}} ins(%{{.*}}, %[[DIV]] : tensor<?x3x2xf32>, tensor<1x1x2xf32>) outs(%{{.*}} : tensor<?x3x2xf32>)
// DYN: arith.divf
func.func @average_pool_dynamic_batch(%x: tensor<?x3x4xf32>) -> tensor<?x3x2xf32> {
  %0 = modelc.average_pool %x {kernel_shape = array<i64: 2>, pads = array<i64: 0, 0>, strides = array<i64: 2>, dilations = array<i64: 1>} : (tensor<?x3x4xf32>) -> tensor<?x3x2xf32>
  return %0 : tensor<?x3x2xf32>
}

// The mean divides by the run-time number of positions.
// DYN-LABEL: func @global_average_pool_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// DYN-DAG: %[[W:.*]] = tensor.dim %arg0, %c3
// DYN: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// DYN: %[[HW:.*]] = arith.muli %[[H]], %[[W]] : index
// DYN: %[[HW64:.*]] = arith.index_castui %[[HW]] : index to i64
// DYN: %[[HWF:.*]] = arith.uitofp %[[HW64]] : i64 to f32
// DYN: arith.divf %{{.*}}, %[[HWF]] : f32
// DYN: tensor.expand_shape %{{.*}} {{\[}}[0], [1, 2, 3]] output_shape [%[[N]], 4, 1, 1] : tensor<?x4xf32> into tensor<?x4x1x1xf32>
func.func @global_average_pool_dynamic(%x: tensor<?x4x?x?xf32>) -> tensor<?x4x1x1xf32> {
  %0 = modelc.global_average_pool %x : (tensor<?x4x?x?xf32>) -> tensor<?x4x1x1xf32>
  return %0 : tensor<?x4x1x1xf32>
}

// Dynamic channels take the parameters' count, checked at run time.
// DYN-LABEL: func @batch_norm_dynamic
// DYN: %[[C:.*]] = tensor.dim %arg0, %c1 : tensor<?x?x8xf32>
// DYN: %[[OK:.*]] = arith.cmpi eq, %[[C]], %c4 : index
// DYN: modelc.check %[[OK]], "BatchNormalization's input channels: dimension 1 is 4"
// DYN: %[[X:.*]] = tensor.cast %arg0 : tensor<?x?x8xf32> to tensor<?x4x8xf32>
// DYN: %[[R:.*]] = linalg.generic {{.*}} ins(%[[X]], {{.*}}) outs(%{{.*}} : tensor<?x4x8xf32>)
// DYN: %[[Y:.*]] = tensor.cast %[[R]] : tensor<?x4x8xf32> to tensor<?x?x8xf32>
// DYN: return %[[Y]]
func.func @batch_norm_dynamic(%x: tensor<?x?x8xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<?x?x8xf32> {
  %0 = modelc.batch_normalization %x, %s, %b, %m, %v : (tensor<?x?x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<?x?x8xf32>
  return %0 : tensor<?x?x8xf32>
}

// The output size (D - 1) * stride + (k - 1) * dilation + 1 - pads, and
// the input's run-time size bounds the gathered positions.
// DYN-LABEL: func @conv_transpose_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// DYN: %[[HM1:.*]] = arith.subi %[[H]], %c1 : index
// DYN: %[[S:.*]] = arith.muli %[[HM1]], %c2 : index
// DYN: %[[OH:.*]] = arith.addi %[[S]], %c2 : index
// DYN: tensor.empty(%[[N]], %[[OH]], %{{.*}}) : tensor<?x1x4x?x?xf32>
// DYN: linalg.generic
// DYN: arith.cmpi slt, %{{.*}}, %[[H]] : index
// DYN: arith.minsi %{{.*}}, %[[HM1]] : index
func.func @conv_transpose_dynamic(%x: tensor<?x2x?x?xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<?x4x?x?xf32> {
  %0 = modelc.conv_transpose %x, %w {pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<?x2x?x?xf32>, tensor<2x4x3x3xf32>) -> tensor<?x4x?x?xf32>
  return %0 : tensor<?x4x?x?xf32>
}

// auto_pad kept for a dynamic axis with stride 2: the output size is
// ceil(H / 2) and the pads the total that needs, split with the odd one at
// the end (SAME_UPPER); the static width's pads fold to constants.
// DYN-LABEL: func @conv_auto_pad
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// DYN: %[[OH:.*]] = arith.ceildivsi %[[H]], %c2 : index
// DYN: %[[OM1:.*]] = arith.subi %[[OH]], %c1 : index
// DYN: %[[S:.*]] = arith.muli %[[OM1]], %c2 : index
// DYN: %[[NEED:.*]] = arith.addi %[[S]], %c3 : index
// DYN: %[[DIFF:.*]] = arith.subi %[[NEED]], %[[H]] : index
// DYN: %[[TOTAL:.*]] = arith.maxsi %[[DIFF]], %c0 : index
// DYN: %[[BEGIN:.*]] = arith.floordivsi %[[TOTAL]], %c2 : index
// DYN-NOT: modelc.check
// DYN: tensor.insert_slice %{{.*}} into %{{.*}}[0, %[[BEGIN]], 0, 0] [%[[N]], %[[H]], 8, 3] [1, 1, 1, 1] : tensor<?x?x8x3xf32> into tensor<?x?x9x3xf32>
// DYN: tensor.empty(%[[N]], %[[OH]]) : tensor<?x?x4x4xf32>
func.func @conv_auto_pad(%x: tensor<?x3x?x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<?x4x?x4xf32> {
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, auto_pad = "SAME_UPPER"} : (tensor<?x3x?x8xf32>, tensor<4x3x3x3xf32>) -> tensor<?x4x?x4xf32>
  return %0 : tensor<?x4x?x4xf32>
}

// SAME_LOWER puts the odd pad at the beginning; the index of a maximum
// subtracts that run-time begin pad.
// DYN-LABEL: func @max_pool_auto_pad
// DYN: %[[TOTAL:.*]] = arith.maxsi %{{.*}}, %c0 : index
// DYN: %[[HALF:.*]] = arith.floordivsi %[[TOTAL]], %c2 : index
// DYN: %[[BEGIN:.*]] = arith.subi %[[TOTAL]], %[[HALF]] : index
// DYN: tensor.insert_slice %arg0 into %{{.*}}[0, 0, %[[BEGIN]]]
// DYN: %[[B64:.*]] = arith.index_cast %[[BEGIN]] : index to i64
// DYN: linalg.generic
// DYN: arith.subi %{{.*}}, %[[B64]] : i64
func.func @max_pool_auto_pad(%x: tensor<1x3x?xf32>) -> (tensor<1x3x?xf32>, tensor<1x3x?xi64>) {
  %0, %1 = modelc.max_pool %x {kernel_shape = array<i64: 3>, pads = array<i64: 0, 0>, strides = array<i64: 2>, dilations = array<i64: 1>, auto_pad = "SAME_LOWER"} : (tensor<1x3x?xf32>) -> (tensor<1x3x?xf32>, tensor<1x3x?xi64>)
  return %0, %1 : tensor<1x3x?xf32>, tensor<1x3x?xi64>
}

// A fused residual: added to the NHWC result (the NCHW residual permuted
// to it) with the activation in one generic, before the result goes back to
// NCHW; on the grouped path, added to the NCHW result.
// CHECK-LABEL: func @conv_residual
// CHECK-SAME: %[[R:[a-z0-9]*]]: tensor<1x3x4x4xf32>)
// CHECK: %[[C:.*]] = linalg.conv_2d_nhwc_hwcf
// CHECK: %[[RT:.*]] = linalg.generic {{.*}} ins(%[[R]] : tensor<1x3x4x4xf32>) outs(%{{.*}} : tensor<1x4x4x3xf32>)
// CHECK: linalg.generic {{.*}} ins(%[[C]], %[[RT]] : tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>)
// CHECK: arith.addf
// CHECK: arith.cmpf ogt
// CHECK: arith.select
// CHECK-LABEL: func @conv_residual_grouped
// CHECK-SAME: %[[R:[a-z0-9]*]]: tensor<1x2x4x4xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}}, %[[R]] : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>)
// CHECK: arith.addf
func.func @conv_residual(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %r: tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %0 = modelc.conv %x, %w residual %r {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = #modelc.activation<relu>} : (tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}
func.func @conv_residual_grouped(%x: tensor<1x4x4x4xf32>, %w: tensor<2x2x1x1xf32>, %r: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %0 = modelc.conv %x, %w residual %r {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, group = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<2x2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}
