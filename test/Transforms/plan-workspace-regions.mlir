// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace | FileCheck %s

// Buffers inside loops and branches (the bodies of ONNX If, Loop and Scan):
// a buffer lives as long as the op of the entry block that holds it, and
// longer when that op's results alias it.

// %t, allocated in every iteration, lives during the loop: it cannot share
// bytes with %before, which the loop reads; %after, allocated after the
// loop, reuses the bytes of %before.
// CHECK-LABEL: func @alloc_in_loop
// CHECK-SAME: (%{{[^:]*}}: index, %{{[^:]*}}: memref<16xf32>, %{{[^:]*}}: memref<16xf32>, %[[WS:.*]]: memref<128xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 128 : i64}
// CHECK: %[[O0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[BEFORE:.*]] = memref.view %[[WS]][%[[O0]]][] : memref<128xi8> to memref<16xf32>
// CHECK: scf.for
// CHECK:   %[[O64:.*]] = arith.constant 64 : index
// CHECK-NEXT:   %[[T:.*]] = memref.view %[[WS]][%[[O64]]][] : memref<128xi8> to memref<16xf32>
// CHECK:   linalg.copy ins(%[[BEFORE]] : memref<16xf32>) outs(%[[T]] : memref<16xf32>)
// CHECK: }
// CHECK: %[[O0B:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[WS]][%[[O0B]]][] : memref<128xi8> to memref<16xf32>
// CHECK-NOT: memref.alloc
func.func @alloc_in_loop(%n: index, %in: memref<16xf32>, %out: memref<16xf32>) {
  %c1 = arith.constant 1 : index
  %before = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%before : memref<16xf32>)
  scf.for %i = %c1 to %n step %c1 {
    %t = memref.alloc() : memref<16xf32>
    linalg.copy ins(%before : memref<16xf32>) outs(%t : memref<16xf32>)
    linalg.copy ins(%t : memref<16xf32>) outs(%out : memref<16xf32>)
  }
  %after = memref.alloc() : memref<16xf32>
  linalg.copy ins(%out : memref<16xf32>) outs(%after : memref<16xf32>)
  linalg.copy ins(%after : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// %t, yielded by a branch, lives as long as the if's result: %later cannot
// take its bytes.
// CHECK-LABEL: func @alloc_yielded_by_if
// CHECK-SAME: (%{{[^:]*}}: i1, %{{[^:]*}}: memref<16xf32>, %{{[^:]*}}: memref<16xf32>, %[[WS:.*]]: memref<128xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 128 : i64}
// CHECK: scf.if
// CHECK:   %[[OT:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %[[WS]][%[[OT]]][] : memref<128xi8> to memref<16xf32>
// CHECK: %[[OL:.*]] = arith.constant 64 : index
// CHECK-NEXT: memref.view %[[WS]][%[[OL]]][] : memref<128xi8> to memref<16xf32>
func.func @alloc_yielded_by_if(%c: i1, %in: memref<16xf32>, %out: memref<16xf32>) {
  %r = scf.if %c -> (memref<16xf32>) {
    %t = memref.alloc() : memref<16xf32>
    linalg.copy ins(%in : memref<16xf32>) outs(%t : memref<16xf32>)
    scf.yield %t : memref<16xf32>
  } else {
    scf.yield %in : memref<16xf32>
  }
  %later = memref.alloc() : memref<16xf32>
  linalg.copy ins(%r : memref<16xf32>) outs(%later : memref<16xf32>)
  linalg.copy ins(%r : memref<16xf32>) outs(%out : memref<16xf32>)
  linalg.copy ins(%later : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// A buffer passed to a loop as an iter_arg lives as long as the loop's
// result.
// CHECK-LABEL: func @alloc_through_iter_arg
// CHECK-SAME: %{{[^:]*}}: memref<128xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 128 : i64}
func.func @alloc_through_iter_arg(%n: index, %in: memref<16xf32>, %out: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %a = memref.alloc() : memref<16xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a) -> (memref<16xf32>) {
    linalg.copy ins(%in : memref<16xf32>) outs(%x : memref<16xf32>)
    scf.yield %x : memref<16xf32>
  }
  %later = memref.alloc() : memref<16xf32>
  linalg.copy ins(%r : memref<16xf32>) outs(%later : memref<16xf32>)
  linalg.copy ins(%later : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// A dynamic buffer inside a loop, of a size known before it: its offset is
// computed before the loop.
// CHECK-LABEL: func @dynamic_alloc_in_loop
// CHECK-SAME: (%[[X:.*]]: memref<?xf32>, %[[WS:.*]]: memref<?xi8> {modelc.name = "workspace"})
// CHECK: %[[N:.*]] = memref.dim %[[X]]
// CHECK: %[[START:.*]] = arith.constant 0 : index
// CHECK: scf.for
// CHECK:   memref.view %[[WS]][%[[START]]][%[[N]]] : memref<?xi8> to memref<?xf32>
func.func @dynamic_alloc_in_loop(%x: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %n = memref.dim %x, %c0 : memref<?xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    %t = memref.alloc(%n) : memref<?xf32>
    linalg.copy ins(%x : memref<?xf32>) outs(%t : memref<?xf32>)
    linalg.copy ins(%t : memref<?xf32>) outs(%x : memref<?xf32>)
  }
  return
}
