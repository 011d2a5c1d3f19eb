// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace -verify-diagnostics

// Buffers the planner cannot place: the pass reports them and fails.

func.func @strided_alloc() {
  // expected-error @+1 {{cannot place a buffer of type 'memref<4xf32, strided<[2]>>' in the workspace: only identity layouts are supported}}
  %a = memref.alloc() : memref<4xf32, strided<[2]>>
  return
}

// -----

// A buffer that one iteration of a loop passes to the next: the next
// iteration's buffer, at the same place, would overwrite it.
func.func @alloc_carried_by_loop(%n: index, %init: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %init) -> (memref<4xf32>) {
    // expected-error @+1 {{cannot place a buffer in the workspace that a loop iteration passes on: the next iteration's buffer would overwrite it}}
    %a = memref.alloc() : memref<4xf32>
    linalg.copy ins(%x : memref<4xf32>) outs(%a : memref<4xf32>)
    scf.yield %a : memref<4xf32>
  }
  return
}
