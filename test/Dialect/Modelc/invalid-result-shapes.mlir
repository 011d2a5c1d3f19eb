// RUN: modelc-opt %s -split-input-file -verify-diagnostics

// Result types that contradict the operands. The verifiers of these ops do
// not check their result shapes yet; the lowering then reads or writes out
// of bounds or leaves part of the result unwritten (a 1x7 concat of 1x2 and
// 1x3 lowers to two insert_slices into an uninitialized 1x7 tensor). Any
// verifier error on the op is accepted here.

func.func @concat_axis_sum(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x7xf32> {
  // expected-error @+1 {{'modelc.concat' op}}
  %0 = modelc.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x3xf32>) -> tensor<1x7xf32>
  return %0 : tensor<1x7xf32>
}

// -----

func.func @concat_other_dim(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x5xf32> {
  // expected-error @+1 {{'modelc.concat' op}}
  %0 = modelc.concat %a, %b {axis = 1 : i64} : (tensor<1x2xf32>, tensor<2x3xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// -----

func.func @split_result(%x: tensor<1x5xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{'modelc.split' op}}
  %0:2 = modelc.split %x {axis = 1 : i64, sizes = array<i64: 2, 3>} : (tensor<1x5xf32>) -> (tensor<1x2xf32>, tensor<1x4xf32>)
  return %0#1 : tensor<1x4xf32>
}

// -----

func.func @gather_result(%x: tensor<5x4xf32>, %i: tensor<2xi64>) -> tensor<7x4xf32> {
  // expected-error @+1 {{'modelc.gather' op}}
  %0 = modelc.gather %x, %i : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<7x4xf32>
  return %0 : tensor<7x4xf32>
}

// -----

func.func @conv_output_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x5x6x6xf32> {
  // expected-error @+1 {{'modelc.conv' op}}
  %0 = modelc.conv %x, %w {pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x5x6x6xf32>
  return %0 : tensor<1x5x6x6xf32>
}

// -----

func.func @matmul_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'modelc.matmul' op}}
  %0 = modelc.matmul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @gemm_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{'modelc.gemm' op}}
  %0 = modelc.gemm %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @reduce_result(%x: tensor<2x8xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'modelc.reduce_sum' op}}
  %0 = modelc.reduce_sum %x {axes = array<i64: 1>} : (tensor<2x8xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
