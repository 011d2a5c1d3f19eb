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

func.func @alloc_in_region(%c: i1) {
  scf.if %c {
    // expected-error @+1 {{cannot place a buffer allocated inside a region in the workspace}}
    %a = memref.alloc() : memref<4xf32>
  }
  return
}
