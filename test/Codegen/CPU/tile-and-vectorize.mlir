// RUN: modelc-opt %s -split-input-file -modelc-cpu-tile-and-vectorize -canonicalize -cse | FileCheck %s
// RUN: modelc-opt %s -split-input-file -modelc-cpu-tile-and-vectorize=isa=avx2 -canonicalize -cse | FileCheck %s --check-prefix=AVX2
// RUN: not modelc-opt %s -split-input-file -modelc-cpu-tile-and-vectorize=isa=mmx 2>&1 | FileCheck %s --check-prefix=BAD

// A product with its relu (the MatMul generic of modelc-to-linalg, loops
// m, k, n). Tasks of 32 x 32 (scf.forall) compute their tile of the product
// and the relu; the product steps through 8 x 32 register blocks (AVX-512)
// and K one at a time, the accumulator a vector<8x32xf32> carried by the K
// loop, each step one vector.contract of a column of A and a row of B. The
// relu (the epilogue) takes each block's accumulators, which are stored
// once, after it: the product itself is never stored.
// The counts of vectorized and scalar roots stay on the function.
// CHECK-LABEL: func @matmul_relu
// CHECK-SAME: modelc.scalar_roots = 0 : i64, modelc.vectorized_roots = 1 : i64
// CHECK: scf.forall (%[[I:.*]], %[[J:.*]]) = (0, 0) to (64, 96) step (32, 32)
// CHECK: scf.for %{{.*}} = %c0 to %c32 step %c8
// CHECK: %[[ACC:.*]] = scf.for %{{.*}} = %c0 to %c128 step %c1 iter_args(%[[A:.*]] = %{{.*}}) -> (vector<8x32xf32>)
// CHECK: vector.transfer_read %{{.*}} : tensor<64x128xf32>, vector<8x1xf32>
// CHECK: vector.transfer_read %{{.*}} : tensor<128x96xf32>, vector<1x32xf32>
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK: %[[R:.*]] = arith.maximumf %[[ACC]], %{{.*}} : vector<8x32xf32>
// CHECK-NEXT: vector.transfer_write %[[R]]
// CHECK-NOT: vector.transfer_write
// CHECK: tensor.parallel_insert_slice
// With AVX2, 6 x 16 blocks, and the 4 rows left of 64 peeled.
// AVX2-LABEL: func @matmul_relu
// AVX2-NOT: vector<1x1xf32>
// AVX2: iter_args(%{{.*}} = %{{.*}}) -> (vector<6x16xf32>)
// AVX2: vector.contract {{.*}} : vector<6x1xf32>, vector<1x16xf32> into vector<6x16xf32>
// AVX2: vector.contract {{.*}} : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
// BAD: error: unknown vector instruction set 'mmx' (expected avx512, avx2, sse2 or neon)
func.func @matmul_relu(%a: tensor<64x128xf32>, %b: tensor<128x96xf32>) -> tensor<64x96xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<64x96xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<64x96xf32>) -> tensor<64x96xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (k, n)>, affine_map<(m, k, n) -> (m, n)>], iterator_types = ["parallel", "reduction", "parallel"]} ins(%a, %b : tensor<64x128xf32>, tensor<128x96xf32>) outs(%init : tensor<64x96xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y fastmath<contract> : f32
    %s = arith.addf %acc, %m fastmath<contract> : f32
    linalg.yield %s : f32
  } -> tensor<64x96xf32>
  %e2 = tensor.empty() : tensor<64x96xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(m, n) -> (m, n)>, affine_map<(m, n) -> (m, n)>], iterator_types = ["parallel", "parallel"]} ins(%p : tensor<64x96xf32>) outs(%e2 : tensor<64x96xf32>) {
  ^bb0(%x: f32, %o: f32):
    %z = arith.maximumf %x, %zero : f32
    linalg.yield %z : f32
  } -> tensor<64x96xf32>
  return %r : tensor<64x96xf32>
}

// -----

// A 3x3 convolution, NHWC/HWCF: a task per 4 output rows (at least 64
// output positions, so that a task reuses its filters) and 32 output
// channels; 8 output columns x 32 channels in registers; kh, kw by one and
// the input channels by 8; decomposed to a 1-D convolution, whose vector
// form is a contraction per tap.
// CHECK-LABEL: func @conv
// CHECK: scf.forall (%{{.*}}) = (0) to (16) step (4)
// CHECK: scf.for %{{.*}} = %c0 to %c4 step %c1
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c8
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<1x8x32xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c3 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (vector<1x8x32xf32>)
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c8 iter_args(%{{.*}} = %{{.*}}) -> (vector<1x8x32xf32>)
// CHECK: vector.contract {{.*}} : vector<1x8x8xf32>, vector<8x32xf32> into vector<1x8x32xf32>
// CHECK-NOT: linalg.conv
func.func @conv(%x: tensor<1x18x18x16xf32>, %w: tensor<3x3x16x32xf32>) -> tensor<1x16x16x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x16x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x18x18x16xf32>, tensor<3x3x16x32xf32>) outs(%init : tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32>
  return %c : tensor<1x16x16x32xf32>
}

// -----

// A 1x1 convolution with its bias, a residual and a relu (a ResNet block's
// last convolution): the bias initializes each register block's
// accumulators, and the epilogue adds the residual and applies the relu to
// them before their one store; the convolution's result is never stored.
// The accumulators of the 1-D convolution meet the 2-D epilogue through a
// shape_cast, not through memory.
// CHECK-LABEL: func @conv_residual_epilogue
// CHECK: scf.forall
// CHECK: %[[B:.*]] = vector.broadcast %{{.*}} : vector<32xf32> to vector<1x8x32xf32>
// CHECK: %[[ACC:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[B]]) -> (vector<1x8x32xf32>)
// CHECK: vector.contract
// CHECK: %[[C:.*]] = vector.shape_cast %[[ACC]] : vector<1x8x32xf32> to vector<1x1x8x32xf32>
// CHECK: %[[RES:.*]] = vector.transfer_read %arg1{{.*}} : tensor<1x8x8x64xf32>, vector<1x1x8x32xf32>
// CHECK: %[[S:.*]] = arith.addf %[[C]], %[[RES]] : vector<1x1x8x32xf32>
// CHECK: %[[R:.*]] = arith.maximumf %[[S]], %{{.*}} : vector<1x1x8x32xf32>
// CHECK-NEXT: vector.transfer_write %[[R]]
// CHECK-NOT: vector.transfer_write
// CHECK: tensor.parallel_insert_slice
func.func @conv_residual_epilogue(%x: tensor<1x8x8x16xf32>, %res: tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.5> : tensor<1x1x16x64xf32>
  %bias = arith.constant dense<0.25> : tensor<64xf32>
  %e = tensor.empty() : tensor<1x8x8x64xf32>
  %init = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : tensor<64xf32>) outs(%e : tensor<1x8x8x64xf32>) {
  ^bb0(%b: f32, %o: f32):
    linalg.yield %b : f32
  } -> tensor<1x8x8x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x16xf32>, tensor<1x1x16x64xf32>) outs(%init : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  %e2 = tensor.empty() : tensor<1x8x8x64xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %res : tensor<1x8x8x64xf32>, tensor<1x8x8x64xf32>) outs(%e2 : tensor<1x8x8x64xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    %z = arith.maximumf %s, %zero : f32
    linalg.yield %z : f32
  } -> tensor<1x8x8x64xf32>
  return %r : tensor<1x8x8x64xf32>
}

// -----

// Rows of 13 output positions: the block of 8 would leave a remainder of
// 5, so the whole row is the register block (13 x 32: 26 accumulators);
// rows of 16 keep the block of 8 (above).
// CHECK-LABEL: func @conv_row13
// CHECK: iter_args(%{{.*}} = %{{.*}}) -> (vector<1x13x32xf32>)
// CHECK: vector.contract {{.*}} : vector<1x13x8xf32>, vector<8x32xf32> into vector<1x13x32xf32>
// CHECK-NOT: vector<1x8x32xf32>
// CHECK-NOT: vector<1x5x32xf32>
func.func @conv_row13(%x: tensor<1x13x13x64xf32>, %w: tensor<1x1x64x32xf32>) -> tensor<1x13x13x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x13x13x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x13x32xf32>) -> tensor<1x13x13x32xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x13x13x64xf32>, tensor<1x1x64x32xf32>) outs(%init : tensor<1x13x13x32xf32>) -> tensor<1x13x13x32xf32>
  return %c : tensor<1x13x13x32xf32>
}

// -----

// 200 output channels, which no multiple of the 32-wide block divides, on
// 13 rows (tasks of 5 rows: 3 tasks): the channels are split all the same,
// into five tasks of 40 (the largest number of half vectors up to 256 that
// divides 200), so that 2 threads get 15 tasks; each task's 40 are a block
// of 32 and one of 8. AVX2's half vectors are 4 lanes: tasks of 100
// channels (rows of 4: 48 positions).
// CHECK-LABEL: func @conv_split_channels
// CHECK: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (13, 200) step (5, 40)
// CHECK: vector.contract {{.*}} into vector<1x13x32xf32>
// CHECK: vector.contract {{.*}} into vector<1x13x8xf32>
// AVX2-LABEL: func @conv_split_channels
// AVX2: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (13, 200) step (4, 100)
func.func @conv_split_channels(%x: tensor<1x13x13x64xf32>, %w: tensor<1x1x64x200xf32>) -> tensor<1x13x13x200xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x13x13x200xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x13x200xf32>) -> tensor<1x13x13x200xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x13x13x64xf32>, tensor<1x1x64x200xf32>) outs(%init : tensor<1x13x13x200xf32>) -> tensor<1x13x13x200xf32>
  return %c : tensor<1x13x13x200xf32>
}

// -----

// Depthwise, stride 2, 13 columns (no divisor of 8 above 4: a main block
// of 8 and a peeled remainder of 5, both vectors).
// CHECK-LABEL: func @depthwise
// CHECK: scf.forall
// CHECK: vector<1x8x32xf32>
// CHECK: vector<1x5x32xf32>
// CHECK-NOT: linalg.depthwise
func.func @depthwise(%x: tensor<1x27x27x32xf32>, %w: tensor<3x3x32xf32>) -> tensor<1x13x13x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x13x13x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x13x13x32xf32>) -> tensor<1x13x13x32xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x27x27x32xf32>, tensor<3x3x32xf32>) outs(%init : tensor<1x13x13x32xf32>) -> tensor<1x13x13x32xf32>
  return %c : tensor<1x13x13x32xf32>
}

// -----

// A depthwise convolution with its Clip (MobileNetV2's ReLU6): the clip
// takes each register block's accumulators before their one store.
// CHECK-LABEL: func @depthwise_clip
// CHECK: %[[ACC:.*]] = scf.for {{.*}} -> (vector<1x8x32xf32>)
// CHECK: %[[C:.*]] = vector.shape_cast %[[ACC]] : vector<1x8x32xf32> to vector<1x1x8x32xf32>
// CHECK: %[[LO:.*]] = arith.maximumf %[[C]], %{{.*}} : vector<1x1x8x32xf32>
// CHECK: %[[HI:.*]] = arith.minimumf %[[LO]], %{{.*}} : vector<1x1x8x32xf32>
// CHECK-NEXT: vector.transfer_write %[[HI]]
// CHECK-NOT: linalg.depthwise
func.func @depthwise_clip(%x: tensor<1x18x18x32xf32>, %w: tensor<3x3x32xf32>) -> tensor<1x16x16x32xf32> {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %e = tensor.empty() : tensor<1x16x16x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x18x18x32xf32>, tensor<3x3x32xf32>) outs(%init : tensor<1x16x16x32xf32>) -> tensor<1x16x16x32xf32>
  %e2 = tensor.empty() : tensor<1x16x16x32xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, h, w, c)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x16x16x32xf32>) outs(%e2 : tensor<1x16x16x32xf32>) {
  ^bb0(%a: f32, %o: f32):
    %lo = arith.maximumf %a, %zero : f32
    %hi = arith.minimumf %lo, %six : f32
    linalg.yield %hi : f32
  } -> tensor<1x16x16x32xf32>
  return %r : tensor<1x16x16x32xf32>
}

// -----

// M known at run time only: tasks of 64 rows, register blocks of 8 rows,
// and the rows of the last partial block one at a time: every vector has
// a static shape, no masks.
// CHECK-LABEL: func @matmul_dynamic
// CHECK: scf.forall
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK: vector.contract {{.*}} : vector<1x1xf32>, vector<1x32xf32> into vector<1x32xf32>
// CHECK-NOT: vector.mask
func.func @matmul_dynamic(%a: tensor<?x64xf32>, %b: tensor<64x32xf32>) -> tensor<?x32xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %m = tensor.dim %a, %c0 : tensor<?x64xf32>
  %e = tensor.empty(%m) : tensor<?x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<?x32xf32>) -> tensor<?x32xf32>
  %p = linalg.matmul ins(%a, %b : tensor<?x64xf32>, tensor<64x32xf32>) outs(%init : tensor<?x32xf32>) -> tensor<?x32xf32>
  return %p : tensor<?x32xf32>
}

// -----

// A product batched over a dimension that B does not have (attention's
// input projection after a transpose: 16 x 1 x 8 times a 8 x 32 weight):
// that batch dimension is an M dimension, and the register block takes it
// (8 rows) rather than the M of size 1.
// CHECK-LABEL: func @batched_by_weight
// CHECK: iter_args(%{{.*}} = %{{.*}}) -> (vector<8x1x32xf32>)
// CHECK: vector.contract {{.*}} into vector<8x1x32xf32>
func.func @batched_by_weight(%a: tensor<16x1x8xf32>, %b: tensor<8x32xf32>) -> tensor<16x1x32xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x1x32xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16x1x32xf32>) -> tensor<16x1x32xf32>
  %p = linalg.generic {indexing_maps = [affine_map<(b, m, k, n) -> (b, m, k)>, affine_map<(b, m, k, n) -> (k, n)>, affine_map<(b, m, k, n) -> (b, m, n)>], iterator_types = ["parallel", "parallel", "reduction", "parallel"]} ins(%a, %b : tensor<16x1x8xf32>, tensor<8x32xf32>) outs(%init : tensor<16x1x32xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %m = arith.mulf %x, %y fastmath<contract> : f32
    %s = arith.addf %acc, %m fastmath<contract> : f32
    linalg.yield %s : f32
  } -> tensor<16x1x32xf32>
  return %p : tensor<16x1x32xf32>
}

// -----

// A constant B (40 columns) is re-laid in panels of the register block's
// 32 columns, the last one padded with zeros: a block reads one contiguous
// panel, not 32 columns of rows 40 apart.
// CHECK-LABEL: func @matmul_constant_panels
// CHECK: %[[P:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 2.000000e+00, {{.*}}, 3.200000e+01]], {{\[\[}}3.300000e+01, {{.*}}, 4.000000e+01, 0.000000e+00, {{.*}}, 0.000000e+00]]]> : tensor<2x1x32xf32>
// CHECK: vector.transfer_read %[[P]][%c0, %c0, %c0], %{{.*}} : tensor<2x1x32xf32>, vector<1x32xf32>
// CHECK: vector.transfer_read %[[P]][%c1, %c0, %c0], %{{.*}} : tensor<2x1x32xf32>, vector<1x8xf32>
func.func @matmul_constant_panels(%a: tensor<16x1xf32>) -> tensor<16x40xf32> {
  %zero = arith.constant 0.0 : f32
  %b = arith.constant dense<[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0]]> : tensor<1x40xf32>
  %e = tensor.empty() : tensor<16x40xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<16x40xf32>) -> tensor<16x40xf32>
  %p = linalg.matmul ins(%a, %b : tensor<16x1xf32>, tensor<1x40xf32>) outs(%init : tensor<16x40xf32>) -> tensor<16x40xf32>
  return %p : tensor<16x40xf32>
}

// -----

// A constant HWCF filter of 64 output channels (a 1x1 convolution of one
// input channel): panels of 32 channels, [2, KH, KW, C, 32], each task
// reading its own.
// CHECK-LABEL: func @conv_constant_panels
// CHECK: %[[P:.*]] = arith.constant dense<{{\[\[\[\[\[}}1.000000e+00, {{.*}}, 3.200000e+01]]]], {{\[\[\[\[}}3.300000e+01, {{.*}}, 6.400000e+01]]]]]> : tensor<2x1x1x1x32xf32>
// CHECK: scf.forall (%[[F:.*]]) = (0) to (64) step (32)
// CHECK: %[[J:.*]] = affine.apply #{{.*}}(%[[F]])
// CHECK: vector.transfer_read %[[P]][%[[J]], %c0, %c0, %c0, %c0]{{.*}} : tensor<2x1x1x1x32xf32>, vector<1x1x32xf32>
func.func @conv_constant_panels(%x: tensor<1x8x8x1xf32>) -> tensor<1x8x8x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<[[[[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0, 37.0, 38.0, 39.0, 40.0, 41.0, 42.0, 43.0, 44.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0, 60.0, 61.0, 62.0, 63.0, 64.0]]]]> : tensor<1x1x1x64xf32>
  %e = tensor.empty() : tensor<1x8x8x64xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x8x8x1xf32>, tensor<1x1x1x64xf32>) outs(%init : tensor<1x8x8x64xf32>) -> tensor<1x8x8x64xf32>
  return %c : tensor<1x8x8x64xf32>
}

// -----

// 1000 columns: 25 divides them but would fill one register and a half; the
// block stays 32 columns (two whole registers), the 8 left peeled.
// CHECK-LABEL: func @matmul_1000_columns
// CHECK-NOT: x25xf32
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x32xf32> into vector<8x32xf32>
// CHECK: vector.contract {{.*}} : vector<8x1xf32>, vector<1x8xf32> into vector<8x8xf32>
// CHECK-NOT: x25xf32
func.func @matmul_1000_columns(%a: tensor<8x4xf32>, %b: tensor<4x1000xf32>) -> tensor<8x1000xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<8x1000xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<8x1000xf32>) -> tensor<8x1000xf32>
  %p = linalg.matmul ins(%a, %b : tensor<8x4xf32>, tensor<4x1000xf32>) outs(%init : tensor<8x1000xf32>) -> tensor<8x1000xf32>
  return %p : tensor<8x1000xf32>
}

// -----

// 24 output channels: a block of 24 lanes is neither whole registers nor a
// power of two (LLVM scalarizes such loop-carried vectors), so the columns
// split into a block of 16 and one of 8, each with its own accumulator.
// The second block is written into the tile that holds the first (not
// into the whole result, which would drop the first block).
// CHECK-LABEL: func @conv_24_channels
// CHECK-NOT: x24xf32>, vector
// CHECK: scf.for %[[P:.*]] = %c0 to %c16 step %c8 iter_args(%[[OUT:.*]] = %{{.*}})
// CHECK: vector.contract {{.*}} into vector<1x8x16xf32>
// CHECK: %[[FIRST:.*]] = vector.transfer_write %{{.*}} : vector<1x8x16xf32>, tensor<1x1x8x24xf32>
// CHECK: vector.contract {{.*}} into vector<1x8x8xf32>
// CHECK: %[[BOTH:.*]] = vector.transfer_write %{{.*}}, %[[FIRST]][%c0, %c0, %c0, %c16] {{.*}} : vector<1x8x8xf32>, tensor<1x1x8x24xf32>
// CHECK: tensor.insert_slice %[[BOTH]] into %[[OUT]][0, 0, %[[P]], 0] [1, 1, 8, 24]
func.func @conv_24_channels(%x: tensor<1x1x16x8xf32>, %w: tensor<1x1x8x24xf32>) -> tensor<1x1x16x24xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x16x24xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x16x24xf32>) -> tensor<1x1x16x24xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x1x16x8xf32>, tensor<1x1x8x24xf32>) outs(%init : tensor<1x1x16x24xf32>) -> tensor<1x1x16x24xf32>
  return %c : tensor<1x1x16x24xf32>
}

// -----

// A row reduction (ReduceSum over the last axis, as in Softmax and
// LayerNormalization) of 64 elements: split into 16 lanes per row, each
// lane summing every 16th element in a fixed order, a vector<1x16xf32>
// accumulator carried by the loop over the 4 steps; then the 16 lanes of
// each row are summed.
// CHECK-LABEL: func @row_sum
// CHECK-SAME: modelc.scalar_roots = 0 : i64, modelc.vectorized_roots = 1 : i64
// CHECK: %[[X:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0], [1, 2]] output_shape [4, 4, 16] : tensor<4x64xf32> into tensor<4x4x16xf32>
// CHECK: scf.for %[[ROW:.*]] = %c0 to %c4 step %c1
// CHECK: scf.for %[[K:.*]] = %c0 to %c4 step %c1 iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<1x16xf32>)
// CHECK: vector.transfer_read %[[X]][%[[ROW]], %[[K]], %c0]{{.*}} : tensor<4x4x16xf32>, vector<1x1x16xf32>
// CHECK: arith.addf %[[ACC]], %{{.*}} : vector<1x16xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%{{.*}} : tensor<4x16xf32>)
func.func @row_sum(%x: tensor<4x64xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>, affine_map<(i, k) -> (i)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x64xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %acc, %a : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// 20 elements per row: not a whole number of vectors; the reduction is left
// to the plain loops.
// CHECK-LABEL: func @row_max_uneven
// CHECK-SAME: modelc.scalar_roots = 0 : i64, modelc.vectorized_roots = 0 : i64
// CHECK-NOT: vector
func.func @row_max_uneven(%x: tensor<4x20xf32>) -> tensor<4xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%lowest : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>, affine_map<(i, k) -> (i)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x20xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %m = arith.maximumf %acc, %a : f32
    linalg.yield %m : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// Rows known at run time only: not split (linalg::splitReduction makes a
// static partial result), left to the plain loops.
// CHECK-LABEL: func @row_sum_dynamic_rows
// CHECK-SAME: modelc.vectorized_roots = 0 : i64
// CHECK-NOT: tensor.expand_shape
func.func @row_sum_dynamic_rows(%x: tensor<?x64xf32>) -> tensor<?xf32> {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x64xf32>
  %e = tensor.empty(%n) : tensor<?xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<?xf32>) -> tensor<?xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(i, k) -> (i, k)>, affine_map<(i, k) -> (i)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<?x64xf32>) outs(%init : tensor<?xf32>) {
  ^bb0(%a: f32, %acc: f32):
    %s = arith.addf %acc, %a : f32
    linalg.yield %s : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// A global average pool's sum in NHWC: a reduction over the positions with
// the channels innermost. The channels go in vectors (a register block of
// 32, the remaining 8 in one more vector); the positions step one at a
// time with the accumulators in registers (one task: the canonicalizer
// folds its loop away).
// CHECK-LABEL: func @sum_over_positions
// CHECK-SAME: modelc.scalar_roots = 0 : i64, modelc.vectorized_roots = 1 : i64
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<1x32xf32>)
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<1x32xf32>)
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<1x32xf32>
// CHECK: -> (vector<1x8xf32>)
// CHECK-NOT: linalg.generic
func.func @sum_over_positions(%x: tensor<1x7x7x40xf32>) -> tensor<1x40xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x40xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x40xf32>) -> tensor<1x40xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(n, h, w, c) -> (n, h, w, c)>, affine_map<(n, h, w, c) -> (n, c)>], iterator_types = ["parallel", "reduction", "reduction", "parallel"]} ins(%x : tensor<1x7x7x40xf32>) outs(%init : tensor<1x40xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %r = arith.addf %acc, %in : f32
    linalg.yield %r : f32
  } -> tensor<1x40xf32>
  return %s : tensor<1x40xf32>
}
