// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s

// Ops with the DynamicShapes trait take tensors with dynamic dimensions:
// their sizes come from the operands at run time (unsupported.mlir has the
// ops that still need static shapes).

// A dynamic result dimension comes from the input that has it dynamic.
// CHECK-LABEL: func @add_broadcast
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x4xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// CHECK: linalg.generic {{.*}} ins(%arg0, %arg1 : tensor<?x4xf32>, tensor<4xf32>) outs(%[[E]] : tensor<?x4xf32>)
func.func @add_broadcast(%x: tensor<?x4xf32>, %b: tensor<4xf32>) -> tensor<?x4xf32> {
  %0 = modelc.add %x, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// Another operand's dynamic dimension is checked against the one the
// result takes; a dynamic operand of a static result against the static
// size (modelc-refine-checked-dims then makes it static).
// CHECK-LABEL: func @add_two_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>, %[[Y:.*]]: tensor<?xf32>)
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[M:.*]] = tensor.dim %[[Y]], %c0
// CHECK-NOT: modelc.check
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[M]], %[[N]] : index
// CHECK: modelc.check %[[OK]], "dimension 0 of operand 1 equals dimension 0 of the broadcast result"
func.func @add_two_dynamic(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %0 = modelc.add %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @cast_to_static
// CHECK: %[[D:.*]] = tensor.dim %arg0, %c0
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[D]], %c10 : index
// CHECK: modelc.check %[[OK]], "dimension 0 of operand 0 equals dimension 0 of the broadcast result"
// CHECK: tensor.cast %arg0 : tensor<?xf32> to tensor<10xf32>
func.func @cast_to_static(%x: tensor<?xf32>) -> tensor<10xf32> {
  %0 = modelc.cast %x : (tensor<?xf32>) -> tensor<10xf32>
  return %0 : tensor<10xf32>
}

// Batch and m dimensions from A.
// CHECK-LABEL: func @matmul
// CHECK-DAG: %[[B:.*]] = tensor.dim %arg0, %c0 : tensor<?x?x8xf32>
// CHECK-DAG: %[[M:.*]] = tensor.dim %arg0, %c1 : tensor<?x?x8xf32>
// CHECK: %[[E:.*]] = tensor.empty(%[[B]], %[[M]]) : tensor<?x?x3xf32>
// CHECK: linalg.fill {{.*}} outs(%[[E]] : tensor<?x?x3xf32>)
func.func @matmul(%a: tensor<?x?x8xf32>, %b: tensor<8x3xf32>) -> tensor<?x?x3xf32> {
  %0 = modelc.matmul %a, %b : (tensor<?x?x8xf32>, tensor<8x3xf32>) -> tensor<?x?x3xf32>
  return %0 : tensor<?x?x3xf32>
}

// A run-time shape vector: zeros copy input dimensions, a -1 takes the rest;
// the result is a tensor.reshape (a view after bufferization).
// CHECK-LABEL: func @reshape
// CHECK: %[[S0:.*]] = tensor.extract %arg1[%c0] : tensor<3xi64>
// CHECK: %[[S1:.*]] = tensor.extract %arg1[%c1] : tensor<3xi64>
// CHECK: %[[REST:.*]] = arith.divui
// CHECK: %[[D0:.*]] = arith.select %{{.*}}, %[[REST]], %{{.*}} : index
// CHECK: %[[D1:.*]] = arith.select %{{.*}}, %[[REST]], %{{.*}} : index
// CHECK: %[[SHAPE:.*]] = tensor.from_elements %[[D0]], %[[D1]], %c16 : tensor<3xindex>
// CHECK: tensor.reshape %arg0(%[[SHAPE]]) : (tensor<?x?x64xf32>, tensor<3xindex>) -> tensor<?x?x16xf32>
func.func @reshape(%x: tensor<?x?x64xf32>, %s: tensor<3xi64>) -> tensor<?x?x16xf32> {
  %0 = modelc.reshape %x, %s : (tensor<?x?x64xf32>, tensor<3xi64>) -> tensor<?x?x16xf32>
  return %0 : tensor<?x?x16xf32>
}

// Shape reads dynamic dimensions at run time.
// CHECK-LABEL: func @shape
// CHECK: %[[D:.*]] = tensor.dim %arg0, %c0 : tensor<?x5xf32>
// CHECK: %[[I:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: tensor.from_elements %[[I]], %c5_i64 : tensor<2xi64>
func.func @shape(%x: tensor<?x5xf32>) -> tensor<2xi64> {
  %0 = modelc.shape %x : (tensor<?x5xf32>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// Bounds along a dynamic dimension are clamped at run time.
// CHECK-LABEL: func @slice
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x8xf32>
// CHECK: %[[START:.*]] = arith.minsi %[[N]], %c1 : index
// CHECK: %[[COUNT:.*]] = arith.ceildivui %{{.*}}, %c2 : index
// CHECK: tensor.extract_slice %arg0[%[[START]], 0] [%[[COUNT]], 8] [2, 1] : tensor<?x8xf32> to tensor<?x8xf32>
func.func @slice(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  %s = modelc.constant dense<1> : tensor<1xi64>
  %e = modelc.constant dense<-1> : tensor<1xi64>
  %a = modelc.constant dense<0> : tensor<1xi64>
  %t = modelc.constant dense<2> : tensor<1xi64>
  %0 = modelc.slice %x, %s, %e, %a, %t : (tensor<?x8xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x8xf32>
  return %0 : tensor<?x8xf32>
}

// The concatenated dimension is the sum; offsets follow at run time.
// CHECK-LABEL: func @concat
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x2xf32>
// CHECK: %[[SUM:.*]] = arith.addi %[[N]], %c3 : index
// CHECK: %[[E:.*]] = tensor.empty(%[[SUM]]) : tensor<?x2xf32>
// CHECK: %[[A:.*]] = tensor.insert_slice %arg0 into %[[E]][0, 0] [%[[N]], 2] [1, 1]
// CHECK: tensor.insert_slice %arg1 into %[[A]][%[[N]], 0] [3, 2] [1, 1]
func.func @concat(%x: tensor<?x2xf32>, %y: tensor<3x2xf32>) -> tensor<?x2xf32> {
  %0 = modelc.concat %x, %y {axis = 0 : i64} : (tensor<?x2xf32>, tensor<3x2xf32>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// The mean divides by the run-time count of reduced elements.
// CHECK-LABEL: func @reduce_mean
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c1 : tensor<4x?xf32>
// CHECK: %[[NI:.*]] = arith.index_castui %[[N]] : index to i64
// CHECK: %[[NF:.*]] = arith.uitofp %[[NI]] : i64 to f32
// CHECK: arith.divf %{{.*}}, %[[NF]] : f32
func.func @reduce_mean(%x: tensor<4x?xf32>) -> tensor<4x1xf32> {
  %0 = modelc.reduce_mean %x {axes = array<i64: 1>} : (tensor<4x?xf32>) -> tensor<4x1xf32>
  return %0 : tensor<4x1xf32>
}

// Unit dimensions come and go by expand_shape/collapse_shape.
// CHECK-LABEL: func @unsqueeze
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x3xf32>
// CHECK: tensor.expand_shape %arg0 {{\[}}[0], [1, 2]] output_shape [%[[N]], 1, 3] : tensor<?x3xf32> into tensor<?x1x3xf32>
func.func @unsqueeze(%x: tensor<?x3xf32>) -> tensor<?x1x3xf32> {
  %0 = modelc.unsqueeze %x {axes = array<i64: 1>} : (tensor<?x3xf32>) -> tensor<?x1x3xf32>
  return %0 : tensor<?x1x3xf32>
}

// LayerNormalization over a dynamic axis divides by the run-time count;
// mean and inverse deviation keep their unit dimension.
// CHECK-LABEL: func @layer_norm
// CHECK: %[[N:.*]] = tensor.dim %arg0, %c1 : tensor<2x?xf32>
// CHECK: %[[NI:.*]] = arith.index_castui %[[N]] : index to i64
// CHECK: %[[NF:.*]] = arith.uitofp %[[NI]] : i64 to f32
// CHECK: arith.divf %{{.*}}, %[[NF]] : f32
// CHECK: tensor.expand_shape %{{.*}} {{\[}}[0, 1]] output_shape [2, 1] : tensor<2xf32> into tensor<2x1xf32>
func.func @layer_norm(%x: tensor<2x?xf32>, %s: tensor<?xf32>) -> (tensor<2x?xf32>, tensor<2x1xf32>) {
  %0:3 = modelc.layer_normalization %x, %s : (tensor<2x?xf32>, tensor<?xf32>) -> (tensor<2x?xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  return %0#0, %0#1 : tensor<2x?xf32>, tensor<2x1xf32>
}
