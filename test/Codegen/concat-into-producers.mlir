// RUN: modelc-opt %s -split-input-file -modelc-concat-into-producers | FileCheck %s

// Two convolutions concatenated along channels: the op that first writes
// each one's result (its bias broadcast) takes the result's slice of a fresh
// buffer as its init, and each result is inserted back right after its
// convolution, so that bufferization writes both in place.
// CHECK-LABEL: func @two_convs
// CHECK: %[[A:.*]] = bufferization.alloc_tensor() : tensor<1x4x4x16xf32>
// CHECK: %[[S0:.*]] = tensor.extract_slice %[[A]][0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK: %[[B0:.*]] = linalg.generic {{.*}} outs(%[[S0]] : tensor<1x4x4x8xf32>)
// CHECK: %[[C0:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} outs(%[[B0]] : tensor<1x4x4x8xf32>)
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[C0]] into %[[A]][0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK: %[[S1:.*]] = tensor.extract_slice %[[I0]][0, 0, 0, 8] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK: %[[B1:.*]] = linalg.generic {{.*}} outs(%[[S1]] : tensor<1x4x4x8xf32>)
// CHECK: %[[C1:.*]] = linalg.conv_2d_nhwc_hwcf {{.*}} outs(%[[B1]] : tensor<1x4x4x8xf32>)
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[C1]] into %[[I0]][0, 0, 0, 8] [1, 4, 4, 8] [1, 1, 1, 1]
// CHECK-NOT: tensor.insert_slice
// CHECK: return %[[I1]]
#bias = affine_map<(d0, d1, d2, d3) -> (d3)>
#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @two_convs(%x: tensor<1x4x4x3xf32>, %w0: tensor<1x1x3x8xf32>, %w1: tensor<1x1x3x8xf32>, %b: tensor<8xf32>) -> tensor<1x4x4x16xf32> {
  %e = tensor.empty() : tensor<1x4x4x8xf32>
  %init0 = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x4x8xf32>
  %c0 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w0 : tensor<1x4x4x3xf32>, tensor<1x1x3x8xf32>) outs(%init0 : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %init1 = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<8xf32>) outs(%e : tensor<1x4x4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x4x4x8xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<1x4x4x3xf32>, tensor<1x1x3x8xf32>) outs(%init1 : tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %cat = tensor.empty() : tensor<1x4x4x16xf32>
  %i0 = tensor.insert_slice %c0 into %cat[0, 0, 0, 0] [1, 4, 4, 8] [1, 1, 1, 1] : tensor<1x4x4x8xf32> into tensor<1x4x4x16xf32>
  %i1 = tensor.insert_slice %c1 into %i0[0, 0, 0, 8] [1, 4, 4, 8] [1, 1, 1, 1] : tensor<1x4x4x8xf32> into tensor<1x4x4x16xf32>
  return %i1 : tensor<1x4x4x16xf32>
}

// -----

// Inputs that cannot be written in place are copied in at the end: an
// argument, and a producer whose result has another use. The producer that
// can (the second input, computed first) writes in place; a dynamic batch
// is read from its init.
// CHECK-LABEL: func @mixed
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[Y:.*]]: tensor<?x4xf32>
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %[[C0]]
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK: %[[A:.*]] = bufferization.alloc_tensor(%[[N]]) : tensor<?x12xf32>
// CHECK: %[[D:.*]] = tensor.dim %[[E]], %[[C0]]
// CHECK: %[[S:.*]] = tensor.extract_slice %[[A]][0, 4] [%[[D]], 4] [1, 1]
// CHECK: %[[R:.*]] = linalg.generic {{.*}} outs(%[[S]] : tensor<?x4xf32>)
// CHECK: %[[I:.*]] = tensor.insert_slice %[[R]] into %[[A]][0, 4] [%[[D]], 4] [1, 1]
// CHECK: %[[T:.*]] = linalg.generic
// CHECK: %[[J:.*]] = tensor.insert_slice %[[X]] into %[[I]][0, 0] [%[[N]], 4] [1, 1]
// CHECK: %[[K:.*]] = tensor.insert_slice %[[T]] into %[[J]][0, 8] [%[[N]], 4] [1, 1]
// CHECK: return %[[K]], %[[T]]
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @mixed(%x: tensor<?x4xf32>, %y: tensor<?x4xf32>) -> (tensor<?x12xf32>, tensor<?x4xf32>) {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %n = tensor.dim %x, %c0 : tensor<?x4xf32>
  %e = tensor.empty(%n) : tensor<?x4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%y : tensor<?x4xf32>) outs(%e : tensor<?x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x4xf32>
  %t = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<?x4xf32>) outs(%e : tensor<?x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.minimumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<?x4xf32>
  %cat = tensor.empty(%n) : tensor<?x12xf32>
  %i0 = tensor.insert_slice %x into %cat[0, 0] [%n, 4] [1, 1] : tensor<?x4xf32> into tensor<?x12xf32>
  %i1 = tensor.insert_slice %r into %i0[0, 4] [%n, 4] [1, 1] : tensor<?x4xf32> into tensor<?x12xf32>
  %i2 = tensor.insert_slice %t into %i1[0, 8] [%n, 4] [1, 1] : tensor<?x4xf32> into tensor<?x12xf32>
  return %i2, %t : tensor<?x12xf32>, tensor<?x4xf32>
}

// -----

// Left alone: no input written in place, and a single insert.
// CHECK-LABEL: func @not_rewritten
// CHECK-NOT: bufferization.alloc_tensor
// CHECK-COUNT-3: tensor.insert_slice
func.func @not_rewritten(%x: tensor<2x4xf32>, %y: tensor<2x4xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %cat = tensor.empty() : tensor<2x8xf32>
  %i0 = tensor.insert_slice %x into %cat[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  %i1 = tensor.insert_slice %y into %i0[0, 4] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  %e = tensor.empty() : tensor<2x8xf32>
  %i2 = tensor.insert_slice %x into %e[0, 0] [2, 4] [1, 1] : tensor<2x4xf32> into tensor<2x8xf32>
  return %i1, %i2 : tensor<2x8xf32>, tensor<2x8xf32>
}
