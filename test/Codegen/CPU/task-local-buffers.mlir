// RUN: modelc-opt %s -split-input-file -modelc-cpu-task-local-buffers | FileCheck %s
// RUN: not modelc-opt %s -split-input-file -modelc-cpu-task-local-buffers=max-bytes=16 2>&1 | FileCheck %s --check-prefix=BIG

// A buffer allocated inside an scf.forall is private to one iteration,
// which runs on its own thread: it goes on the stack, in a scope that
// releases it at the end of the iteration. Buffers outside stay.
// CHECK-LABEL: func @task
// CHECK: %[[SHARED:.*]] = memref.alloc() : memref<4x8xf32>
// CHECK: scf.forall (%[[I:.*]]) in (4) {
// CHECK-NEXT: memref.alloca_scope {
// CHECK-NEXT: %[[TILE:.*]] = memref.alloca() {alignment = 64 : i64} : memref<8xf32>
// CHECK: linalg.fill ins(%{{.*}} : f32) outs(%[[TILE]] : memref<8xf32>)
// CHECK: memref.copy %[[TILE]], %{{.*}}
// CHECK: }
// CHECK-NEXT: }
// CHECK-NOT: memref.alloc()
// BIG: error: a task of a parallel loop needs a private buffer of 32 bytes, more than the 16 it may hold on the stack
func.func @task(%out: memref<4x8xf32>) {
  %zero = arith.constant 0.0 : f32
  %shared = memref.alloc() : memref<4x8xf32>
  scf.forall (%i) in (4) {
    %tile = memref.alloc() {alignment = 64 : i64} : memref<8xf32>
    linalg.fill ins(%zero : f32) outs(%tile : memref<8xf32>)
    %row = memref.subview %out[%i, 0] [1, 8] [1, 1] : memref<4x8xf32> to memref<8xf32, strided<[1], offset: ?>>
    memref.copy %tile, %row : memref<8xf32> to memref<8xf32, strided<[1], offset: ?>>
  }
  return
}
