// RUN: modelc-opt %s -modelc-fuse-elementwise | FileCheck %s

// An elementwise chain fuses into one generic; a producer of a contraction
// (here a division, as a GlobalAveragePool's mean before a Gemm) stays
// outside it, so the product remains a plain multiply-add.
// CHECK-LABEL: func @chain_and_product
// CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]
// CHECK: arith.divf
// CHECK: %[[P:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[MEAN]], %{{.*}} : tensor<1x16xf32>, tensor<16x10xf32>)
// CHECK-NOT: arith.divf
// CHECK: arith.mulf
// CHECK: arith.addf
// CHECK: linalg.generic {{.*}} ins(%[[P]], %{{.*}} : tensor<1x10xf32>, tensor<10xf32>)
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK-NOT: linalg.generic
// CHECK: return
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
func.func @chain_and_product(%s: tensor<1x16xf32>, %w: tensor<16x10xf32>, %b: tensor<10xf32>) -> tensor<1x10xf32> {
  %n = arith.constant 49.0 : f32
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16xf32>
  %mean = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%s : tensor<1x16xf32>) outs(%e : tensor<1x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %d = arith.divf %x, %n : f32
    linalg.yield %d : f32
  } -> tensor<1x16xf32>
  %e2 = tensor.empty() : tensor<1x10xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x10xf32>) -> tensor<1x10xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (k, n)>, affine_map<(m, k, n) -> (m, n)>], iterator_types = ["parallel", "reduction", "parallel"]} ins(%mean, %w : tensor<1x16xf32>, tensor<16x10xf32>) outs(%init : tensor<1x10xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y : f32
    %a = arith.addf %acc, %m : f32
    linalg.yield %a : f32
  } -> tensor<1x10xf32>
  %biased = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%p, %b : tensor<1x10xf32>, tensor<10xf32>) outs(%e2 : tensor<1x10xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %a = arith.addf %x, %y : f32
    linalg.yield %a : f32
  } -> tensor<1x10xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%biased : tensor<1x10xf32>) outs(%e2 : tensor<1x10xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x10xf32>
  return %relu : tensor<1x10xf32>
}

// The requantization after a depthwise convolution (its epilogue) keeps
// the convolution's shape: the expand_shape into groups of four channels
// that an int8 product reads stays after it instead of moving above it,
// which would make the epilogue 5-D, a loop of its own.
// CHECK-LABEL: func @reshape_after_epilogue
// CHECK: %[[DW:.*]] = linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: %[[Q:.*]] = linalg.generic {{.*}} ins(%[[DW]] : tensor<1x4x4x8xf32>) outs(%{{.*}} : tensor<1x4x4x8xi8>)
// CHECK: tensor.expand_shape %[[Q]] {{\[}}[0], [1], [2], [3, 4]] {{.*}} into tensor<1x4x4x2x4xi8>
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @reshape_after_epilogue(%x: tensor<1x6x6x8xf32>, %w: tensor<3x3x8xf32>) -> tensor<1x4x4x2x4xi8> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %dw = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x6x6x8xf32>, tensor<3x3x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %e8 = tensor.empty() : tensor<1x4x4x8xi8>
  %q = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%dw : tensor<1x4x4x8xf32>) outs(%e8 : tensor<1x4x4x8xi8>) {
  ^bb0(%v: f32, %o: i8):
    %r = math.roundeven %v : f32
    %i = arith.fptosi %r : f32 to i8
    linalg.yield %i : i8
  } -> tensor<1x4x4x8xi8>
  %g = tensor.expand_shape %q [[0], [1], [2], [3, 4]] output_shape [1, 4, 4, 2, 4] : tensor<1x4x4x8xi8> into tensor<1x4x4x2x4xi8>
  return %g : tensor<1x4x4x2x4xi8>
}
