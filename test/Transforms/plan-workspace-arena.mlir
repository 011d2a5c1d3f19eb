// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace="dynamic-arena-bytes=4096" | FileCheck %s

// Buffers whose sizes only the run knows go to the dynamic arena, after the
// static buffers: a header of 64 bytes (the first 8 hold the bytes in use,
// 0 when the function starts), then 4096 bytes of data. Each takes the
// next aligned bytes when it is allocated, after a check that they fit.

// A size read from a tensor. The static buffer comes first; the workspace
// stays static (64 + 64 + 4096 bytes).
// CHECK-LABEL: func.func @size_from_data(
// CHECK-SAME: %[[X:.*]]: memref<4xindex>, %{{.*}}: memref<f32>, %[[WS:.*]]: memref<4224xi8> {modelc.name = "workspace"})
// CHECK-SAME: modelc.capacity_checks
// CHECK-SAME: modelc.dynamic_arena_size = 4096 : i64
// CHECK-SAME: modelc.workspace_size = 4224 : i64
// CHECK: %[[USED:.*]] = memref.view %[[WS]][%c64{{.*}}][] : memref<4224xi8> to memref<i64>
// CHECK: memref.store %c0_i64, %[[USED]][]
// CHECK: %[[N:.*]] = memref.load %[[X]]
// CHECK: %[[N64:.*]] = arith.index_cast %[[N]] : index to i64
// CHECK: %[[LIMIT:.*]] = arith.divui %c4096_i64, %{{.*}} : i64
// CHECK: arith.cmpi ule, %c8_i64, %[[LIMIT]] : i64
// CHECK: %[[BYTES:.*]] = arith.muli %c8_i64, %[[N64]] : i64
// CHECK: %[[OLD:.*]] = memref.load %[[USED]][] : memref<i64>
// CHECK: %[[START:.*]] = arith.andi %{{.*}}, %c-64_i64 : i64
// CHECK: %[[END:.*]] = arith.addi %[[START]], %[[BYTES]] : i64
// CHECK: arith.cmpi ule, %[[END]], %c4096_i64 : i64
// CHECK: modelc.check %{{.*}}, "the buffers whose sizes only the run knows fit in the dynamic arena" {status = 6 : i32}
// CHECK: memref.store %[[END]], %[[USED]][] : memref<i64>
// CHECK: %[[START_INDEX:.*]] = arith.index_cast %[[START]] : i64 to index
// CHECK: %[[AT:.*]] = arith.addi %[[START_INDEX]], %c128 : index
// CHECK: memref.view %[[WS]][%[[AT]]][%[[N]]] : memref<4224xi8> to memref<?x2xf32>
// CHECK-NOT: memref.alloc
func.func @size_from_data(%x: memref<4xindex>, %out: memref<f32>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 1.0 : f32
  %s = memref.alloc() : memref<16xf32>
  linalg.fill ins(%f : f32) outs(%s : memref<16xf32>)
  %n = memref.load %x[%c0] : memref<4xindex>
  %a = memref.alloc(%n) : memref<?x2xf32>
  linalg.copy ins(%s : memref<16xf32>) outs(%s : memref<16xf32>)
  linalg.fill ins(%f : f32) outs(%a : memref<?x2xf32>)
  %v = memref.load %a[%c0, %c0] : memref<?x2xf32>
  memref.store %v, %out[] : memref<f32>
  return
}

// -----

// A buffer whose size a loop computes, and that each iteration passes to
// the next: every iteration takes new bytes, so the previous buffer stays
// valid (a slot of its own would be overwritten).
// CHECK-LABEL: func.func @size_in_loop(
// CHECK: scf.for %[[I:.*]] = {{.*}} iter_args
// CHECK: modelc.check
// CHECK: %[[V:.*]] = memref.view %{{.*}}[%{{.*}}][%[[I]]] : memref<4160xi8> to memref<?xf32>
// CHECK: scf.yield %[[V]]
func.func @size_in_loop(%n: index, %init: memref<?xf32>) -> memref<?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %init) -> (memref<?xf32>) {
    %a = memref.alloc(%i) : memref<?xf32>
    scf.yield %a : memref<?xf32>
  }
  return %r : memref<?xf32>
}

// -----

// A size computed from a bounded one by a load (from a table) has no
// capacity the planner can compute; a buffer marked modelc.arena goes to
// the arena whatever its size; a buffer of input dimensions keeps its slot,
// after the arena. The address of an arena buffer is the workspace's plus
// its offset.
// CHECK-LABEL: func.func @mixed(
// CHECK-SAME: %[[WS:[^:]*]]: memref<?xi8> {modelc.name = "workspace"}
// CHECK-SAME: modelc.workspace_size_fn = @mixed_workspace_size
// CHECK: memref.view %[[WS]][%{{.*}}][%{{.*}}] : memref<?xi8> to memref<?xf32>
// CHECK: %[[AT:.*]] = arith.addi %{{.*}}, %c64{{.*}} : index
// CHECK-NEXT: memref.view %[[WS]][%[[AT]]][%{{.*}}] : memref<?xi8> to memref<?xi64>
// CHECK: %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %[[WS]]
// CHECK: arith.addi %[[BASE]], %[[AT]] : index
// CHECK: %[[START:.*]] = arith.constant 4160 : index
// CHECK: memref.view %[[WS]][%[[START]]][%{{.*}}] : memref<?xi8> to memref<?xf32>
// CHECK-LABEL: func.func @mixed_workspace_size(
// CHECK: %[[N:.*]] = memref.dim
// CHECK: %[[B:.*]] = arith.muli %{{.*}}, %[[N]]
// CHECK: arith.andi
// CHECK: return
func.func @mixed(%x: memref<?xf32>, %count_in: memref<index>, %table: memref<?xindex>, %out: memref<1xindex>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  %count = memref.load %count_in[] : memref<index>
  %bounded = modelc.bounded_size %count, %n
  %size = memref.load %table[%bounded] : memref<?xindex>
  %a = memref.alloc(%size) : memref<?xf32>
  linalg.fill ins(%f : f32) outs(%a : memref<?xf32>)
  %kept = memref.alloc(%n) {modelc.arena} : memref<?xi64>
  %address = memref.extract_aligned_pointer_as_index %kept : memref<?xi64> -> index
  memref.store %address, %out[%c0] : memref<1xindex>
  %b = memref.alloc(%n) : memref<?xf32>
  linalg.fill ins(%f : f32) outs(%b : memref<?xf32>)
  return
}
