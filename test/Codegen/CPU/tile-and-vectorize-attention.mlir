// RUN: modelc-opt %s -split-input-file -convert-modelc-to-linalg -modelc-cpu-tile-and-vectorize -canonicalize -cse | FileCheck %s
// RUN: modelc-opt %s -split-input-file -convert-modelc-to-linalg -modelc-cpu-tile-and-vectorize=isa=avx2 -canonicalize -cse | FileCheck %s --check-prefix=AVX2

// modelc.attention's ops (Attention.cpp) in one task per batch index and
// block of 8 rows (AVX-512's register block; 20 rows: two blocks and a
// task of 4): the task's scores, maxima, exponentials and sums live in
// tensors of the task's rows only, never the whole 2x20x24 scores. Both
// products run in register blocks of vector.contract; the maxima, the
// exponentials and the sums take a row of 24 scores in one vector.
// CHECK-LABEL: func @attention
// CHECK-SAME: modelc.scalar_roots = 0 : i64, modelc.vectorized_roots = 1 : i64
// CHECK-NOT: tensor<2x20x24xf32>
// CHECK: scf.forall (%{{.*}}, %[[ROW:.*]]) = (0, 0) to (2, 20) step (1, 8)
// CHECK: %[[ROWS:.*]] = affine.min #{{.*}}(%[[ROW]])
// CHECK: tensor.empty(%[[ROWS]]) : tensor<1x?x24xf32>
// CHECK: vector.contract {{.*}} : vector<1x8x1xf32>, vector<1x1x16xf32> into vector<1x8x16xf32>
// CHECK: vector.contract {{.*}} : vector<1x8x1xf32>, vector<1x1x8xf32> into vector<1x8x8xf32>
// CHECK: vector.multi_reduction <maximumf>, %{{.*}}, %{{.*}} [2] : vector<1x1x24xf32> to vector<1x1xf32>
// CHECK: math.exp %{{.*}} : vector<1x1x24xf32>
// CHECK: vector.contract {{.*}} : vector<1x8x1xf32>, vector<1x1x32xf32> into vector<1x8x32xf32>
// CHECK: vector.multi_reduction <add>, %{{.*}}, %{{.*}} [2] : vector<1x1x24xf32> to vector<1x1xf32>
// CHECK: arith.divf %{{.*}}, %{{.*}} : vector<1x1x32xf32>
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.generic
// AVX2-LABEL: func @attention
// AVX2: scf.forall (%{{.*}}, %{{.*}}) = (0, 0) to (2, 20) step (1, 6)
// AVX2: vector.contract {{.*}} into vector<1x6x16xf32>
func.func @attention(%q: tensor<2x20x16xf32>, %k: tensor<2x16x24xf32>, %v: tensor<2x24x32xf32>) -> tensor<2x20x32xf32> {
  %o = modelc.attention %q, %k, %v {scale = 0.25 : f32} : (tensor<2x20x16xf32>, tensor<2x16x24xf32>, tensor<2x24x32xf32>) -> tensor<2x20x32xf32>
  return %o : tensor<2x20x32xf32>
}

// -----

// Dynamic sequence lengths: no task of fused ops (its vectors would have no
// static length); each op is tiled on its own, the products vectorized.
// CHECK-LABEL: func @dynamic
// CHECK-SAME: modelc.vectorized_roots = 2 : i64
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
func.func @dynamic(%q: tensor<4x?x8xf32>, %k: tensor<4x8x?xf32>, %v: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %o = modelc.attention %q, %k, %v : (tensor<4x?x8xf32>, tensor<4x8x?xf32>, tensor<4x?x8xf32>) -> tensor<4x?x8xf32>
  return %o : tensor<4x?x8xf32>
}
