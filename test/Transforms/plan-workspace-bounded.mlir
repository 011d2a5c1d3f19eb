// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace -verify-diagnostics | FileCheck %s

// Buffers sized by a bounded size (a count read from tensor values) get
// slots sized for its bound, an expression of the input dimensions: the
// workspace-size function reads nothing else. %a is sized by the bounded
// size itself, which never exceeds its bound; %b by a difference, whose
// capacity comes from interval arithmetic (the bounded size is at least 0:
// n - count is at most n), and the run checks that it fits its slot
// (status 6, MODELC_STATUS_CAPACITY_EXCEEDED). After planning, the bounded
// sizes are their run-time sizes.
// CHECK-LABEL: func.func @model(
// CHECK-SAME: %[[X:.*]]: memref<?xf32>, %[[COUNT_IN:.*]]: memref<index>, %[[WS:.*]]: memref<?xi8> {modelc.name = "workspace"})
// CHECK-SAME: modelc.capacity_checks
// CHECK: %[[N:.*]] = memref.dim %[[X]], %c0
// CHECK: %[[COUNT:.*]] = memref.load %[[COUNT_IN]][]
// CHECK: %[[CAP_A:.*]] = arith.muli %c4, %[[N]] : index
// CHECK: %[[A:.*]] = memref.view %[[WS]][%c0{{.*}}][%[[COUNT]]] : memref<?xi8> to memref<?xf32>
// CHECK: %[[DIFF:.*]] = arith.subi %[[N]], %[[COUNT]] : index
// CHECK: %[[CAP_DIFF:.*]] = arith.subi %[[N]], %c0{{.*}} : index
// CHECK: %[[CAP_B:.*]] = arith.muli %c4{{.*}}, %[[CAP_DIFF]] : index
// CHECK: %[[BYTES_B:.*]] = arith.muli %c4{{.*}}, %[[DIFF]] : index
// CHECK: %[[FITS:.*]] = arith.cmpi ule, %[[BYTES_B]], %[[CAP_B]] : index
// CHECK: modelc.check %[[FITS]], "a buffer sized by tensor values fits in the capacity planned for it" {status = 6 : i32}
// CHECK: memref.view %[[WS]][%{{.*}}][%[[DIFF]]] : memref<?xi8> to memref<?xf32>
// CHECK-NOT: modelc.bounded_size
// CHECK-LABEL: func.func @model_workspace_size(
// CHECK-NOT: memref.load
// CHECK-NOT: modelc.bounded_size
// CHECK: return
func.func @model(%x: memref<?xf32>, %count_in: memref<index>) {
  %c0 = arith.constant 0 : index
  %f = arith.constant 0.0 : f32
  %n = memref.dim %x, %c0 : memref<?xf32>
  %count = memref.load %count_in[] : memref<index>
  %bounded = modelc.bounded_size %count, %n
  %a = memref.alloc(%bounded) : memref<?xf32>
  linalg.fill ins(%f : f32) outs(%a : memref<?xf32>)
  %diff = arith.subi %n, %bounded : index
  %b = memref.alloc(%diff) : memref<?xf32>
  linalg.fill ins(%f : f32) outs(%b : memref<?xf32>)
  return
}
