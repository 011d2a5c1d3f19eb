// RUN: modelc-opt %s -split-input-file -modelc-pad-into-producer | FileCheck %s
// RUN: modelc-opt %s -split-input-file -modelc-pad-into-producer -cse | FileCheck %s --check-prefix=CSE

// A convolution accumulating onto its bias, then padded: the op that first
// writes the result (the bias broadcast) writes into the interior of the
// padded tensor, whose border alone is filled (rows before and after, then
// columns); the padded value is the result inserted back at the same place.
// CHECK-LABEL: func @conv_then_pad
// CHECK: %[[E:.*]] = bufferization.alloc_tensor() : tensor<1x6x6x8xf32>
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[E]][0, 0, 0, 0] [1, 1, 6, 8] [1, 1, 1, 1]
// CHECK: %[[F0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[S0]] : tensor<1x1x6x8xf32>)
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[F0]] into %[[E]][0, 0, 0, 0] [1, 1, 6, 8]
// CHECK: tensor.extract_slice %[[I0]][0, 5, 0, 0] [1, 1, 6, 8]
// CHECK: tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 6, 1, 8]
// CHECK: %[[I3:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 5, 0] [1, 6, 1, 8]
// CHECK: %[[IN:.*]] = tensor.extract_slice %[[I3]][0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1] : tensor<1x6x6x8xf32> to tensor<1x4x4x8xf32>
// CHECK: %[[B:.*]] = linalg.generic {{.*}} outs(%[[IN]] : tensor<1x4x4x8xf32>)
// CHECK: %[[C:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} outs(%[[B]] : tensor<1x4x4x8xf32>)
// CHECK: %[[P:.*]] = tensor.insert_slice %[[C]] into %[[I3]][0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK-NOT: tensor.pad
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{.*}} ins(%[[P]],
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @conv_then_pad(%x: tensor<1x4x4x3xf32>, %w: tensor<1x1x3x8xf32>, %b: tensor<8xf32>, %dw: tensor<3x3x8xf32>) -> tensor<1x4x4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x4x8xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x4x3xf32>, tensor<1x1x3x8xf32>) outs(%init : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %p = tensor.pad %c low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x8xf32> to tensor<1x6x6x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %y = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%p, %dw : tensor<1x6x6x8xf32>, tensor<3x3x8xf32>) outs(%z : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  return %y : tensor<1x4x4x8xf32>
}

// -----

// A dynamic batch: the pad's form is an insert into a filled tensor; the
// batch, not padded, is read from the writer's init (N).
// CHECK-LABEL: func @dynamic_batch
// CHECK-SAME: (%[[X:.*]]: tensor<?x4x4x8xf32>)
// CHECK: %[[E:.*]] = bufferization.alloc_tensor(%[[N:.*]]) : tensor<?x6x6x8xf32>
// CHECK: %[[IN:.*]] = tensor.extract_slice %{{.*}}[0, 1, 1, 0] [%[[N]], 4, 4, 8] [1, 1, 1, 1] : tensor<?x6x6x8xf32> to tensor<?x4x4x8xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[X]] : tensor<?x4x4x8xf32>) outs(%[[IN]] : tensor<?x4x4x8xf32>)
// CHECK: %[[P:.*]] = tensor.insert_slice %[[R]] into %{{.*}}[0, 1, 1, 0] [%[[N]], 4, 4, 8] [1, 1, 1, 1]
// CHECK: return %[[P]]
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @dynamic_batch(%x: tensor<?x4x4x8xf32>) -> tensor<?x6x6x8xf32> {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x4x4x8xf32>
  %e = tensor.empty(%n) : tensor<?x4x4x8xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<?x4x4x8xf32>) outs(%e : tensor<?x4x4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x4x4x8xf32>
  %pe = tensor.empty(%n) : tensor<?x6x6x8xf32>
  %f = linalg.fill ins(%zero : f32) outs(%pe : tensor<?x6x6x8xf32>) -> tensor<?x6x6x8xf32>
  %p = tensor.insert_slice %r into %f[0, 1, 1, 0] [%n, 4, 4, 8] [1, 1, 1, 1] : tensor<?x4x4x8xf32> into tensor<?x6x6x8xf32>
  return %p : tensor<?x6x6x8xf32>
}

// -----

// Two pads of one shape get a buffer each, which CSE does not merge (two
// tensor.empty and their border fills would become one value, into which
// the second producer could not write in place: bufferization would copy).
// CSE-LABEL: func @two_pads
// CSE: bufferization.alloc_tensor() : tensor<6x6xf32>
// CSE: %[[P:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[1, 1] [4, 4] [1, 1]
// CSE: bufferization.alloc_tensor() : tensor<6x6xf32>
// CSE: %[[Q:.*]] = tensor.insert_slice %{{.*}} into %{{.*}}[1, 1] [4, 4] [1, 1]
// CSE: return %[[P]], %[[Q]]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @two_pads(%x: tensor<4x4xf32>, %y: tensor<4x4xf32>) -> (tensor<6x6xf32>, tensor<6x6xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x4xf32>
  %p = tensor.pad %r low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<4x4xf32> to tensor<6x6xf32>
  %e2 = tensor.empty() : tensor<4x4xf32>
  %s = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<4x4xf32>) outs(%e2 : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x4xf32>
  %q = tensor.pad %s low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<4x4xf32> to tensor<6x6xf32>
  return %p, %q : tensor<6x6xf32>, tensor<6x6xf32>
}

// -----

// A producer whose result has another use: the producer still writes into
// the padded buffer (its init the interior), where the other use reads it.
// CHECK-LABEL: func @other_use
// CHECK: %[[IN:.*]] = tensor.extract_slice %{{.*}}[1, 1] [4, 4] [1, 1] : tensor<6x6xf32> to tensor<4x4xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} outs(%[[IN]] : tensor<4x4xf32>)
// CHECK: %[[P:.*]] = tensor.insert_slice %[[R]] into %{{.*}}[1, 1] [4, 4] [1, 1]
// CHECK-NOT: tensor.pad
// CHECK: return %[[P]], %[[R]]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @other_use(%x: tensor<4x4xf32>) -> (tensor<6x6xf32>, tensor<4x4xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x4xf32>) outs(%e : tensor<4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<4x4xf32>
  %p = tensor.pad %r low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<4x4xf32> to tensor<6x6xf32>
  return %p, %r : tensor<6x6xf32>, tensor<4x4xf32>
}

// -----

// Left alone: a pad of a value no linalg op computes.
// CHECK-LABEL: func @not_rewritten
// CHECK: tensor.pad
func.func @not_rewritten(%x: tensor<4x4xf32>) -> tensor<6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %q = tensor.pad %x low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<4x4xf32> to tensor<6x6xf32>
  return %q : tensor<6x6xf32>
}

// -----

// Left alone: a dynamic dimension whose filled size is not the slice's (a
// pad after it, at offset 0), which the writer's init cannot give.
// CHECK-LABEL: func @dynamic_padded_after
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<?x4xf32>)
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0] [%{{.*}}, 4] [1, 1] : tensor<?x4xf32> into tensor<?x4xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @dynamic_padded_after(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x4xf32>
  %e = tensor.empty(%n) : tensor<?x4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x4xf32>) outs(%e : tensor<?x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x4xf32>
  %n1 = arith.addi %n, %c1 : index
  %pe = tensor.empty(%n1) : tensor<?x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%pe : tensor<?x4xf32>) -> tensor<?x4xf32>
  %p = tensor.insert_slice %r into %f[0, 0] [%n, 4] [1, 1] : tensor<?x4xf32> into tensor<?x4xf32>
  return %p : tensor<?x4xf32>
}
