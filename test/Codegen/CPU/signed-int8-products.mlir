// RUN: modelc-opt %s -modelc-cpu-signed-int8-products | FileCheck %s
// RUN: modelc-opt %s -modelc-cpu-signed-int8-products -modelc-cpu-tile-and-vectorize="isa=neon int8-dot=sdot" | FileCheck %s --check-prefix=SDOT
// RUN: modelc-opt %s -modelc-cpu-tile-and-vectorize="isa=neon int8-dot=usdot" | FileCheck %s --check-prefix=USDOT

// The int8 product of a quantized matmul (Quantized.cpp): [8 x 8] u8 rows
// by four columns of s8 weights (K = 8: [2, 4 x 4]), from the bias less the
// zero point's compensation. For sdot (s8 x s8) its activations become
// sext(a ^ 0x80) = a - 128, and the initial value gains 128 x each
// column's weight sum: column 0 sums 1+2+3+4+5+6+7+8 = 36 (5 + 4608),
// column 1 -36 (7 - 4608), column 2 4 (9 + 512), column 3 0.

// CHECK-LABEL: func.func @product
// CHECK: %[[INIT:.*]] = arith.constant dense<[4613, -4601, 521, 11]> : tensor<4xi32>
// CHECK: linalg.generic {{.*}} ins(%[[INIT]] : tensor<4xi32>)
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[A:.*]]: i8, %[[B:.*]]: i8, %[[ACC:.*]]: i32):
// CHECK-NEXT: %[[BIT:.*]] = arith.constant -128 : i8
// CHECK-NEXT: %[[FLIP:.*]] = arith.xori %[[A]], %[[BIT]] : i8
// CHECK-NEXT: arith.extsi %[[FLIP]] : i8 to i32
// CHECK-NOT: arith.extui

// Vectorized for aarch64's sdot: each row's four bytes flipped (xor 0x80),
// broadcast to the four lanes, one sdot per row and four columns. Without
// the flip (usdot: u8 x s8) the bytes go as they are.

// SDOT-LABEL: func.func @product
// SDOT: scf.for
// SDOT: %[[ROW:.*]] = vector.transfer_read {{.*}} : tensor<8x2x4xi8>, vector<4xi8>
// SDOT-NEXT: arith.xori %[[ROW]], %{{.*}} : vector<4xi8>
// SDOT-COUNT-4: llvm.call_intrinsic "llvm.aarch64.neon.sdot.v4i32.v16i8"
// SDOT-NOT: llvm.call_intrinsic
// SDOT-LABEL: func.func @computed_weights
// SDOT-NOT: llvm.call_intrinsic
// SDOT: arith.extui %{{.*}} : vector<4xi8> to vector<4xi32>

// USDOT-LABEL: func.func @product
// USDOT-NOT: arith.xori
// USDOT-COUNT-4: llvm.call_intrinsic "llvm.aarch64.neon.usdot.v4i32.v16i8"
// USDOT-NOT: llvm.call_intrinsic
// USDOT-LABEL: func.func @computed_weights

func.func @product(%a: tensor<8x2x4xi8>) -> tensor<8x4xi32> {
  %w = arith.constant dense<[[1, 2, 3, 4, -1, -2, -3, -4, 0, 0, 0, 0, 10, 10, 10, 10], [5, 6, 7, 8, -5, -6, -7, -8, 1, 1, 1, 1, -10, -10, -10, -10]]> : tensor<2x16xi8>
  %bias = arith.constant dense<[5, 7, 9, 11]> : tensor<4xi32>
  %e = tensor.empty() : tensor<8x4xi32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bias : tensor<4xi32>) outs(%e : tensor<8x4xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  } -> tensor<8x4xi32>
  %acc = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d1 * 4 + d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%a, %w : tensor<8x2x4xi8>, tensor<2x16xi8>) outs(%init : tensor<8x4xi32>) attrs = {modelc.int8_product} {
  ^bb0(%x: i8, %y: i8, %out: i32):
    %0 = arith.extui %x : i8 to i32
    %1 = arith.extsi %y : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %out, %2 : i32
    linalg.yield %3 : i32
  } -> tensor<8x4xi32>
  return %acc : tensor<8x4xi32>
}

// Weights that are not a constant: the product stays unsigned.

// CHECK-LABEL: func.func @computed_weights
// CHECK: arith.extui
// CHECK-NOT: arith.xori
func.func @computed_weights(%a: tensor<8x2x4xi8>, %w: tensor<2x8xi8>) -> tensor<8x2xi32> {
  %bias = arith.constant dense<[5, 7]> : tensor<2xi32>
  %e = tensor.empty() : tensor<8x2xi32>
  %init = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bias : tensor<2xi32>) outs(%e : tensor<8x2xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  } -> tensor<8x2xi32>
  %acc = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d2, d1 * 4 + d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%a, %w : tensor<8x2x4xi8>, tensor<2x8xi8>) outs(%init : tensor<8x2xi32>) attrs = {modelc.int8_product} {
  ^bb0(%x: i8, %y: i8, %out: i32):
    %0 = arith.extui %x : i8 to i32
    %1 = arith.extsi %y : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %out, %2 : i32
    linalg.yield %3 : i32
  } -> tensor<8x2xi32>
  return %acc : tensor<8x2xi32>
}
