// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace | FileCheck %s
// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace=string-arena-bytes=100 | FileCheck %s --check-prefix=SMALL

// A function that uses modelc.string_arena gets the string arena after its
// static buffers: a 24-byte modelc_string_arena header and the capacity
// (65536 by default), rounded up to the alignment. It is emptied first
// thing, and every modelc.string_arena becomes its address.
// CHECK: func.func private @modelc_string_arena_init(!llvm.ptr, i64)
// CHECK-LABEL: func @arena
// CHECK-SAME: (%[[OUT:.*]]: memref<4xi64>, %[[WS:.*]]: memref<65664xi8> {modelc.name = "workspace"})
// CHECK-SAME: attributes {modelc.string_arena_size = 65536 : i64, modelc.workspace_size = 65664 : i64}
// CHECK: %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %[[WS]] : memref<65664xi8> -> index
// CHECK: %[[OFFSET:.*]] = arith.constant 64 : index
// CHECK: %[[AT:.*]] = arith.addi %[[BASE]], %[[OFFSET]] : index
// CHECK: %[[ADDR:.*]] = arith.index_cast %[[AT]] : index to i64
// CHECK: %[[CAP:.*]] = arith.constant 65536 : i64
// CHECK: %[[PTR:.*]] = llvm.inttoptr %[[ADDR]] : i64 to !llvm.ptr
// CHECK: call @modelc_string_arena_init(%[[PTR]], %[[CAP]]) : (!llvm.ptr, i64) -> ()
// CHECK-NOT: modelc.string_arena
// CHECK: memref.view %[[WS]][%{{.*}}][] : memref<65664xi8> to memref<4xi64>
// CHECK: memref.store %[[ADDR]]
// CHECK: memref.store %[[ADDR]]
// SMALL-LABEL: func @arena
// SMALL-SAME: memref<192xi8> {modelc.name = "workspace"}
// SMALL-SAME: attributes {modelc.string_arena_size = 100 : i64, modelc.workspace_size = 192 : i64}
// SMALL: arith.constant 100 : i64
func.func @arena(%out: memref<4xi64>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %buffer = memref.alloc() : memref<4xi64>
  %a = modelc.string_arena : i64
  memref.store %a, %buffer[%c0] : memref<4xi64>
  %b = modelc.string_arena : i64
  memref.store %b, %buffer[%c1] : memref<4xi64>
  linalg.copy ins(%buffer : memref<4xi64>) outs(%out : memref<4xi64>)
  return
}

// -----

// A function that makes no strings has no arena.
// CHECK-LABEL: func @no_arena
// CHECK-SAME: attributes {modelc.workspace_size = 64 : i64}
// CHECK-NOT: modelc_string_arena_init
func.func @no_arena(%out: memref<4xi64>) {
  %buffer = memref.alloc() : memref<4xi64>
  linalg.copy ins(%buffer : memref<4xi64>) outs(%out : memref<4xi64>)
  return
}
