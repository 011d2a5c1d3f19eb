// RUN: modelc-opt %s -modelc-plan-workspace | FileCheck %s

// Buffers with dynamic sizes go after the static ones, at run-time offsets.
// %a and %c have the same size expression and disjoint lifetimes: one slot.
// %b overlaps both and gets the next slot. The workspace becomes
// memref<?xi8>, and @model_workspace_size computes its size from the
// arguments' dimensions.

// CHECK-LABEL: func.func @model(
// CHECK-SAME: %[[X:.*]]: memref<?x4xf32>, %[[Y:.*]]: memref<?x4xf32>, %[[WS:.*]]: memref<?xi8> {modelc.name = "workspace"})
// CHECK-SAME: modelc.workspace_size = 64 : i64, modelc.workspace_size_fn = @model_workspace_size
// CHECK: %[[N:.*]] = memref.dim %[[X]], %c0
// CHECK: %[[FIRST:.*]] = arith.constant 64 : index
// CHECK: %[[SECOND:.*]] = arith.addi %[[FIRST]], %{{.*}} : index
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[FIRST]]][%[[N]]] : memref<?xi8> to memref<?x4xf32>
// CHECK: linalg.copy ins(%[[X]] : {{.*}}) outs(%[[A]] :
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[SECOND]]][%[[N]]] : memref<?xi8> to memref<?x4xf32>
// CHECK: linalg.copy ins(%[[A]] : {{.*}}) outs(%[[B]] :
// CHECK: %[[C:.*]] = memref.view %[[WS]][%[[FIRST]]][%[[N]]] : memref<?xi8> to memref<?x4xf32>
// CHECK: linalg.copy ins(%[[B]] : {{.*}}) outs(%[[C]] :
// CHECK: memref.view %[[WS]][%{{.*}}][] : memref<?xi8> to memref<16xf32>
// CHECK-NOT: memref.alloc

// 64 static bytes, then two slots of 16 * n bytes rounded up to 64.
// CHECK-LABEL: func.func @model_workspace_size(
// CHECK-SAME: %[[X2:.*]]: memref<?x4xf32>, %{{.*}}: memref<?x4xf32>) -> index attributes {modelc.shape_function}
// CHECK: %[[N2:.*]] = memref.dim %[[X2]], %c0
// CHECK: %[[BYTES:.*]] = arith.muli %c16, %[[N2]] : index
// CHECK: %[[UP:.*]] = arith.addi %[[BYTES]], %c63 : index
// CHECK: %[[ROUND:.*]] = arith.andi %[[UP]], %c-64 : index
// CHECK: %[[END1:.*]] = arith.addi %c64, %[[ROUND]] : index
// CHECK: %[[END2:.*]] = arith.addi %[[END1]], %{{.*}} : index
// CHECK: return %[[END2]] : index
func.func @model(%x: memref<?x4xf32>, %y: memref<?x4xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x4xf32>
  %a = memref.alloc(%n) : memref<?x4xf32>
  linalg.copy ins(%x : memref<?x4xf32>) outs(%a : memref<?x4xf32>)
  %b = memref.alloc(%n) : memref<?x4xf32>
  linalg.copy ins(%a : memref<?x4xf32>) outs(%b : memref<?x4xf32>)
  %c = memref.alloc(%n) : memref<?x4xf32>
  linalg.copy ins(%b : memref<?x4xf32>) outs(%c : memref<?x4xf32>)
  %s = memref.alloc() : memref<16xf32>
  linalg.copy ins(%c : memref<?x4xf32>) outs(%y : memref<?x4xf32>)
  return
}

// Buffers of at least 16 alignments per unit of their dynamic sizes' product
// n form a group planned like static buffers in units of n: %a (4096 bytes
// per n) at 0, %c (2048) at 0 too as its lifetime follows %a's, %b (1024),
// which overlaps both, at 4096; the group takes 5120 * n bytes, and each
// buffer's offset is its planned offset times n.
// CHECK-LABEL: func.func @grouped(
// CHECK-SAME: %[[X:[a-z0-9]*]]: memref<?x32x32xf32>
// CHECK: %[[N:.*]] = memref.dim %[[X]], %c0
// CHECK: %[[BASE:.*]] = arith.constant 0 : index
// CHECK: %[[P:.*]] = arith.muli %{{.*}}, %[[N]] : index
// CHECK: %[[SIZE:.*]] = arith.muli %[[P]], %c5120
// CHECK: arith.addi %[[BASE]], %[[SIZE]] : index
// CHECK: %[[A0:.*]] = arith.muli %[[P]], %c0
// CHECK: %[[AOFF:.*]] = arith.addi %[[BASE]], %[[A0]] : index
// CHECK: memref.view %{{.*}}[%[[AOFF]]][%[[N]]] : memref<?xi8> to memref<?x32x32xf32>
// CHECK: %[[B4096:.*]] = arith.muli %[[P]], %c4096
// CHECK: %[[BOFF:.*]] = arith.addi %[[BASE]], %[[B4096]] : index
// CHECK: memref.view %{{.*}}[%[[BOFF]]][%[[N]]] : memref<?xi8> to memref<?x16x16xf32>
// CHECK: %[[C0:.*]] = arith.muli %[[P]], %c0
// CHECK: %[[COFF:.*]] = arith.addi %[[BASE]], %[[C0]] : index
// CHECK: memref.view %{{.*}}[%[[COFF]]][%[[N]]] : memref<?xi8> to memref<?x8x64xf32>
// CHECK-LABEL: func.func @grouped_workspace_size(
// CHECK: arith.muli %{{.*}}, %c5120
// CHECK: return
func.func @grouped(%x: memref<?x32x32xf32>, %y: memref<?x8x64xf32>) {
  %c0 = arith.constant 0 : index
  %n = memref.dim %x, %c0 : memref<?x32x32xf32>
  %a = memref.alloc(%n) : memref<?x32x32xf32>
  linalg.copy ins(%x : memref<?x32x32xf32>) outs(%a : memref<?x32x32xf32>)
  %b = memref.alloc(%n) : memref<?x16x16xf32>
  %a2 = memref.subview %a[0, 0, 0] [%n, 16, 16] [1, 1, 1] : memref<?x32x32xf32> to memref<?x16x16xf32, strided<[1024, 32, 1]>>
  linalg.copy ins(%a2 : memref<?x16x16xf32, strided<[1024, 32, 1]>>) outs(%b : memref<?x16x16xf32>)
  %c = memref.alloc(%n) : memref<?x8x64xf32>
  %c2 = memref.subview %c[0, 0, 0] [%n, 16, 16] [1, 1, 1] : memref<?x8x64xf32> to memref<?x16x16xf32, strided<[512, 64, 1]>>
  linalg.copy ins(%b : memref<?x16x16xf32>) outs(%c2 : memref<?x16x16xf32, strided<[512, 64, 1]>>)
  linalg.copy ins(%c : memref<?x8x64xf32>) outs(%y : memref<?x8x64xf32>)
  return
}
