// RUN: modelc-opt %s -split-input-file -modelc-lower-parallel-loops | FileCheck %s
// RUN: modelc-opt %s -split-input-file -modelc-lower-parallel-loops=min-work=100000000 | FileCheck %s --check-prefix=SERIAL
// RUN: modelc-opt %s -split-input-file -modelc-lower-parallel-loops=min-work=1 | FileCheck %s --check-prefix=ALL

// An outermost scf.parallel loop becomes a call to the runtime's
// modelc_parallel_for over its linearized iteration space, with its body
// outlined into an internal function of (ctx, begin, end). Captured values
// travel in a stack array of i64 slots.

// CHECK: llvm.func @modelc_parallel_for(!llvm.ptr, !llvm.ptr, i64, i64)
// CHECK-LABEL: func.func private @scale_parallel_0
// CHECK-SAME: (%[[CTX:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// CHECK-SAME: attributes {llvm.linkage = #llvm.linkage<internal>}
// Slot 0: the input's aligned pointer, rebuilt into a static descriptor.
// CHECK: %[[A0:.*]] = llvm.getelementptr %[[CTX]][0] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK: %[[S0:.*]] = llvm.load %[[A0]] : !llvm.ptr -> i64
// CHECK: %[[P0:.*]] = llvm.inttoptr %[[S0]] : i64 to !llvm.ptr
// CHECK: llvm.insertvalue %[[P0]], %{{.*}}[0]
// CHECK: llvm.insertvalue %[[P0]], %{{.*}}[1]
// CHECK: %[[IN:.*]] = builtin.unrealized_conversion_cast %{{.*}} : !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)> to memref<64x128xf32>
// Slot 1: the f32 scalar, as its bits.
// CHECK: %[[A1:.*]] = llvm.getelementptr %[[CTX]][1]
// CHECK: %[[S1:.*]] = llvm.load %[[A1]] : !llvm.ptr -> i64
// CHECK: %[[T1:.*]] = arith.trunci %[[S1]] : i64 to i32
// CHECK: %[[SCALE:.*]] = arith.bitcast %[[T1]] : i32 to f32
// Slot 2: the output.
// CHECK: llvm.getelementptr %[[CTX]][2]
// CHECK: %[[OUT:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<64x128xf32>
// The chunk [begin, end) of the flat index: the 64 rows, enough to share
// out; a row's 128 elements stay a loop of their own, which LLVM
// vectorizes (the body runs no loop: an elementwise op).
// CHECK: %[[B:.*]] = arith.index_cast %[[BEGIN]] : i64 to index
// CHECK: %[[E:.*]] = arith.index_cast %[[END]] : i64 to index
// CHECK: scf.for %[[FLAT:.*]] = %[[B]] to %[[E]] step
// CHECK-NOT: arith.remui
// CHECK: %[[I:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[V:.*]] = memref.load %[[IN]][%[[I]], %[[J]]] : memref<64x128xf32>
// CHECK: %[[W:.*]] = arith.mulf %[[V]], %[[SCALE]] : f32
// CHECK: memref.store %[[W]], %[[OUT]][%{{.*}}, %{{.*}}] : memref<64x128xf32>
// CHECK-NOT: scf.reduce
// CHECK: return

// CHECK-LABEL: func.func @scale
// CHECK-SAME: (%[[X:.*]]: memref<64x128xf32>, %[[Y:.*]]: memref<64x128xf32>, %[[S:.*]]: f32)
// CHECK-NOT: scf.parallel
// CHECK: %[[N:.*]] = llvm.mlir.constant(3 : i64) : i64
// CHECK: %[[BUF:.*]] = llvm.alloca %[[N]] x i64 {alignment = 8 : i64} : (i64) -> !llvm.ptr
// CHECK: %[[G0:.*]] = llvm.getelementptr %[[BUF]][0]
// CHECK: %[[D0:.*]] = builtin.unrealized_conversion_cast %[[X]] : memref<64x128xf32> to !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
// CHECK: %[[AP0:.*]] = llvm.extractvalue %[[D0]][1]
// CHECK: %[[I0:.*]] = llvm.ptrtoint %[[AP0]] : !llvm.ptr to i64
// CHECK: llvm.store %[[I0]], %[[G0]] : i64, !llvm.ptr
// CHECK: %[[G1:.*]] = llvm.getelementptr %[[BUF]][1]
// CHECK: %[[BITS:.*]] = arith.bitcast %[[S]] : f32 to i32
// CHECK: %[[WIDE:.*]] = arith.extui %[[BITS]] : i32 to i64
// CHECK: llvm.store %[[WIDE]], %[[G1]]
// CHECK: llvm.getelementptr %[[BUF]][2]
// CHECK: llvm.store
// CHECK: %[[F:.*]] = constant @scale_parallel_0 : (!llvm.ptr, i64, i64) -> ()
// CHECK: %[[FP:.*]] = builtin.unrealized_conversion_cast %[[F]] : (!llvm.ptr, i64, i64) -> () to !llvm.ptr
// CHECK: %[[ZERO:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK: %[[TOTAL:.*]] = llvm.mlir.constant(64 : i64) : i64
// CHECK: llvm.call @modelc_parallel_for(%[[FP]], %[[BUF]], %[[ZERO]], %[[TOTAL]]) : (!llvm.ptr, !llvm.ptr, i64, i64) -> ()
// CHECK: return

// With a huge min-work the loop stays serial; nothing is outlined.
// SERIAL-NOT: modelc_parallel_for
// SERIAL-LABEL: func.func @scale
// SERIAL: scf.parallel
// SERIAL-NOT: llvm.call
func.func @scale(%in: memref<64x128xf32>, %out: memref<64x128xf32>, %s: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c64, %c128) step (%c1, %c1) {
    %v = memref.load %in[%i, %j] : memref<64x128xf32>
    %w = arith.mulf %v, %s : f32
    memref.store %w, %out[%i, %j] : memref<64x128xf32>
  }
  return
}

// -----

// A small loop (4 iterations) stays serial under the default min-work of
// 4096, and is outlined when min-work allows it.
// CHECK-LABEL: func.func @small
// CHECK: scf.parallel
// CHECK-NOT: llvm.call
// ALL: func.func private @small_parallel_0
// ALL-LABEL: func.func @small
// ALL-NOT: scf.parallel
// ALL: %[[TOTAL:.*]] = llvm.mlir.constant(4 : i64) : i64
// ALL: llvm.call @modelc_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %[[TOTAL]])
func.func @small(%in: memref<4xf32>, %out: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
    %v = memref.load %in[%i] : memref<4xf32>
    memref.store %v, %out[%i] : memref<4xf32>
  }
  return
}

// -----

// Only the outermost loop is outlined; the inner one runs inside each
// chunk. Index, f16 and i8 captures use their own slot encodings, and
// constants are cloned rather than passed. Lower bounds and steps other
// than 0 and 1 are applied to the flat index: i = 4 + 2 * flat.
// CHECK-LABEL: func.func private @nested_parallel_0
// CHECK-SAME: (%[[CTX:.*]]: !llvm.ptr, %{{.*}}: i64, %{{.*}}: i64)
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK: llvm.getelementptr %[[CTX]][1]
// CHECK: %[[N:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK: llvm.getelementptr %[[CTX]][2]
// CHECK: %[[H16:.*]] = arith.trunci %{{.*}} : i64 to i16
// CHECK: %[[H:.*]] = arith.bitcast %[[H16]] : i16 to f16
// CHECK: llvm.getelementptr %[[CTX]][3]
// CHECK: %[[K:.*]] = arith.trunci %{{.*}} : i64 to i8
// CHECK: scf.for %[[FLAT:.*]] =
// CHECK: %[[M:.*]] = arith.muli %[[FLAT]], %[[C2]] : index
// CHECK: %[[I:.*]] = arith.addi %[[C4]], %[[M]] : index
// CHECK: scf.parallel (%[[J:.*]]) =
// CHECK: arith.addi %[[J]], %[[N]] : index
// CHECK: arith.extf %[[H]] : f16 to f32
// CHECK: arith.sitofp %[[K]] : i8 to f32
// CHECK-LABEL: func.func @nested
// CHECK: llvm.mlir.constant(5 : i64) : i64
// CHECK: arith.index_cast %{{.*}} : index to i64
// CHECK: arith.bitcast %{{.*}} : f16 to i16
// CHECK: arith.extui %{{.*}} : i16 to i64
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: %[[TOTAL:.*]] = llvm.mlir.constant(30 : i64) : i64
// CHECK: llvm.call @modelc_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %[[TOTAL]])
// CHECK-NOT: llvm.call
func.func @nested(%in: memref<64x128xf32>, %out: memref<64x128xf32>, %n: index, %h: f16, %k: i8) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %c64 = arith.constant 64 : index
  %c128 = arith.constant 128 : index
  scf.parallel (%i) = (%c4) to (%c64) step (%c2) {
    scf.parallel (%j) = (%c0) to (%c128) step (%c1) {
      %v = memref.load %in[%i, %j] : memref<64x128xf32>
      %w = arith.addi %j, %n : index
      %x = arith.extf %h : f16 to f32
      %y = arith.sitofp %k : i8 to f32
      %z = arith.addf %x, %y : f32
      %u = arith.addf %v, %z : f32
      memref.store %u, %out[%i, %w] : memref<64x128xf32>
    }
  }
  return
}

// -----

// Loops that stay serial, whatever min-work says: a single iteration or
// results (a reduction).
// ALL-LABEL: func.func @stays_serial
// ALL-NOT: llvm.call
// ALL-COUNT-2: scf.parallel
// ALL-NOT: llvm.call
// ALL: return
func.func @stays_serial(%buf: memref<8xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%c1) step (%c1) {
    %v = memref.load %buf[%i] : memref<8xf32>
    memref.store %v, %buf[%c1] : memref<8xf32>
  }
  %sum = scf.parallel (%i) = (%c0) to (%c8) step (%c1) init (%zero) -> f32 {
    %v = memref.load %buf[%i] : memref<8xf32>
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %sum : f32
}

// -----

// Dynamic shapes: a trip count known at run time and dynamically shaped
// memrefs. Each memref travels as aligned pointer, offset, size and stride
// (4 slots), the bound as one more; the total is computed at the call.
// ALL-LABEL: func.func private @dynamic_parallel_0(
// ALL-SAME: %[[CTX:.*]]: !llvm.ptr, %[[BEGIN:.*]]: i64, %[[END:.*]]: i64)
// ALL: %[[P:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// ALL: %[[OFF:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// ALL: %[[SIZE:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// ALL: %[[STRIDE:.*]] = llvm.load %{{.*}} : !llvm.ptr -> i64
// ALL: %[[PTR:.*]] = llvm.inttoptr %[[P]] : i64 to !llvm.ptr
// ALL: llvm.insertvalue %[[OFF]], %{{.*}}[2]
// ALL: llvm.insertvalue %[[SIZE]], %{{.*}}[3, 0]
// ALL: llvm.insertvalue %[[STRIDE]], %{{.*}}[4, 0]
// ALL: %[[IN:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<?xf32>
// ALL: %[[OUT:.*]] = builtin.unrealized_conversion_cast %{{.*}} to memref<?xf32>
// ALL: scf.for
// ALL: memref.load %[[IN]]
// ALL: memref.store %{{.*}}, %[[OUT]]
// ALL-LABEL: func.func @dynamic(
// ALL: %[[CTXBUF:.*]] = llvm.alloca %{{.*}} x i64
// ALL: %[[N:.*]] = memref.dim %arg0, %c0
// ALL-COUNT-9: llvm.store
// ALL: %[[TRIPS:.*]] = arith.ceildivui
// ALL: %[[TOTAL:.*]] = arith.index_cast %{{.*}} : index to i64
// ALL: llvm.call @modelc_parallel_for(%{{.*}}, %[[CTXBUF]], %{{.*}}, %[[TOTAL]])
// ALL-NOT: scf.parallel
func.func @dynamic(%in: memref<?xf32>, %out: memref<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %in, %c0 : memref<?xf32>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %in[%i] : memref<?xf32>
    memref.store %v, %out[%i] : memref<?xf32>
  }
  return
}

// -----

// A leaf loop of 4 rows: too few chunks to share out over the threads, so
// the flat index covers rows and columns, delinearized.
// CHECK-LABEL: func.func private @wide_parallel_0
// CHECK: scf.for %[[FLAT:.*]] = %{{.*}} to %{{.*}} step
// CHECK: %[[N:.*]] = arith.constant 2048 : index
// CHECK: arith.remui %[[FLAT]], %[[N]] : index
// CHECK: arith.divui %[[FLAT]], %[[N]] : index
// CHECK-NOT: scf.for
// CHECK: memref.store
// CHECK-LABEL: func.func @wide
// CHECK: %[[TOTAL:.*]] = llvm.mlir.constant(8192 : i64) : i64
// CHECK: llvm.call @modelc_parallel_for(%{{.*}}, %{{.*}}, %{{.*}}, %[[TOTAL]])
func.func @wide(%in: memref<4x2048xf32>, %out: memref<4x2048xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c2048 = arith.constant 2048 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c4, %c2048) step (%c1, %c1) {
    %v = memref.load %in[%i, %j] : memref<4x2048xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %out[%i, %j] : memref<4x2048xf32>
  }
  return
}
