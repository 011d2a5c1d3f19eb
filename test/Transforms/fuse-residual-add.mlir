// RUN: modelc-opt %s -split-input-file -modelc-fuse-residual-add | FileCheck %s

// A residual block: the second convolution takes the block's input as its
// residual; the Add is gone, and the Relu after it stays for
// modelc-fuse-activations.
// CHECK-LABEL: func @residual_block
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x4xf32>)
// CHECK: %[[C0:.*]] = modelc.conv %[[X]], %{{.*}} {activation = #modelc.activation<relu>
// CHECK: %[[C1:.*]] = modelc.conv %[[C0]], %{{.*}}, %{{.*}} residual %[[X]] {{.*}} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NOT: modelc.add
// CHECK: %[[Y:.*]] = modelc.relu %[[C1]]
// CHECK: return %[[Y]]
func.func @residual_block(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = modelc.constant dense<0.5> : tensor<2x2x3x3xf32>
  %b = modelc.constant dense<1.0> : tensor<2xf32>
  %c0 = modelc.conv %x, %w {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = #modelc.activation<relu>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %c1 = modelc.conv %c0, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %s = modelc.add %x, %c1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %y = modelc.relu %s : tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// A transformer's skip connection with a dynamic batch: the MatMul (which
// keeps its bias) moves to the Add, after the residual's definition.
// CHECK-LABEL: func @matmul_residual
// CHECK-SAME: (%[[A:.*]]: tensor<?x3x4xf32>, %[[R:.*]]: tensor<?x3x4xf32>)
// CHECK: %[[E:.*]] = modelc.exp %[[R]]
// CHECK: %[[M:.*]] = modelc.matmul %[[A]], %{{.*}} bias %{{.*}} residual %[[E]] : (tensor<?x3x4xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
// CHECK: return %[[M]]
func.func @matmul_residual(%a: tensor<?x3x4xf32>, %r: tensor<?x3x4xf32>) -> tensor<?x3x4xf32> {
  %b = modelc.constant dense<0.5> : tensor<4x4xf32>
  %c = modelc.constant dense<1.0> : tensor<4xf32>
  %m = modelc.matmul %a, %b bias %c : (tensor<?x3x4xf32>, tensor<4x4xf32>, tensor<4xf32>) -> tensor<?x3x4xf32>
  %e = modelc.exp %r : tensor<?x3x4xf32>
  %y = modelc.add %m, %e : (tensor<?x3x4xf32>, tensor<?x3x4xf32>) -> tensor<?x3x4xf32>
  return %y : tensor<?x3x4xf32>
}

// -----

// Not fused: an Add that broadcasts its other operand, a producer with a
// fused activation (which comes before the Add), one with another user,
// and an Add of two values that are not products.
// CHECK-LABEL: func @not_fused
// CHECK-NOT: residual
// CHECK-COUNT-4: modelc.add
func.func @not_fused(%x: tensor<1x2x4x4xf32>, %r: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = modelc.constant dense<0.5> : tensor<2x2x1x1xf32>
  %c0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y0 = modelc.add %c0, %r : (tensor<1x2x4x4xf32>, tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32>
  %c1 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = #modelc.activation<relu>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y1 = modelc.add %c1, %x : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %c2 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y2 = modelc.add %c2, %x : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %y3 = modelc.add %x, %x : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y0, %y1, %y2, %c2, %y3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}
