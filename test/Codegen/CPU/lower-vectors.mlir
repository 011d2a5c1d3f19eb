// RUN: modelc-opt %s -split-input-file -modelc-cpu-lower-vectors | FileCheck %s

// A contraction becomes outer products, that is FMAs of a broadcast column
// element and a row (never horizontal reductions); the transfers become
// 1-D loads and stores.
// CHECK-LABEL: func @contract
// CHECK-NOT: vector.contract
// CHECK-NOT: vector.reduction
// CHECK-COUNT-4: vector.fma {{.*}} : vector<16xf32>
// CHECK-NOT: vector.fma
// CHECK: return
func.func @contract(%a: memref<4x1xf32>, %b: memref<1x16xf32>, %acc: vector<4x16xf32>) -> vector<4x16xf32> {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %va = vector.transfer_read %a[%c0, %c0], %pad {in_bounds = [true, true]} : memref<4x1xf32>, vector<4x1xf32>
  %vb = vector.transfer_read %b[%c0, %c0], %pad {in_bounds = [true, true]} : memref<1x16xf32>, vector<1x16xf32>
  %r = vector.contract {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"], kind = #vector.kind<add>} %va, %vb, %acc : vector<4x1xf32>, vector<1x16xf32> into vector<4x16xf32>
  return %r : vector<4x16xf32>
}

// -----

// Self-copies that bufferization leaves after in-place tiles are erased.
// CHECK-LABEL: func @self_copies
// CHECK-NOT: memref.copy
// CHECK-NOT: linalg.copy
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4xf32> to memref<4xf32>
// CHECK-NEXT: return
func.func @self_copies(%x: memref<4xf32>, %y: memref<4xf32>) {
  memref.copy %x, %x : memref<4xf32> to memref<4xf32>
  linalg.copy ins(%y : memref<4xf32>) outs(%y : memref<4xf32>)
  memref.copy %x, %y : memref<4xf32> to memref<4xf32>
  return
}
