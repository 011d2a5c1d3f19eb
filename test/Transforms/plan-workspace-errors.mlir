// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace -verify-diagnostics

// Buffers the planner cannot place: the pass reports them and fails.

// A dynamic size must be a function of the arguments' dimensions: the
// workspace size function cannot read tensor values.
func.func @size_from_data(%x: memref<4xindex>) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{the size of a buffer depends on tensor values, not only on the input dimensions: dynamic shapes of this kind are not supported yet}}
  %n = memref.load %x[%c0] : memref<4xindex>
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

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

// -----

// A dynamic buffer inside a loop whose size the loop computes.
func.func @size_in_loop(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @+1 {{cannot place a buffer whose size is computed inside a loop or branch in the workspace}}
    %a = memref.alloc(%i) : memref<?xf32>
  }
  return
}
