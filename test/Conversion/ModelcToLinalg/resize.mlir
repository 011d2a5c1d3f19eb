// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s
// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s --check-prefix=DYN

// Resize (Resize.cpp): per resized axis, a 1-D linalg.generic over its
// output positions tables the source indices (clamped), the weights and,
// for tf_crop_and_resize, the positions outside the input; the resize
// itself reads the tables (tensor.extract at linalg.index of the axis).

// Nearest: one gather over the result. Axes 0 and 1 keep their size with
// scale 1 and read linalg.index directly; x / 2 and x / 3 are floored.
// CHECK-LABEL: func @nearest
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x3xf32>)
// CHECK-DAG: %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
// CHECK-DAG: %[[THREE:.*]] = arith.constant 3.000000e+00 : f64
// CHECK: %[[H:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi64>)
// CHECK: %[[C:.*]] = arith.divf %{{.*}}, %[[TWO]] : f64
// CHECK: %[[F:.*]] = math.floor %[[C]] : f64
// CHECK: %[[I:.*]] = arith.fptosi %{{.*}} : f64 to i64
// CHECK: %[[LO:.*]] = arith.maxsi %[[I]], %{{.*}} : i64
// CHECK: %[[IN:.*]] = arith.minsi %[[LO]], %{{.*}} : i64
// CHECK: linalg.yield %[[IN]] : i64
// CHECK: %[[W:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<9xi64>)
// CHECK: arith.divf %{{.*}}, %[[THREE]] : f64
// CHECK: %[[R:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%{{.*}} : tensor<1x2x4x9xf32>)
// CHECK-DAG: %[[D0:.*]] = linalg.index 0 : index
// CHECK-DAG: %[[D1:.*]] = linalg.index 1 : index
// CHECK-DAG: %[[D2:.*]] = linalg.index 2 : index
// CHECK-DAG: %[[D3:.*]] = linalg.index 3 : index
// CHECK-DAG: %[[HI:.*]] = tensor.extract %[[H]][%[[D2]]] : tensor<4xi64>
// CHECK-DAG: %[[WI:.*]] = tensor.extract %[[W]][%[[D3]]] : tensor<9xi64>
// CHECK-DAG: %[[HX:.*]] = arith.index_cast %[[HI]] : i64 to index
// CHECK-DAG: %[[WX:.*]] = arith.index_cast %[[WI]] : i64 to index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[D0]], %[[D1]], %[[HX]], %[[WX]]] : tensor<1x2x2x3xf32>
// CHECK: linalg.yield %[[V]] : f32
// CHECK: return %[[R]]
func.func @nearest(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x4x9xf32> {
  %0 = modelc.resize %x {coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"} : (tensor<1x2x2x3xf32>) -> tensor<1x2x4x9xf32>
  return %0 : tensor<1x2x4x9xf32>
}

// Linear with scales read at run time (as f64): the sizes they give are
// checked against the static result (a NaN, negative or huge one being
// -1), then the last axis first, each stage the weighted sum of two
// neighbours along its axis.
// CHECK-LABEL: func @linear
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x2x4xf32>, %[[S:.*]]: tensor<4xf32>)
// CHECK: %[[S0:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<4xf32>
// CHECK: %[[S064:.*]] = arith.extf %[[S0]] : f32 to f64
// CHECK: %[[P0:.*]] = arith.mulf %[[S064]], %{{.*}} : f64
// CHECK: %[[VALID:.*]] = arith.andi
// CHECK: %[[SAFE:.*]] = arith.select %[[VALID]], %[[P0]], %{{.*}} : f64
// CHECK: math.floor %[[SAFE]] : f64
// CHECK: modelc.check %{{.*}}, "Resize: dimension 0 of the result is 1"
// CHECK: modelc.check %{{.*}}, "Resize: dimension 1 of the result is 1"
// CHECK: modelc.check %{{.*}}, "Resize: dimension 2 of the result is 1"
// CHECK: modelc.check %{{.*}}, "Resize: dimension 3 of the result is 2"
// CHECK-DAG: %[[SH:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<4xf32>
// CHECK-DAG: %[[SW:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<4xf32>
// CHECK-DAG: %[[SH64:.*]] = arith.extf %[[SH]] : f32 to f64
// CHECK-DAG: %[[SW64:.*]] = arith.extf %[[SW]] : f32 to f64
// CHECK: %[[WT:.*]]:4 = linalg.generic {{.*}} outs({{.*}} : tensor<2xi64>, tensor<2xi64>, tensor<2xf32>, tensor<2xf32>)
// CHECK: arith.divf %{{.*}}, %[[SW64]] : f64
// CHECK: %[[STAGE:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x2x2xf32>)
// CHECK: %[[I0:.*]] = tensor.extract %[[WT]]#0
// CHECK: %[[J0:.*]] = arith.index_cast %[[I0]] : i64 to index
// CHECK: %[[V0:.*]] = tensor.extract %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %[[J0]]]
// CHECK: %[[W0:.*]] = tensor.extract %[[WT]]#2
// CHECK: %[[T0:.*]] = arith.mulf %[[W0]], %[[V0]] : f32
// CHECK: %[[I1:.*]] = tensor.extract %[[WT]]#1
// CHECK: %[[J1:.*]] = arith.index_cast %[[I1]] : i64 to index
// CHECK: %[[V1:.*]] = tensor.extract %[[X]][%{{.*}}, %{{.*}}, %{{.*}}, %[[J1]]]
// CHECK: %[[W1:.*]] = tensor.extract %[[WT]]#3
// CHECK: %[[T1:.*]] = arith.mulf %[[W1]], %[[V1]] : f32
// CHECK: %[[SUM:.*]] = arith.addf %[[T0]], %[[T1]] : f32
// CHECK: linalg.yield %[[SUM]] : f32
// CHECK: %[[HT:.*]]:4 = linalg.generic {{.*}} outs({{.*}} : tensor<1xi64>, tensor<1xi64>, tensor<1xf32>, tensor<1xf32>)
// CHECK: arith.divf %{{.*}}, %[[SH64]] : f64
// CHECK: %[[R:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x1x2xf32>)
// CHECK: tensor.extract %[[STAGE]]
// CHECK: return %[[R]]
func.func @linear(%x: tensor<1x1x2x4xf32>, %s: tensor<4xf32>) -> tensor<1x1x1x2xf32> {
  %0 = modelc.resize %x scales %s {mode = "linear"} : (tensor<1x1x2x4xf32>, tensor<4xf32>) -> tensor<1x1x1x2xf32>
  return %0 : tensor<1x1x1x2xf32>
}

// tf_crop_and_resize: the tables also flag the positions outside the
// input, which take the extrapolation value.
// CHECK-LABEL: func @crop
// CHECK-DAG: %[[E:.*]] = arith.constant 1.000000e+01 : f32
// CHECK: %[[A:.*]]:2 = linalg.generic {{.*}} outs({{.*}} : tensor<3xi64>, tensor<3xi1>)
// CHECK: %[[LT:.*]] = arith.cmpf olt
// CHECK: %[[GT:.*]] = arith.cmpf ogt
// CHECK: %[[OUT:.*]] = arith.ori %[[LT]], %[[GT]] : i1
// CHECK: linalg.yield %{{.*}}, %[[OUT]] : i64, i1
// CHECK: %[[B:.*]]:2 = linalg.generic {{.*}} outs({{.*}} : tensor<3xi64>, tensor<3xi1>)
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<3x3xf32>)
// CHECK: %[[FA:.*]] = tensor.extract %[[A]]#1
// CHECK: %[[FB:.*]] = tensor.extract %[[B]]#1
// CHECK: %[[ANY:.*]] = arith.ori %[[FA]], %[[FB]] : i1
// CHECK: %[[V:.*]] = tensor.extract
// CHECK: %[[Y:.*]] = arith.select %[[ANY]], %[[E]], %[[V]] : f32
// CHECK: linalg.yield %[[Y]]
func.func @crop(%x: tensor<4x4xf32>, %r: tensor<4xf32>) -> tensor<3x3xf32> {
  %0 = modelc.resize %x roi %r {mode = "nearest", coordinate_transformation_mode = "tf_crop_and_resize", extrapolation_value = 10.0 : f32} : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// Cubic on f16: four neighbours, weights renormalized over those inside
// the input (exclude_outside) and summed in f32.
// CHECK-LABEL: func @cubic
// CHECK: %[[T:.*]]:8 = linalg.generic {{.*}} outs({{.*}} : tensor<8xi64>, tensor<8xi64>, tensor<8xi64>, tensor<8xi64>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
// CHECK: arith.divf %{{.*}}, %{{.*}} : f64
// CHECK-COUNT-4: arith.divf %{{.*}}, %{{.*}} : f64
// CHECK: linalg.yield
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<8xf16>)
// CHECK-COUNT-4: arith.extf %{{.*}} : f16 to f32
// CHECK: %[[S:.*]] = arith.truncf %{{.*}} : f32 to f16
// CHECK: linalg.yield %[[S]] : f16
func.func @cubic(%x: tensor<4xf16>) -> tensor<8xf16> {
  %0 = modelc.resize %x {mode = "cubic", exclude_outside = true} : (tensor<4xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

// Constant scales of 1 with unchanged sizes: nothing to do.
// CHECK-LABEL: func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[X]]
func.func @identity(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = modelc.constant dense<1.0> : tensor<2xf32>
  %0 = modelc.resize %x scales %s {mode = "cubic"} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

//===----------------------------------------------------------------------===//
// Dynamic dimensions (checked after canonicalization, prefix DYN)
//===----------------------------------------------------------------------===//

// Constant scales: the batch (scale 1) is left out; the dynamic height is
// resized to floor(H * 2), its table has that run-time length and clamps
// to the run-time input size; the static width keeps its constant table.
// DYN-LABEL: func @resize_dynamic_scales
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// DYN: %[[H64:.*]] = arith.index_cast %[[H]] : index to i64
// DYN: %[[HF:.*]] = arith.sitofp %[[H64]] : i64 to f64
// DYN: %[[P:.*]] = arith.mulf %[[HF]], %{{.*}} : f64
// DYN: %[[FL:.*]] = math.floor %[[P]] : f64
// DYN: %[[O64:.*]] = arith.fptosi %[[FL]] : f64 to i64
// DYN: %[[OH:.*]] = arith.index_cast %[[O64]] : i64 to index
// DYN: %[[TE:.*]] = tensor.empty(%[[OH]]) : tensor<?xi64>
// DYN: %[[TH:.*]] = linalg.generic {{.*}} outs(%[[TE]] : tensor<?xi64>)
// DYN: %[[LAST:.*]] = arith.addi %[[H64]], %c-1_i64 : i64
// DYN: arith.minsi %{{.*}}, %[[LAST]] : i64
// DYN: %[[TW:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<8xi64>)
// DYN: %[[E:.*]] = tensor.empty(%[[N]], %[[OH]]) : tensor<?x2x?x8xf32>
// DYN: linalg.generic {{.*}} outs(%[[E]] : tensor<?x2x?x8xf32>)
// DYN: tensor.extract %[[TH]]
// DYN: tensor.extract %[[TW]]
func.func @resize_dynamic_scales(%x: tensor<?x2x?x4xf32>) -> tensor<?x2x?x8xf32> {
  %s = modelc.constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  %0 = modelc.resize %x scales %s {coordinate_transformation_mode = "asymmetric", nearest_mode = "floor"} : (tensor<?x2x?x4xf32>, tensor<4xf32>) -> tensor<?x2x?x8xf32>
  return %0 : tensor<?x2x?x8xf32>
}

// Sizes read at run time: each axis's scale is the ratio of the sizes.
// DYN-LABEL: func @resize_dynamic_sizes
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x3xf32>
// DYN: %[[S0:.*]] = tensor.extract %arg1[%c0] : tensor<2xi64>
// DYN: %[[O0:.*]] = arith.index_cast %[[S0]] : i64 to index
// DYN: modelc.check %{{.*}}, "Resize's sizes are not negative at 0"
// DYN: %[[S1:.*]] = tensor.extract %arg1[%c1] : tensor<2xi64>
// DYN: %[[O1:.*]] = arith.index_cast %[[S1]] : i64 to index
// DYN: modelc.check %{{.*}}, "Resize's sizes are not negative at 1"
// DYN: %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// DYN: %[[S0F:.*]] = arith.sitofp %[[S0]] : i64 to f64
// DYN: %[[NF:.*]] = arith.sitofp %[[N64]] : i64 to f64
// DYN: %[[SCALE0:.*]] = arith.divf %[[S0F]], %[[NF]] : f64
// DYN: %[[S1F:.*]] = arith.sitofp %[[S1]] : i64 to f64
// DYN: %[[SCALE1:.*]] = arith.divf %[[S1F]], %cst{{.*}} : f64
// DYN: tensor.empty(%[[N]], %[[O1]]) : tensor<?x?xf32>
// DYN: tensor.empty(%[[O0]], %[[O1]]) : tensor<?x?xf32>
func.func @resize_dynamic_sizes(%x: tensor<?x3xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = modelc.resize %x sizes %s {mode = "linear"} : (tensor<?x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// Sizes whose first elements are the input's own batch and channels (a
// slice of its Shape, as exported models compute them): those axes are
// left out; only the height and width get tables.
// DYN-LABEL: func @resize_sizes_of_shape
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// DYN-NOT: "Resize's sizes are not negative at 0"
// DYN-NOT: "Resize's sizes are not negative at 1"
// DYN: modelc.check %{{.*}}, "Resize's sizes are not negative at 2"
// DYN: %[[OW:.*]] = arith.index_cast %{{.*}} : i64 to index
// DYN: modelc.check %{{.*}}, "Resize's sizes are not negative at 3"
// DYN: linalg.generic
// DYN: tensor.empty(%[[N]], %[[H]], %[[OW]]) : tensor<?x2x?x?xf32>
// DYN: linalg.generic
// DYN: linalg.generic
// DYN: tensor.empty(%[[N]], %{{.*}}, %[[OW]]) : tensor<?x2x?x?xf32>
// DYN: linalg.generic
// DYN-NOT: linalg.generic
// DYN: tensor.cast %{{.*}} : tensor<?x2x?x?xf32> to tensor<?x?x?x?xf32>
func.func @resize_sizes_of_shape(%x: tensor<?x2x?x4xf32>) -> tensor<?x?x?x?xf32> {
  %shape = modelc.shape %x : (tensor<?x2x?x4xf32>) -> tensor<4xi64>
  %s = modelc.constant dense<0> : tensor<1xi64>
  %e = modelc.constant dense<2> : tensor<1xi64>
  %one = modelc.constant dense<1> : tensor<1xi64>
  %nc = modelc.slice %shape, %s, %e, %s, %one : (tensor<4xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %hw = modelc.constant dense<[6, 8]> : tensor<2xi64>
  %sizes = modelc.concat %nc, %hw {axis = 0 : i64} : (tensor<2xi64>, tensor<2xi64>) -> tensor<4xi64>
  %0 = modelc.resize %x sizes %sizes {mode = "linear"} : (tensor<?x2x?x4xf32>, tensor<4xi64>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}
