// RUN: modelc-opt %s -split-input-file -modelc-plan-workspace -verify-diagnostics

// Buffers the planner cannot place: the pass reports them and fails.

func.func @dynamic_alloc(%n: index) {
  // expected-error @+1 {{cannot place a buffer of type 'memref<?xf32>' in the workspace: only static shapes are supported}}
  %a = memref.alloc(%n) : memref<?xf32>
  return
}

// -----

func.func @strided_alloc() {
  // expected-error @+1 {{cannot place a buffer of type 'memref<4xf32, strided<[2]>>' in the workspace: only static shapes are supported}}
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
