// RUN: modelc-opt %s -modelc-lower-parallel-loops | FileCheck %s

// An outermost scf.parallel inside a serial scf.for (what
// convert-linalg-to-parallel-loops makes of a reduction over a leading
// axis, e.g. ReduceSum over axis 0) is called once per iteration of the
// scf.for. Its context buffer must not be a new llvm.alloca in every
// iteration: an alloca outside the entry block grows the stack until the
// function returns (64 iterations here, one per reduced row).

// CHECK-LABEL: func.func @reduce_rows
// CHECK: llvm.alloca
// CHECK: scf.for
// CHECK-NOT: llvm.alloca
// CHECK: llvm.call @modelc_parallel_for
// CHECK: return
func.func @reduce_rows(%in: memref<64x8192xf32>, %out: memref<8192xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c8192 = arith.constant 8192 : index
  scf.for %r = %c0 to %c64 step %c1 {
    scf.parallel (%j) = (%c0) to (%c8192) step (%c1) {
      %v = memref.load %in[%r, %j] : memref<64x8192xf32>
      %acc = memref.load %out[%j] : memref<8192xf32>
      %s = arith.addf %acc, %v : f32
      memref.store %s, %out[%j] : memref<8192xf32>
    }
  }
  return
}
