// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s

// NonZero counts the non-zero elements in one loop nest; the count, bounded
// by the number of elements, sizes a dynamic result, then a second loop nest
// inserts each one's coordinates into the next column.
// CHECK-LABEL: func @non_zero_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK: %[[COUNT:.*]] = scf.for %[[I:.*]] = %c0 to %c2 step %c1 iter_args(%[[C0:.*]] = %c0)
// CHECK: scf.for %[[J:.*]] = %c0 to %c3 step %c1 iter_args(%[[C1:.*]] = %[[C0]])
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[I]], %[[J]]]
// CHECK: %[[NZ:.*]] = arith.cmpf une, %[[V]], %{{.*}} : f32
// CHECK: arith.select %[[NZ]]
// CHECK: %[[BOUNDED:.*]] = modelc.bounded_size %[[COUNT]], %c6
// CHECK: %[[E:.*]] = tensor.empty(%[[BOUNDED]]) : tensor<2x?xi64>
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %[[E]], %{{.*}} = %c0)
// CHECK: scf.if
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%c0, %{{.*}}] : tensor<2x?xi64>
// CHECK: tensor.insert %{{.*}} into %{{.*}}[%c1, %{{.*}}] : tensor<2x?xi64>
func.func @non_zero_dynamic(%x: tensor<2x3xf32>) -> tensor<2x?xi64> {
  %0 = modelc.non_zero %x : (tensor<2x3xf32>) -> tensor<2x?xi64>
  return %0 : tensor<2x?xi64>
}

// A static result (the model's declared shape) is checked against the count.
// CHECK-LABEL: func @non_zero_static
// CHECK: %[[COUNT:.*]] = scf.for
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[COUNT]], %c4 : index
// CHECK: modelc.check %[[OK]], "the number of non-zero elements equals the result size"
// CHECK: tensor.empty() : tensor<2x4xi64>
func.func @non_zero_static(%x: tensor<2x3xi32>) -> tensor<2x4xi64> {
  %0 = modelc.non_zero %x : (tensor<2x3xi32>) -> tensor<2x4xi64>
  return %0 : tensor<2x4xi64>
}

// Compress counts the true entries among the first min(axis size,
// condition length), which bounds the count, then copies each selected slice
// to the next position.
// CHECK-LABEL: func @compress_axis
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>, %[[C:.*]]: tensor<?xi1>)
// CHECK: %[[L:.*]] = tensor.dim %[[C]], %c0
// CHECK: %[[N:.*]] = arith.minui %[[L]], %c3 : index
// CHECK: %[[COUNT:.*]] = scf.for %[[J:.*]] = %c0 to %[[N]] step %c1
// CHECK: tensor.extract %[[C]][%[[J]]]
// CHECK: %[[BOUNDED:.*]] = modelc.bounded_size %[[COUNT]], %[[N]]
// CHECK: %[[E:.*]] = tensor.empty(%[[BOUNDED]]) : tensor<?x2xf32>
// CHECK: scf.for %[[K:.*]] = %c0 to %[[N]] step %c1 iter_args(%[[T:.*]] = %[[E]], %[[P:.*]] = %c0)
// CHECK: scf.if
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][%[[K]], 0] [1, 2] [1, 1]
// CHECK: tensor.insert_slice %[[S]] into %[[T]][%[[P]], 0] [1, 2] [1, 1]
func.func @compress_axis(%x: tensor<3x2xf32>, %c: tensor<?xi1>) -> tensor<?x2xf32> {
  %0 = modelc.compress %x, %c {axis = 0 : i64} : (tensor<3x2xf32>, tensor<?xi1>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// Without an axis the input is flattened first.
// CHECK-LABEL: func @compress_flat
// CHECK: tensor.collapse_shape %{{.*}} {{\[}}[0, 1]] : tensor<3x2xf32> into tensor<6xf32>
// CHECK: modelc.check
// CHECK: tensor.empty() : tensor<2xf32>
func.func @compress_flat(%x: tensor<3x2xf32>, %c: tensor<5xi1>) -> tensor<2xf32> {
  %0 = modelc.compress %x, %c : (tensor<3x2xf32>, tensor<5xi1>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// Unique: the first occurrence of each slice (compared element by element),
// each distinct slice's position, then one loop writing the four results;
// the declared number of distinct slices is checked.
// CHECK-LABEL: func @unique_axis
// CHECK-SAME: (%[[X:.*]]: tensor<3x2xf32>)
// CHECK: %[[FIRST:.*]] = scf.for %[[I:.*]] = %c0 to %c3 step %c1 iter_args(%{{.*}} = %{{.*}}) -> (tensor<3xi64>)
// CHECK: scf.for %{{.*}} = %c0 to %[[I]]
// CHECK: arith.cmpf olt
// CHECK: %[[OK:.*]] = arith.cmpi eq, %{{.*}}, %c2 : index
// CHECK: modelc.check %[[OK]], "the number of distinct slices equals the result size"
// CHECK: %[[R:.*]]:4 = scf.for {{.*}} -> (tensor<1x2x2xf32>, tensor<2xi64>, tensor<3xi64>, tensor<2xi64>)
// CHECK: tensor.insert_slice
// CHECK: tensor.collapse_shape %[[R]]#0 {{\[}}[0, 1], [2]] : tensor<1x2x2xf32> into tensor<2x2xf32>
func.func @unique_axis(%x: tensor<3x2xf32>) -> (tensor<2x2xf32>, tensor<2xi64>, tensor<3xi64>, tensor<2xi64>) {
  %0:4 = modelc.unique %x {axis = 0 : i64} : (tensor<3x2xf32>) -> (tensor<2x2xf32>, tensor<2xi64>, tensor<3xi64>, tensor<2xi64>)
  return %0#0, %0#1, %0#2, %0#3 : tensor<2x2xf32>, tensor<2xi64>, tensor<3xi64>, tensor<2xi64>
}

// Undeclared sizes: the number of distinct slices, bounded by the number of
// slices, sizes the output, the indices and the counts.
// CHECK-LABEL: func @unique_dynamic
// CHECK: %[[BOUNDED:.*]] = modelc.bounded_size %{{.*}}, %c4
// CHECK: tensor.empty(%[[BOUNDED]]) : tensor<1x?x1xf32>
// CHECK: tensor.empty(%[[BOUNDED]]) : tensor<?xi64>
// CHECK-NOT: modelc.check
func.func @unique_dynamic(%x: tensor<4xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>) {
  %0:4 = modelc.unique %x : (tensor<4xf32>) -> (tensor<?xf32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>)
  return %0#0, %0#1, %0#2, %0#3 : tensor<?xf32>, tensor<?xi64>, tensor<4xi64>, tensor<?xi64>
}

// NonMaxSuppression: per batch and class, N rounds each scanning for the
// best unprocessed box and testing it against the boxes kept for the class;
// kept triples fill a buffer with room for every box, whose first rows are
// the result (checked against the declared count).
// CHECK-LABEL: func @nms
// CHECK: %[[R:.*]]:3 = scf.for %{{.*}} = %c0 to %c2 step %c1 iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %c0, %{{.*}} = %{{.*}}) -> (tensor<12x3xi64>, index, tensor<6xi1>)
// CHECK: linalg.fill
// CHECK: arith.cmpf ogt
// CHECK: scf.if
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[R]]#1, %c3 : index
// CHECK: modelc.check %[[OK]], "the number of selected boxes equals the result size"
// CHECK: tensor.extract_slice %[[R]]#0[0, 0] [3, 3] [1, 1] : tensor<12x3xi64> to tensor<3x3xi64>
func.func @nms(%b: tensor<1x6x4xf32>, %s: tensor<1x2x6xf32>, %m: tensor<1xi64>, %t: tensor<1xf32>) -> tensor<3x3xi64> {
  %0 = modelc.non_max_suppression %b, %s, %m, %t {operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>, tensor<1xf32>) -> tensor<3x3xi64>
  return %0 : tensor<3x3xi64>
}

// An undeclared count is bounded by the buffer's rows: batches x classes x
// boxes.
// CHECK-LABEL: func @nms_dynamic
// CHECK: %[[R:.*]]:3 = scf.for
// CHECK-NOT: modelc.check
// CHECK: %[[BOUNDED:.*]] = modelc.bounded_size %[[R]]#1, %c12
// CHECK: tensor.extract_slice %[[R]]#0[0, 0] [%[[BOUNDED]], 3] [1, 1] : tensor<12x3xi64> to tensor<?x3xi64>
func.func @nms_dynamic(%b: tensor<1x6x4xf32>, %s: tensor<1x2x6xf32>, %m: tensor<1xi64>) -> tensor<?x3xi64> {
  %0 = modelc.non_max_suppression %b, %s, %m {operandSegmentSizes = array<i32: 1, 1, 1, 0, 0>} : (tensor<1x6x4xf32>, tensor<1x2x6xf32>, tensor<1xi64>) -> tensor<?x3xi64>
  return %0 : tensor<?x3xi64>
}
