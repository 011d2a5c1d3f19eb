// RUN: modelc-opt %s -modelc-plan-workspace=alignment=1 | FileCheck %s

// Buffers of index elements take 8 bytes per element on the 64-bit targets
// modelc supports (the planner has no data layout; the size of an index
// must not be read as an integer or float width).

// CHECK-LABEL: func @index_buffer
// CHECK-SAME: memref<32xi8> {modelc.name = "workspace"}) attributes {modelc.workspace_size = 32 : i64}
func.func @index_buffer(%out: memref<4xindex>) {
  %a = memref.alloc() : memref<4xindex>
  memref.copy %a, %out : memref<4xindex> to memref<4xindex>
  return
}
