// RUN: modelc-opt %s -split-input-file -modelc-cpu-winograd | FileCheck %s --check-prefixes=CHECK,AVX512
// RUN: modelc-opt %s -split-input-file -modelc-cpu-winograd=isa=avx2 | FileCheck %s --check-prefixes=CHECK,AVX2

// A 3x3 stride-1 convolution of a constant filter, 64 channels in and out,
// 13 x 13 outputs (7 x 7 tiles of F(2x2, 3x3)): the input's zero padding
// grows by one row and column so that whole 4 x 4 input tiles fit; one task
// per (n, tile row, block of 64 channels) writes the 16 rows V_k of its
// tiles, a tile and a vector of channels per step: the 16 taps read once,
// B^T d B by rows then columns (zeros skipped); the 16 products are one
// batched product by the transformed filter; the output transform is
// vector code (see conv3x3_exact) whose tiles overhang the 13 x 13 outputs:
// the last tile row has one row (an affine.min), and the outputs of the
// last tile row and column are written under a bounds check.
// CHECK-LABEL: func @conv3x3
// CHECK: %[[P:.*]] = tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 2, 2, 0]
// CHECK: tensor<1x13x13x64xf32> to tensor<1x16x16x64xf32>
// CHECK: %[[V:.*]] = scf.forall (%[[N:.*]], %[[TY:.*]], %[[C0:.*]]) = (0, 0, 0) to (1, 7, 64) step (1, 1, 64) shared_outs(%[[O:.*]] = %{{.*}}) -> (tensor<16x1x7x7x64xf32>)
// CHECK: %[[OUT:.*]] = tensor.extract_slice %[[O]][0, %[[N]], %[[TY]], 0, %[[C0]]] [16, 1, 1, 7, 64] [1, 1, 1, 1, 1]
// CHECK: %[[ROW:.*]] = scf.for %[[TX:.*]] = %{{.*}} to %c7 step %c1 iter_args(%[[A:.*]] = %[[OUT]])
// AVX512: scf.for %[[C:.*]] = %{{.*}} to %c64 step %c16 iter_args(%[[B:.*]] = %[[A]])
// AVX2: scf.for %[[C:.*]] = %{{.*}} to %c64 step %c8 iter_args(%[[B:.*]] = %[[A]])
// CHECK-COUNT-4: vector.transfer_read %[[P]][%[[N]], %{{.*}}, %{{.*}}, %{{.*}}]
// CHECK-NEXT: arith.subf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.subf
// CHECK-NEXT: arith.subf
// CHECK-COUNT-12: vector.transfer_read %[[P]]
// CHECK-COUNT-16: vector.transfer_write %{{.*}}, %{{.*}}[%{{.*}}, %c0{{.*}}, %c0{{.*}}, %[[TX]], %[[C]]]
// CHECK: scf.forall.in_parallel
// CHECK-NEXT: tensor.parallel_insert_slice %[[ROW]] into %[[O]][0, %[[N]], %[[TY]], 0, %[[C0]]] [16, 1, 1, 7, 64]
// CHECK: %[[VC:.*]] = tensor.collapse_shape %[[V]] {{\[\[}}0], [1, 2, 3], [4]] : tensor<16x1x7x7x64xf32> into tensor<16x49x64xf32>
// CHECK: %[[U:.*]] = arith.constant dense<{{.*}}> : tensor<16x64x64xf32>
// CHECK: %[[Z:.*]] = linalg.fill
// CHECK: %[[M:.*]] = linalg.batch_matmul ins(%[[VC]], %[[U]] : tensor<16x49x64xf32>, tensor<16x64x64xf32>) outs(%[[Z]] : tensor<16x49x64xf32>)
// CHECK: %[[ME:.*]] = tensor.expand_shape %[[M]] {{\[\[}}0], [1, 2, 3], [4]] output_shape [16, 1, 7, 7, 64]
// CHECK: %[[Y:.*]] = scf.forall (%[[N2:.*]], %[[TY2:.*]]) in (1, 7) shared_outs(%[[O2:.*]] = %{{.*}}) -> (tensor<1x13x13x64xf32>)
// CHECK: %[[R:.*]] = affine.min #{{.*}}(%[[TY2]])
// CHECK: tensor.extract_slice %[[O2]][%[[N2]], %{{.*}}, 0, 0] [1, %[[R]], 13, 64] [1, 1, 1, 1] : tensor<1x13x13x64xf32> to tensor<1x?x13x64xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c7 step %c1
// CHECK: arith.maximumf
// CHECK: vector.transfer_write
// CHECK: arith.cmpi ult, %{{.*}}, %c13
// CHECK-NEXT: scf.if
// CHECK: arith.maximumf
// CHECK: vector.transfer_write
// CHECK: arith.cmpi ult, %{{.*}}, %c13
// CHECK-NEXT: scf.if
// CHECK: arith.cmpi ult, %{{.*}}, %c13
// CHECK: arith.cmpi ult, %{{.*}}, %c13
// CHECK-NEXT: arith.andi
// CHECK-NEXT: scf.if
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]]
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @conv3x3(%x: tensor<1x13x13x64xf32>, %b: tensor<64xf32>) -> tensor<1x13x13x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x64x64xf32>
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x13x13x64xf32> to tensor<1x15x15x64xf32>
  %e = tensor.empty() : tensor<1x13x13x64xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<64xf32>) outs(%e : tensor<1x13x13x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x13x13x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x15x15x64xf32>, tensor<3x3x64x64xf32>) outs(%init : tensor<1x13x13x64xf32>) -> tensor<1x13x13x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x13x13x64xf32>) outs(%e : tensor<1x13x13x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x13x13x64xf32>
  return %r : tensor<1x13x13x64xf32>
}

// -----

// 12 x 12 outputs (6 x 6 tiles, covering them exactly), with a residual
// add and a ReLU after the convolution: the output transform is explicit
// vector code, one task per (n, tile row) writing its 2 rows of the
// consumer's result, a tile and a vector of filters per step: the 16
// products read once, each of the 4 outputs added to the bias (read from
// the bias vector: its broadcast is not materialized), then the consumer's
// body on vectors (the residual read at the same place, the ReLU's zero
// broadcast).
// CHECK-LABEL: func @conv3x3_exact
// CHECK-SAME: (%{{.*}}: tensor<1x12x12x64xf32>, %[[BIAS:.*]]: tensor<64xf32>, %[[RES:.*]]: tensor<1x12x12x64xf32>)
// CHECK: %[[V:.*]] = scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0) to (1, 6, 64) step (1, 1, 64)
// CHECK: %[[M:.*]] = linalg.batch_matmul
// CHECK: %[[ME:.*]] = tensor.expand_shape %[[M]]
// CHECK: %[[Y:.*]] = scf.forall (%[[N:.*]], %[[TY:.*]]) in (1, 6) shared_outs(%[[O:.*]] = %{{.*}}) -> (tensor<1x12x12x64xf32>)
// CHECK: %[[ROWS:.*]] = tensor.extract_slice %[[O]][%[[N]], %{{.*}}, 0, 0] [1, 2, 12, 64] [1, 1, 1, 1]
// CHECK: scf.for %[[TX:.*]] = %{{.*}} to %c6 step %c1
// AVX512: scf.for %[[C:.*]] = %{{.*}} to %c64 step %c16
// AVX2: scf.for %[[C:.*]] = %{{.*}} to %c64 step %c8
// CHECK-COUNT-16: vector.transfer_read %[[ME]][%{{.*}}, %[[N]], %[[TY]], %[[TX]], %[[C]]]
// CHECK: %[[B:.*]] = vector.transfer_read %[[BIAS]][%[[C]]]
// CHECK: %[[S:.*]] = arith.addf %[[B]], %{{.*}}
// CHECK: %[[R:.*]] = vector.transfer_read %[[RES]][%[[N]], %{{.*}}, %{{.*}}, %[[C]]]
// CHECK: arith.addf %[[S]], %[[R]]
// CHECK: arith.maximumf
// CHECK: vector.transfer_write
// CHECK-COUNT-3: arith.maximumf
// CHECK: tensor.parallel_insert_slice %{{.*}} into %[[O]][%[[N]], %{{.*}}, 0, 0] [1, 2, 12, 64]
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: linalg.generic
// CHECK: return %[[Y]]
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @conv3x3_exact(%x: tensor<1x12x12x64xf32>, %b: tensor<64xf32>, %res: tensor<1x12x12x64xf32>) -> tensor<1x12x12x64xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x64x64xf32>
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x12x12x64xf32> to tensor<1x14x14x64xf32>
  %e = tensor.empty() : tensor<1x12x12x64xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<64xf32>) outs(%e : tensor<1x12x12x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x12x12x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x14x14x64xf32>, tensor<3x3x64x64xf32>) outs(%init : tensor<1x12x12x64xf32>) -> tensor<1x12x12x64xf32>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c, %res : tensor<1x12x12x64xf32>, tensor<1x12x12x64xf32>) outs(%e : tensor<1x12x12x64xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %s = arith.addf %in, %in2 : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x12x12x64xf32>
  return %r : tensor<1x12x12x64xf32>
}

// -----

// 68 filters, which do not fill vectors: the output transform is a
// linalg.generic over the output reading tile (h / 2, w / 2), fused with the
// ReLU that follows.
// CHECK-LABEL: func @conv3x3_generic_output
// CHECK: linalg.batch_matmul
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, {{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
// CHECK: arith.remui
// CHECK: arith.maximumf
// CHECK-NOT: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: linalg.generic
// CHECK: return
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @conv3x3_generic_output(%x: tensor<1x12x12x64xf32>, %b: tensor<68xf32>) -> tensor<1x12x12x68xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x64x68xf32>
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x12x12x64xf32> to tensor<1x14x14x64xf32>
  %e = tensor.empty() : tensor<1x12x12x68xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<68xf32>) outs(%e : tensor<1x12x12x68xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x12x12x68xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %w : tensor<1x14x14x64xf32>, tensor<3x3x64x68xf32>) outs(%init : tensor<1x12x12x68xf32>) -> tensor<1x12x12x68xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x12x12x68xf32>) outs(%e : tensor<1x12x12x68xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x12x12x68xf32>
  return %r : tensor<1x12x12x68xf32>
}

// -----

// Convolutions where the transforms would not pay, or that Winograd does
// not cover, stay direct: 8 input channels (fewer than the table's 16); 7 x 7 outputs (16 tiles, fewer
// than the table's 32: the transformed filter would be read for too few);
// stride 2; a filter only known at run time.
// CHECK-LABEL: func @direct
// CHECK-NOT: scf.forall
// CHECK-NOT: batch_matmul
// CHECK-COUNT-4: linalg.conv_2d_nhwc_hwcf
func.func @direct(%x8: tensor<1x16x16x8xf32>, %x7: tensor<1x9x9x64xf32>, %x: tensor<1x16x16x64xf32>, %wd: tensor<3x3x64x64xf32>) -> (tensor<1x14x14x64xf32>, tensor<1x7x7x64xf32>, tensor<1x7x7x64xf32>, tensor<1x14x14x64xf32>) {
  %zero = arith.constant 0.0 : f32
  %w8 = arith.constant dense<0.25> : tensor<3x3x8x64xf32>
  %w = arith.constant dense<0.25> : tensor<3x3x64x64xf32>
  %e14 = tensor.empty() : tensor<1x14x14x64xf32>
  %z14 = linalg.fill ins(%zero : f32) outs(%e14 : tensor<1x14x14x64xf32>) -> tensor<1x14x14x64xf32>
  %e7 = tensor.empty() : tensor<1x7x7x64xf32>
  %z7 = linalg.fill ins(%zero : f32) outs(%e7 : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  %a = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x8, %w8 : tensor<1x16x16x8xf32>, tensor<3x3x8x64xf32>) outs(%z14 : tensor<1x14x14x64xf32>) -> tensor<1x14x14x64xf32>
  %b = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x7, %w : tensor<1x9x9x64xf32>, tensor<3x3x64x64xf32>) outs(%z7 : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x16x16x64xf32>, tensor<3x3x64x64xf32>) outs(%z7 : tensor<1x7x7x64xf32>) -> tensor<1x7x7x64xf32>
  %d = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %wd : tensor<1x16x16x64xf32>, tensor<3x3x64x64xf32>) outs(%z14 : tensor<1x14x14x64xf32>) -> tensor<1x14x14x64xf32>
  return %a, %b, %c, %d : tensor<1x14x14x64xf32>, tensor<1x7x7x64xf32>, tensor<1x7x7x64xf32>, tensor<1x14x14x64xf32>
}

// -----

// A dynamic batch: one task per image, tile row and block of channels, the
// products' rows (tiles of every image) dynamic.
// CHECK-LABEL: func @dynamic_batch
// CHECK: scf.forall ({{.*}}) = (0, 0, 0) to (%[[N:.*]], 7, 64) step (1, 1, 64)
// CHECK: linalg.batch_matmul ins(%{{.*}}, %{{.*}} : tensor<16x?x64xf32>, tensor<16x64x64xf32>)
// CHECK: tensor.expand_shape {{.*}} output_shape [16, %[[N]], 7, 7, 64]
func.func @dynamic_batch(%x: tensor<?x16x16x64xf32>) -> tensor<?x14x14x64xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<0.25> : tensor<3x3x64x64xf32>
  %n = tensor.dim %x, %c0 : tensor<?x16x16x64xf32>
  %e = tensor.empty(%n) : tensor<?x14x14x64xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<?x14x14x64xf32>) -> tensor<?x14x14x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<?x16x16x64xf32>, tensor<3x3x64x64xf32>) outs(%z : tensor<?x14x14x64xf32>) -> tensor<?x14x14x64xf32>
  return %c : tensor<?x14x14x64xf32>
}
