// RUN: modelc-opt %s -split-input-file -modelc-fold-qdq | FileCheck %s
// RUN: modelc-opt %s -split-input-file -modelc-fold-qdq -modelc-to-channels-last -canonicalize -convert-modelc-to-linalg | FileCheck %s --check-prefix=LINALG

!u8a = !quant.uniform<u8:f32, 0.05:120>
!u8b = !quant.uniform<u8:f32, 0.1:128>
!u8c = !quant.uniform<u8:f32, 0.2:100>
!w = !quant.uniform<i8:f32:0, {0.5, 0.25}>

// Two convolutions between dequantize / quantize pairs (a QDQ model): each
// becomes modelc.conv on the quantized types, the float bias int32 at
// x_scale * w_scale (0.3 / (0.05 * 0.5) = 12, -0.2 / (0.05 * 0.25) = -16),
// the Relu before the quantize kept as the convolution's; the MaxPool
// between two pairs of one type works on the quantized tensor. Nothing is
// dequantized any more.

// CHECK-LABEL: func.func @conv_pool_conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x6x6xui8>)
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<[12, -16]> : tensor<2xi32>
// CHECK-DAG: %[[XQ:.*]] = modelc.storage_cast %[[X]]
// CHECK: %[[C1:.*]] = modelc.conv %[[XQ]], %{{.*}}, %[[B]] {activation = #modelc.activation<relu>, {{.*}}} : {{.*}} -> tensor<1x2x6x6x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK: %[[P:.*]] = modelc.max_pool %[[C1]] {{.*}} -> tensor<1x2x3x3x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK: %[[C2:.*]] = modelc.conv %[[P]], {{.*}} -> tensor<1x2x3x3x!quant.uniform<u8:f32, 2.000000e-01:100>>
// CHECK-NOT: modelc.dequantize
// CHECK-NOT: modelc.quantize
// CHECK: return

// No float tensor is left between the two quantized convolutions once they
// are lowered: the int8 products, their requantizations and the pooling
// all work on integers (the only float tensors are the per-channel
// multipliers).
// LINALG-LABEL: func.func @conv_pool_conv
// LINALG-NOT: tensor<{{[0-9]+}}x{{[0-9x]+}}xf32>
// LINALG: return
func.func @conv_pool_conv(%x: tensor<1x2x6x6xui8>) -> tensor<1x2x3x3xui8> {
  %xq = modelc.storage_cast %x : (tensor<1x2x6x6xui8>) -> tensor<1x2x6x6x!u8a>
  %xf = modelc.dequantize %xq : (tensor<1x2x6x6x!u8a>) -> tensor<1x2x6x6xf32>
  %w0 = modelc.constant dense<[[[[1]], [[2]]], [[[3]], [[4]]]]> : tensor<2x2x1x1xi8>
  %wq = modelc.storage_cast %w0 : (tensor<2x2x1x1xi8>) -> tensor<2x2x1x1x!w>
  %wf = modelc.dequantize %wq : (tensor<2x2x1x1x!w>) -> tensor<2x2x1x1xf32>
  %b = modelc.constant dense<[0.3, -0.2]> : tensor<2xf32>
  %c1 = modelc.conv %xf, %wf, %b {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, activation = #modelc.activation<relu>} : (tensor<1x2x6x6xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
  %q1 = modelc.quantize %c1 : (tensor<1x2x6x6xf32>) -> tensor<1x2x6x6x!u8b>
  %d1 = modelc.dequantize %q1 : (tensor<1x2x6x6x!u8b>) -> tensor<1x2x6x6xf32>
  %p = modelc.max_pool %d1 {kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>} : (tensor<1x2x6x6xf32>) -> tensor<1x2x3x3xf32>
  %q2 = modelc.quantize %p : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3x!u8b>
  %d2 = modelc.dequantize %q2 : (tensor<1x2x3x3x!u8b>) -> tensor<1x2x3x3xf32>
  %c2 = modelc.conv %d2, %wf {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %q3 = modelc.quantize %c2 : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3x!u8c>
  %y = modelc.storage_cast %q3 : (tensor<1x2x3x3x!u8c>) -> tensor<1x2x3x3xui8>
  return %y : tensor<1x2x3x3xui8>
}

// -----

// Weights with a zero point (not symmetric) stay a float convolution.

// CHECK-LABEL: func.func @asymmetric_weights
// CHECK: modelc.dequantize
// CHECK: modelc.conv {{.*}} -> tensor<1x2x4x4xf32>
// CHECK: modelc.quantize
func.func @asymmetric_weights(%x: tensor<1x2x4x4xui8>) -> tensor<1x2x4x4xui8> {
  %xq = modelc.storage_cast %x : (tensor<1x2x4x4xui8>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05:120>>
  %xf = modelc.dequantize %xq : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05:120>>) -> tensor<1x2x4x4xf32>
  %w0 = modelc.constant dense<1> : tensor<2x2x1x1xi8>
  %wq = modelc.storage_cast %w0 : (tensor<2x2x1x1xi8>) -> tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5:3>>
  %wf = modelc.dequantize %wq : (tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<2x2x1x1xf32>
  %c = modelc.conv %xf, %wf {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %q = modelc.quantize %c : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:128>>
  %y = modelc.storage_cast %q : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x2x4x4xui8>
  return %y : tensor<1x2x4x4xui8>
}

// -----

// A dynamic batch stays a float convolution (the int8 lowering needs static
// shapes).

// CHECK-LABEL: func.func @dynamic_batch
// CHECK: modelc.dequantize
// CHECK: modelc.conv {{.*}} -> tensor<?x2x4x4xf32>
// CHECK: modelc.quantize
func.func @dynamic_batch(%x: tensor<?x2x4x4xui8>) -> tensor<?x2x4x4xui8> {
  %xq = modelc.storage_cast %x : (tensor<?x2x4x4xui8>) -> tensor<?x2x4x4x!quant.uniform<u8:f32, 0.05:120>>
  %xf = modelc.dequantize %xq : (tensor<?x2x4x4x!quant.uniform<u8:f32, 0.05:120>>) -> tensor<?x2x4x4xf32>
  %w0 = modelc.constant dense<1> : tensor<2x2x1x1xi8>
  %wq = modelc.storage_cast %w0 : (tensor<2x2x1x1xi8>) -> tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5>>
  %wf = modelc.dequantize %wq : (tensor<2x2x1x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x2x1x1xf32>
  %c = modelc.conv %xf, %wf {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<?x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<?x2x4x4xf32>
  %q = modelc.quantize %c : (tensor<?x2x4x4xf32>) -> tensor<?x2x4x4x!quant.uniform<u8:f32, 0.1:128>>
  %y = modelc.storage_cast %q : (tensor<?x2x4x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<?x2x4x4xui8>
  return %y : tensor<?x2x4x4xui8>
}

// -----

// A MatMul, then an Add of a constant per column (the bias, as exporters
// write it) and a Relu before the quantize (MatMul + Add + Relu between
// Q/DQ pairs, as --quantize=int8 writes a linear layer): one int8 matmul
// whose int32 bias is the constant at a_scale * b_scale
// (0.3 / (0.05 * 0.5) = 12, -0.2 / (0.05 * 0.25) = -16) and whose
// activation is the Relu.

// CHECK-LABEL: func.func @matmul_bias_relu
// CHECK-DAG: %[[B:.*]] = modelc.constant dense<[12, -16]> : tensor<2xi32>
// CHECK: %[[M:.*]] = modelc.matmul %{{.*}}, %{{.*}} bias %[[B]] {activation = #modelc.activation<relu>} : {{.*}} -> tensor<3x2x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NOT: modelc.add
// CHECK-NOT: modelc.relu
// CHECK-NOT: modelc.dequantize
// CHECK: return
func.func @matmul_bias_relu(%x: tensor<3x2xui8>) -> tensor<3x2xui8> {
  %xq = modelc.storage_cast %x : (tensor<3x2xui8>) -> tensor<3x2x!quant.uniform<u8:f32, 0.05:120>>
  %xf = modelc.dequantize %xq : (tensor<3x2x!quant.uniform<u8:f32, 0.05:120>>) -> tensor<3x2xf32>
  %w0 = modelc.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>
  %wq = modelc.storage_cast %w0 : (tensor<2x2xi8>) -> tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
  %wf = modelc.dequantize %wq : (tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>) -> tensor<2x2xf32>
  %m = modelc.matmul %xf, %wf : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %b = modelc.constant dense<[0.3, -0.2]> : tensor<2xf32>
  %a = modelc.add %m, %b : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %r = modelc.relu %a : tensor<3x2xf32>
  %q = modelc.quantize %r : (tensor<3x2xf32>) -> tensor<3x2x!quant.uniform<u8:f32, 0.1:128>>
  %y = modelc.storage_cast %q : (tensor<3x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<3x2xui8>
  return %y : tensor<3x2xui8>
}

// -----

// An Add of a full matrix is no bias: the matmul stays float.

// CHECK-LABEL: func.func @matmul_add_matrix
// CHECK: modelc.matmul {{.*}} -> tensor<3x2xf32>
// CHECK: modelc.add
// CHECK: modelc.quantize
func.func @matmul_add_matrix(%x: tensor<3x2xui8>) -> tensor<3x2xui8> {
  %xq = modelc.storage_cast %x : (tensor<3x2xui8>) -> tensor<3x2x!quant.uniform<u8:f32, 0.05:120>>
  %xf = modelc.dequantize %xq : (tensor<3x2x!quant.uniform<u8:f32, 0.05:120>>) -> tensor<3x2xf32>
  %w0 = modelc.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>
  %wq = modelc.storage_cast %w0 : (tensor<2x2xi8>) -> tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>
  %wf = modelc.dequantize %wq : (tensor<2x2x!quant.uniform<i8:f32:1, {0.5, 0.25}>>) -> tensor<2x2xf32>
  %m = modelc.matmul %xf, %wf : (tensor<3x2xf32>, tensor<2x2xf32>) -> tensor<3x2xf32>
  %b = modelc.constant dense<[[0.3, -0.2], [0.1, 0.1], [0.0, 0.5]]> : tensor<3x2xf32>
  %a = modelc.add %m, %b : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %q = modelc.quantize %a : (tensor<3x2xf32>) -> tensor<3x2x!quant.uniform<u8:f32, 0.1:128>>
  %y = modelc.storage_cast %q : (tensor<3x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<3x2xui8>
  return %y : tensor<3x2xui8>
}

// -----

// A Concat whose inputs and result share one quantized type (as
// --quantize=int8 writes the inputs of data movement) works on the
// quantized tensors.

// CHECK-LABEL: func.func @concat
// CHECK: %[[C:.*]] = modelc.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : ({{.*}}) -> tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:128>>
// CHECK-NOT: modelc.dequantize
// CHECK-NOT: modelc.quantize
// CHECK: return
func.func @concat(%a: tensor<1x2xui8>, %b: tensor<1x2xui8>) -> tensor<1x4xui8> {
  %aq = modelc.storage_cast %a : (tensor<1x2xui8>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1:128>>
  %bq = modelc.storage_cast %b : (tensor<1x2xui8>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1:128>>
  %af = modelc.dequantize %aq : (tensor<1x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x2xf32>
  %bf = modelc.dequantize %bq : (tensor<1x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x2xf32>
  %c = modelc.concat %af, %bf {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %q = modelc.quantize %c : (tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<u8:f32, 0.1:128>>
  %y = modelc.storage_cast %q : (tensor<1x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x4xui8>
  return %y : tensor<1x4xui8>
}

// -----

// Inputs of another scale stay a float Concat.

// CHECK-LABEL: func.func @concat_scales_differ
// CHECK: modelc.concat {{.*}} -> tensor<1x4xf32>
// CHECK: modelc.quantize
func.func @concat_scales_differ(%a: tensor<1x2xui8>, %b: tensor<1x2xui8>) -> tensor<1x4xui8> {
  %aq = modelc.storage_cast %a : (tensor<1x2xui8>) -> tensor<1x2x!quant.uniform<u8:f32, 0.1:128>>
  %bq = modelc.storage_cast %b : (tensor<1x2xui8>) -> tensor<1x2x!quant.uniform<u8:f32, 0.2:128>>
  %af = modelc.dequantize %aq : (tensor<1x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x2xf32>
  %bf = modelc.dequantize %bq : (tensor<1x2x!quant.uniform<u8:f32, 0.2:128>>) -> tensor<1x2xf32>
  %c = modelc.concat %af, %bf {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %q = modelc.quantize %c : (tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<u8:f32, 0.1:128>>
  %y = modelc.storage_cast %q : (tensor<1x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x4xui8>
  return %y : tensor<1x4xui8>
}
