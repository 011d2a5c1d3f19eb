// RUN: modelc-opt %s -modelc-lower-checks | FileCheck %s
// RUN: modelc-opt %s -modelc-lower-checks -canonicalize | FileCheck %s --check-prefix=FOLD

// Each check guards everything after it: the entry function returns 0, or 5
// (MODELC_STATUS_SHAPE_MISMATCH) from the first check that fails.
// CHECK-LABEL: func @entry
// CHECK-SAME: -> i32
// CHECK: memref.store %{{.*}}, %arg1[%c0]
// CHECK: %[[R:.*]] = scf.if %arg2 -> (i32) {
// CHECK:   memref.store %{{.*}}, %arg1[%c1]
// CHECK:   %[[S:.*]] = scf.if %arg3 -> (i32) {
// CHECK:     memref.store %{{.*}}, %arg1[%c2]
// CHECK:     scf.yield %c0_i32
// CHECK:   } else {
// CHECK:     scf.yield %c5_i32
// CHECK:   }
// CHECK:   scf.yield %[[S]]
// CHECK: } else {
// CHECK:   scf.yield %c5_i32
// CHECK: }
// CHECK: return %[[R]] : i32
// CHECK-NOT: modelc.check
func.func @entry(%v: f32, %out: memref<3xf32>, %a: i1, %b: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  memref.store %v, %out[%c0] : memref<3xf32>
  modelc.check %a, "a holds"
  memref.store %v, %out[%c1] : memref<3xf32>
  modelc.check %b, "b holds"
  memref.store %v, %out[%c2] : memref<3xf32>
  return
}

// Without checks the function just returns 0; a check that holds by
// construction folds away.
// FOLD-LABEL: func @no_checks
// FOLD-SAME: -> i32
// FOLD: %[[Z:.*]] = arith.constant 0 : i32
// FOLD: return %[[Z]]
func.func @no_checks(%v: f32, %out: memref<3xf32>) {
  %true = arith.constant true
  modelc.check %true, "always"
  return
}

// The generated size functions are left alone.
// CHECK-LABEL: func @entry_output_dims
// CHECK-SAME: -> index
func.func @entry_output_dims(%x: memref<?xf32>) -> index
    attributes {modelc.shape_function} {
  %c0 = arith.constant 0 : index
  %d = memref.dim %x, %c0 : memref<?xf32>
  return %d : index
}

// A check in a loop body (an ONNX Loop or Scan): a failed one stores its
// status in the flag (0 while all held) and skips the rest of the
// iteration, which yields its iter_arg; the flag is checked after the loop.
// CHECK-LABEL: func @in_for
// CHECK-SAME: (%[[N:.*]]: index, %[[INIT:.*]]: f32, %[[OUT:.*]]: memref<f32>, %{{.*}}: i1) -> i32
// CHECK: %[[FLAG:.*]] = memref.alloca() : memref<i32>
// CHECK: memref.store %c0_i32, %[[FLAG]][] : memref<i32>
// CHECK: %[[R:.*]] = scf.for %{{.*}} iter_args(%[[X:.*]] = %[[INIT]]) -> (f32) {
// CHECK:   %[[G:.*]] = scf.if %{{.*}} -> (f32) {
// CHECK:     %[[NEXT:.*]] = arith.addf %[[X]], %[[X]] : f32
// CHECK:     scf.yield %[[NEXT]] : f32
// CHECK:   } else {
// CHECK:     memref.store %c5_i32{{.*}}, %[[FLAG]][] : memref<i32>
// CHECK:     scf.yield %[[X]] : f32
// CHECK:   }
// CHECK:   scf.yield %[[G]] : f32
// CHECK: }
// CHECK: %[[STATUS:.*]] = memref.load %[[FLAG]][] : memref<i32>
// CHECK: %[[OK:.*]] = arith.cmpi ne, %[[STATUS]], %c5_i32{{.*}} : i32
// CHECK: %[[RET:.*]] = scf.if %[[OK]] -> (i32) {
// CHECK:   memref.store %[[R]], %[[OUT]][]
// CHECK: } else {
// CHECK:   scf.yield %c5_i32
// CHECK: return %[[RET]] : i32
func.func @in_for(%n: index, %init: f32, %out: memref<f32>, %ok: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %init) -> (f32) {
    modelc.check %ok, "inside a loop"
    %next = arith.addf %x, %x : f32
    scf.yield %next : f32
  }
  memref.store %r, %out[] : memref<f32>
  return
}

// In a while loop, the condition also stops the loop.
// CHECK-LABEL: func @in_while
// CHECK: %[[FLAG:.*]] = memref.alloca() : memref<i32>
// CHECK: scf.while
// CHECK:   %[[STATUS:.*]] = memref.load %[[FLAG]][] : memref<i32>
// CHECK:   %[[OK:.*]] = arith.cmpi eq, %[[STATUS]], %c0_i32{{.*}} : i32
// CHECK:   %[[GO:.*]] = arith.andi %{{.*}}, %[[OK]] : i1
// CHECK:   scf.condition(%[[GO]])
// CHECK: } do {
// CHECK:   scf.if %{{.*}} -> (f32) {
// CHECK:   } else {
// CHECK:     memref.store %c5_i32{{.*}}, %[[FLAG]][] : memref<i32>
func.func @in_while(%init: f32, %limit: f32, %out: memref<f32>, %ok: i1) {
  %r = scf.while (%x = %init) : (f32) -> f32 {
    %go = arith.cmpf olt, %x, %limit : f32
    scf.condition(%go) %x : f32
  } do {
  ^bb0(%x: f32):
    modelc.check %ok, "inside a while loop"
    %next = arith.addf %x, %x : f32
    scf.yield %next : f32
  }
  memref.store %r, %out[] : memref<f32>
  return
}

// A check in the condition region of a while loop (the buffers that
// bufferization allocates there, in the dynamic arena): when it fails, the
// region forwards the arguments it got with a false condition. The region
// forwards its first arguments; the body yields one more, a scalar, which a
// failed check in the body gives as 0.
// CHECK-LABEL: func @in_while_condition
// CHECK: scf.while (%[[X:.*]] = %{{.*}}, %[[N:.*]] = %{{.*}}) : (f32, i64) -> f32 {
// CHECK:   %[[G:.*]]:2 = scf.if %{{.*}} -> (f32, i1) {
// CHECK:     %[[GO:.*]] = arith.cmpf olt, %[[X]], %{{.*}} : f32
// CHECK:     scf.yield %[[X]], %{{.*}} : f32, i1
// CHECK:   } else {
// CHECK:     memref.store %c6_i32{{.*}}, %[[FLAG:.*]][] : memref<i32>
// CHECK:     %[[FALSE:.*]] = arith.constant false
// CHECK:     scf.yield %[[X]], %[[FALSE]] : f32, i1
// CHECK:   scf.condition(%{{.*}}) %[[G]]#0 : f32
// CHECK: } do {
// CHECK: ^bb0(%[[Y:.*]]: f32):
// CHECK:   %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK:   scf.if %{{.*}} -> (f32, i64) {
// CHECK:   } else {
// CHECK:     memref.store %c5_i32{{.*}}, %[[FLAG]][] : memref<i32>
// CHECK:     scf.yield %[[Y]], %[[ZERO]] : f32, i64
func.func @in_while_condition(%init: f32, %limit: f32, %out: memref<f32>,
                              %fits: i1, %ok: i1) {
  %c0 = arith.constant 0 : i64
  %r = scf.while (%x = %init, %n = %c0) : (f32, i64) -> f32 {
    modelc.check %fits, "fits" {status = 6 : i32}
    %go = arith.cmpf olt, %x, %limit : f32
    scf.condition(%go) %x : f32
  } do {
  ^bb0(%y: f32):
    modelc.check %ok, "inside a while loop"
    %next = arith.addf %y, %y : f32
    %c1 = arith.constant 1 : i64
    scf.yield %next, %c1 : f32, i64
  }
  memref.store %r, %out[] : memref<f32>
  return
}

// A failed check in the condition region of an inner while loop also stops
// the while loops around it, at their next condition.
// CHECK-LABEL: func @in_nested_while_condition
// CHECK: %[[FLAG:.*]] = memref.alloca() : memref<i32>
// CHECK: scf.while
// CHECK:   %[[STATUS:.*]] = memref.load %[[FLAG]][] : memref<i32>
// CHECK:   %[[OK:.*]] = arith.cmpi eq, %[[STATUS]], %c0_i32{{.*}} : i32
// CHECK:   %[[GO:.*]] = arith.andi %{{.*}}, %[[OK]] : i1
// CHECK:   scf.condition(%[[GO]])
// CHECK: } do {
// CHECK:   scf.while
// CHECK:     scf.if %{{.*}} -> (f32, i1) {
// CHECK:     } else {
// CHECK:       memref.store %c6_i32{{.*}}, %[[FLAG]][] : memref<i32>
func.func @in_nested_while_condition(%init: f32, %limit: f32,
                                     %out: memref<f32>, %fits: i1) {
  %r = scf.while (%x = %init) : (f32) -> f32 {
    %go = arith.cmpf olt, %x, %limit : f32
    scf.condition(%go) %x : f32
  } do {
  ^bb0(%y: f32):
    %s = scf.while (%z = %y) : (f32) -> f32 {
      modelc.check %fits, "fits" {status = 6 : i32}
      %go2 = arith.cmpf olt, %z, %limit : f32
      scf.condition(%go2) %z : f32
    } do {
    ^bb0(%w: f32):
      %n = arith.addf %w, %w : f32
      scf.yield %n : f32
    }
    scf.yield %s : f32
  }
  memref.store %r, %out[] : memref<f32>
  return
}

// A check may name its status (6: the strings did not fit in the string
// arena); in a loop body the flag carries it out, and each status of the
// loop's checks gets its own check after the loop.
// CHECK-LABEL: func @statuses
// CHECK: scf.for
// CHECK:   scf.if %{{.*}} -> (f32) {
// CHECK:     scf.if %{{.*}} -> (f32) {
// CHECK:     } else {
// CHECK:       memref.store %c5_i32{{.*}}, %[[FLAG:.*]][] : memref<i32>
// CHECK:   } else {
// CHECK:     memref.store %c6_i32{{.*}}, %[[FLAG]][] : memref<i32>
// CHECK: %[[STATUS:.*]] = memref.load %[[FLAG]][] : memref<i32>
// CHECK: %[[NOT6:.*]] = arith.cmpi ne, %[[STATUS]], %c6_i32
// CHECK: scf.if %[[NOT6]] -> (i32) {
// CHECK:   %[[NOT5:.*]] = arith.cmpi ne, %[[STATUS]], %c5_i32
// CHECK:   scf.if %[[NOT5]] -> (i32) {
// CHECK:     scf.if %{{.*}} -> (i32) {
// CHECK:       memref.store
// CHECK:     } else {
// CHECK:       scf.yield %c6_i32
// CHECK:   } else {
// CHECK:     scf.yield %c5_i32
// CHECK: } else {
// CHECK:   scf.yield %c6_i32
func.func @statuses(%n: index, %init: f32, %out: memref<f32>, %a: i1, %b: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%x = %init) -> (f32) {
    modelc.check %a, "strings fit" {status = 6 : i32}
    modelc.check %b, "sizes agree"
    %next = arith.addf %x, %x : f32
    scf.yield %next : f32
  }
  modelc.check %a, "strings fit again" {status = 6 : i32}
  memref.store %r, %out[] : memref<f32>
  return
}
