// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace | FileCheck %s
// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace=alignment=16 | FileCheck %s --check-prefix=ALIGN16

// Every static memref.alloc becomes a memref.view into a trailing
// `workspace` argument; buffers whose lifetimes do not overlap share bytes.

// a: [alloc, copy into b], b: [alloc, copy into c], c: [alloc, copy out].
// a and c never live together, so c reuses a's bytes; b overlaps both.
// CHECK-LABEL: func @chain
// CHECK-SAME: (%[[IN:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<16xf32>, %[[WS:.*]]: memref<128xi8> {modelc.name = "workspace"})
// CHECK-SAME: attributes {modelc.workspace_size = 128 : i64}
// CHECK-NOT: memref.alloc
// CHECK: %[[O0:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[A:.*]] = memref.view %[[WS]][%[[O0]]][] : memref<128xi8> to memref<16xf32>
// CHECK: linalg.copy ins(%[[IN]] : memref<16xf32>) outs(%[[A]] : memref<16xf32>)
// CHECK: %[[O64:.*]] = arith.constant 64 : index
// CHECK-NEXT: %[[B:.*]] = memref.view %[[WS]][%[[O64]]][] : memref<128xi8> to memref<16xf32>
// CHECK: linalg.copy ins(%[[A]] : memref<16xf32>) outs(%[[B]] : memref<16xf32>)
// CHECK: %[[O0B:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[C:.*]] = memref.view %[[WS]][%[[O0B]]][] : memref<128xi8> to memref<16xf32>
// CHECK: linalg.copy ins(%[[B]] : memref<16xf32>) outs(%[[C]] : memref<16xf32>)
// CHECK: linalg.copy ins(%[[C]] : memref<16xf32>) outs(%[[OUT]] : memref<16xf32>)
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @chain(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<16xf32>
  linalg.copy ins(%a : memref<16xf32>) outs(%b : memref<16xf32>)
  %c = memref.alloc() : memref<16xf32>
  linalg.copy ins(%b : memref<16xf32>) outs(%c : memref<16xf32>)
  linalg.copy ins(%c : memref<16xf32>) outs(%out : memref<16xf32>)
  return
}

// -----

// Three buffers alive at once: three distinct offsets, each aligned to 64
// bytes by default (20-byte buffers), 16 with alignment=16. The largest is
// placed first, at offset 0.
// CHECK-LABEL: func @overlapping
// CHECK-SAME: %{{.*}}: memref<192xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 192 : i64}
// CHECK: %[[OA:.*]] = arith.constant 64 : index
// CHECK-NEXT: memref.view %{{.*}}[%[[OA]]][] : memref<192xi8> to memref<5xf32>
// CHECK: %[[OB:.*]] = arith.constant 128 : index
// CHECK-NEXT: memref.view %{{.*}}[%[[OB]]][] : memref<192xi8> to memref<5xf32>
// CHECK: %[[OC:.*]] = arith.constant 0 : index
// CHECK-NEXT: memref.view %{{.*}}[%[[OC]]][] : memref<192xi8> to memref<12xf32>
// ALIGN16-LABEL: func @overlapping
// ALIGN16-SAME: %{{.*}}: memref<112xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 112 : i64}
// ALIGN16: %[[OA:.*]] = arith.constant 48 : index
// ALIGN16-NEXT: memref.view %{{.*}}[%[[OA]]][] : memref<112xi8> to memref<5xf32>
// ALIGN16: %[[OB:.*]] = arith.constant 80 : index
// ALIGN16-NEXT: memref.view %{{.*}}[%[[OB]]][] : memref<112xi8> to memref<5xf32>
// ALIGN16: %[[OC:.*]] = arith.constant 0 : index
// ALIGN16-NEXT: memref.view %{{.*}}[%[[OC]]][] : memref<112xi8> to memref<12xf32>
func.func @overlapping(%in: memref<5xf32>, %out: memref<5xf32>, %big: memref<12xf32>) {
  %a = memref.alloc() : memref<5xf32>
  %b = memref.alloc() : memref<5xf32>
  %c = memref.alloc() : memref<12xf32>
  linalg.copy ins(%in : memref<5xf32>) outs(%a : memref<5xf32>)
  linalg.copy ins(%in : memref<5xf32>) outs(%b : memref<5xf32>)
  linalg.copy ins(%big : memref<12xf32>) outs(%c : memref<12xf32>)
  linalg.copy ins(%a : memref<5xf32>) outs(%out : memref<5xf32>)
  linalg.copy ins(%b : memref<5xf32>) outs(%out : memref<5xf32>)
  linalg.copy ins(%c : memref<12xf32>) outs(%big : memref<12xf32>)
  return
}

// -----

// Views of a buffer (collapse_shape, subview) keep it alive: a is used
// through its subview after c is allocated, so c cannot take a's bytes.
// CHECK-LABEL: func @aliases
// CHECK-SAME: memref<192xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 192 : i64}
// CHECK: %[[OA:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[A:.*]] = memref.view %{{.*}}[%[[OA]]][] : memref<192xi8> to memref<2x3xf32>
// CHECK: memref.collapse_shape %[[A]]
// CHECK: %[[OB:.*]] = arith.constant 64 : index
// CHECK: %[[OC:.*]] = arith.constant 128 : index
// CHECK: memref.subview
func.func @aliases(%in: memref<2x3xf32>, %out: memref<3xf32>) {
  %a = memref.alloc() : memref<2x3xf32>
  linalg.copy ins(%in : memref<2x3xf32>) outs(%a : memref<2x3xf32>)
  %flat = memref.collapse_shape %a [[0, 1]] : memref<2x3xf32> into memref<6xf32>
  %b = memref.alloc() : memref<6xf32>
  linalg.copy ins(%flat : memref<6xf32>) outs(%b : memref<6xf32>)
  %c = memref.alloc() : memref<6xf32>
  linalg.copy ins(%b : memref<6xf32>) outs(%c : memref<6xf32>)
  %sub = memref.subview %flat[0] [3] [1] : memref<6xf32> to memref<3xf32, strided<[1]>>
  linalg.copy ins(%sub : memref<3xf32, strided<[1]>>) outs(%out : memref<3xf32>)
  return
}

// -----

// A use inside a loop counts at the loop: d is allocated after the loop
// that last reads a, so it reuses a's bytes; b, read in the second loop,
// does not.
// CHECK-LABEL: func @uses_in_regions
// CHECK-SAME: memref<128xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 128 : i64}
// CHECK: %[[OA:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[A:.*]] = memref.view %{{.*}}[%[[OA]]]
// CHECK: %[[OB:.*]] = arith.constant 64 : index
// CHECK-NEXT: %[[B:.*]] = memref.view %{{.*}}[%[[OB]]]
// CHECK: scf.for
// CHECK: memref.load %[[A]]
// CHECK: %[[OD:.*]] = arith.constant 0 : index
// CHECK-NEXT: %[[D:.*]] = memref.view %{{.*}}[%[[OD]]]
// CHECK: scf.for
// CHECK: memref.load %[[B]]
// CHECK: memref.store %{{.*}}, %[[D]]
func.func @uses_in_regions(%out: memref<4xf32>, %c0: index, %c4: index, %c1: index) {
  %a = memref.alloc() : memref<4xf32>
  %b = memref.alloc() : memref<4xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %a[%i] : memref<4xf32>
    memref.store %v, %out[%i] : memref<4xf32>
  }
  %d = memref.alloc() : memref<4xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %b[%i] : memref<4xf32>
    memref.store %v, %d[%i] : memref<4xf32>
  }
  return
}

// -----

// A function without buffers needs no workspace (size 0), but its argument
// still has one byte (bare-pointer calls reject memrefs without elements);
// declarations are left alone.
// CHECK-LABEL: func private @external(memref<4xf32>)
// CHECK-LABEL: func @no_buffers
// CHECK-SAME: (%{{.*}}: memref<4xf32>, %{{.*}}: memref<1xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 0 : i64}
func.func private @external(memref<4xf32>)
func.func @no_buffers(%x: memref<4xf32>) {
  return
}

// -----

// Arguments without elements become one-byte pointers; inside, an empty
// stack buffer stands in for them.
// CHECK-LABEL: func @empty_arguments
// CHECK-SAME: (%{{.*}}: memref<1xi8>, %[[Y:.*]]: memref<4xf32>, %{{.*}}: memref<1xi8> {modelc.name = "workspace"})
// CHECK: %[[EMPTY:.*]] = memref.alloca() : memref<0x4xf32>
// CHECK: linalg.copy ins(%[[EMPTY]] : memref<0x4xf32>) outs(%[[EMPTY]] : memref<0x4xf32>)
// CHECK: linalg.copy ins(%[[Y]] : memref<4xf32>) outs(%[[Y]] : memref<4xf32>)
func.func @empty_arguments(%x: memref<0x4xf32>, %y: memref<4xf32>) {
  linalg.copy ins(%x : memref<0x4xf32>) outs(%x : memref<0x4xf32>)
  linalg.copy ins(%y : memref<4xf32>) outs(%y : memref<4xf32>)
  return
}

// -----

// Sizes in bytes: i1 and i8 take a byte per element, f16 two: 17 bytes
// (aligned up to 32), then 6 (up to 48), then 2 (up to 64).
// ALIGN16-LABEL: func @element_sizes
// ALIGN16-SAME: memref<64xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 64 : i64}
// ALIGN16: %[[O1:.*]] = arith.constant 0 : index
// ALIGN16-NEXT: memref.view %{{.*}}[%[[O1]]][] : memref<64xi8> to memref<17xi1>
// ALIGN16: %[[O2:.*]] = arith.constant 32 : index
// ALIGN16-NEXT: memref.view %{{.*}}[%[[O2]]][] : memref<64xi8> to memref<3xf16>
// ALIGN16: %[[O3:.*]] = arith.constant 48 : index
// ALIGN16-NEXT: memref.view %{{.*}}[%[[O3]]][] : memref<64xi8> to memref<2xi8>
func.func @element_sizes(%o1: memref<17xi1>, %o2: memref<3xf16>, %o3: memref<2xi8>) {
  %a = memref.alloc() : memref<17xi1>
  %b = memref.alloc() : memref<3xf16>
  %c = memref.alloc() : memref<2xi8>
  memref.copy %a, %o1 : memref<17xi1> to memref<17xi1>
  memref.copy %b, %o2 : memref<3xf16> to memref<3xf16>
  memref.copy %c, %o3 : memref<2xi8> to memref<2xi8>
  return
}
