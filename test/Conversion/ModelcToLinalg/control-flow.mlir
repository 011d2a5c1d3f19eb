// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s

// Control flow (ControlFlow.cpp): modelc.if becomes scf.if, modelc.scan and
// modelc.loop with a known number of iterations scf.for, other loops
// scf.while. The regions move into the scf ops and their modelc ops are
// lowered by the same patterns. Each iteration writes the next loop-carried
// values into the iter_args (linalg.copy) and the scan outputs' elements
// into their accumulators (tensor.insert_slice), so that bufferization
// gives every loop-carried value one buffer.

// Yielded values of compatible types are cast to the result types.
// CHECK-LABEL: func @if
// CHECK-SAME: (%[[C:.*]]: tensor<i1>, %[[A:.*]]: tensor<2xf32>, %[[B:.*]]: tensor<?xf32>)
// CHECK: %[[COND:.*]] = tensor.extract %[[C]][] : tensor<i1>
// CHECK: %[[R:.*]]:2 = scf.if %[[COND]] -> (tensor<2xf32>, tensor<?xf32>) {
// CHECK:   %[[CAST:.*]] = tensor.cast %[[A]] : tensor<2xf32> to tensor<?xf32>
// CHECK:   scf.yield %[[A]], %[[CAST]] : tensor<2xf32>, tensor<?xf32>
// CHECK: } else {
// CHECK:   %[[NEG:.*]] = linalg.generic
// CHECK:     arith.negf
// CHECK:   scf.yield %[[NEG]], %[[B]] : tensor<2xf32>, tensor<?xf32>
// CHECK: }
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @if(%c: tensor<i1>, %a: tensor<2xf32>, %b: tensor<?xf32>) -> (tensor<2xf32>, tensor<?xf32>) {
  %0:2 = modelc.if %c : tensor<i1> -> (tensor<2xf32>, tensor<?xf32>) {
    modelc.yield %a, %a : tensor<2xf32>, tensor<2xf32>
  } else {
    %n = modelc.neg %a : tensor<2xf32>
    modelc.yield %n, %b : tensor<2xf32>, tensor<?xf32>
  }
  return %0#0, %0#1 : tensor<2xf32>, tensor<?xf32>
}

// A constant trip count: a static scan output. The body gets the iteration
// number as a tensor<i64> and a true condition. The scan output element
// (here the loop-carried value as it entered) is inserted before the copy
// overwrites the iter_arg.
// CHECK-LABEL: func @loop_static
// CHECK-SAME: (%[[Y:.*]]: tensor<2xf32>)
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[EMPTY:.*]] = tensor.empty() : tensor<3x2xf32>
// CHECK: %[[R:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %[[C3]] step %{{.*}} iter_args(%[[YI:.*]] = %[[Y]], %[[ACC:.*]] = %[[EMPTY]]) -> (tensor<2xf32>, tensor<3x2xf32>) {
// CHECK:   %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK:   %[[NUM:.*]] = tensor.from_elements %[[I64]] : tensor<i64>
// CHECK:   %[[F:.*]] = linalg.generic {{.*}} ins(%[[NUM]] : tensor<i64>)
// CHECK:   %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[YI]], %[[F]] : tensor<2xf32>, tensor<f32>)
// CHECK:   %[[INS:.*]] = tensor.insert_slice %[[YI]] into %[[ACC]][%[[I]], 0] [1, 2] [1, 1] : tensor<2xf32> into tensor<3x2xf32>
// CHECK:   %[[COPY:.*]] = linalg.copy ins(%[[NEXT]] : tensor<2xf32>) outs(%[[YI]] : tensor<2xf32>) -> tensor<2xf32>
// CHECK:   scf.yield %[[COPY]], %[[INS]] : tensor<2xf32>, tensor<3x2xf32>
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @loop_static(%y: tensor<2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>) {
  %m = modelc.constant dense<3> : tensor<i64>
  %0:2 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>, tensor<3x2xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<2xf32>):
    %f = modelc.cast %i : (tensor<i64>) -> tensor<f32>
    %n = modelc.add %yi, %f : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
    modelc.yield %c, %n, %yi : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0#0, %0#1 : tensor<2xf32>, tensor<3x2xf32>
}

// A run-time trip count and a condition that the body passes on: the
// loop runs max(M, 0) times if the condition holds, and the scan output has
// that many rows.
// CHECK-LABEL: func @loop_runtime_count
// CHECK-SAME: (%[[M:.*]]: tensor<i64>, %[[C:.*]]: tensor<i1>, %[[Y:.*]]: tensor<2xf32>)
// CHECK: %[[MV:.*]] = tensor.extract %[[M]][] : tensor<i64>
// CHECK: %[[MAX:.*]] = arith.maxsi %[[MV]], %{{.*}} : i64
// CHECK: %[[N:.*]] = arith.index_cast %[[MAX]] : i64 to index
// CHECK: %[[CV:.*]] = tensor.extract %[[C]][] : tensor<i1>
// CHECK: %[[COUNT:.*]] = arith.select %[[CV]], %[[N]], %{{.*}} : index
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[COUNT]]) : tensor<?x2xf32>
// CHECK: %[[R:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %[[COUNT]] step %{{.*}} iter_args(%{{.*}} = %[[Y]], %[[ACC:.*]] = %[[EMPTY]]) -> (tensor<2xf32>, tensor<?x2xf32>) {
// CHECK:   tensor.insert_slice %{{.*}} into %[[ACC]][%[[I]], 0] [1, 2] [1, 1] : tensor<2xf32> into tensor<?x2xf32>
// CHECK: return %[[R]]#1
func.func @loop_runtime_count(%m: tensor<i64>, %c: tensor<i1>, %y: tensor<2xf32>) -> tensor<?x2xf32> {
  %0:2 = modelc.loop max_trip_count(%m : tensor<i64>) condition(%c : tensor<i1>) iter_args(%y : tensor<2xf32>) -> (tensor<2xf32>, tensor<?x2xf32>) {
  ^bb0(%i: tensor<i64>, %ci: tensor<i1>, %yi: tensor<2xf32>):
    %n = modelc.neg %yi : tensor<2xf32>
    modelc.yield %ci, %n, %n : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0#1 : tensor<?x2xf32>
}

// A condition computed by the body: scf.while over (loop-carried tensors,
// iteration number, condition). %k, which the body passes on unchanged, is
// not carried.
// CHECK-LABEL: func @loop_while
// CHECK-SAME: (%[[L:.*]]: tensor<f32>, %[[Y:.*]]: tensor<f32>, %[[K:.*]]: tensor<2xf32>)
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK-DAG: %[[TRUE:.*]] = arith.constant true
// CHECK: %[[R:.*]]:3 = scf.while (%[[YB:.*]] = %[[Y]], %[[IB:.*]] = %[[ZERO]], %[[CB:.*]] = %[[TRUE]]) : (tensor<f32>, i64, i1) -> (tensor<f32>, i64, i1) {
// CHECK:   scf.condition(%[[CB]]) %[[YB]], %[[IB]], %[[CB]] : tensor<f32>, i64, i1
// CHECK: } do {
// CHECK: ^bb0(%[[YA:.*]]: tensor<f32>, %[[IA:.*]]: i64, %{{.*}}: i1):
// CHECK:   %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[YA]], %[[YA]] : tensor<f32>, tensor<f32>)
// CHECK:   %[[GO:.*]] = linalg.generic {{.*}} ins(%[[NEXT]], %[[L]] : tensor<f32>, tensor<f32>)
// CHECK:   %[[COPY:.*]] = linalg.copy ins(%[[NEXT]] : tensor<f32>) outs(%[[YA]] : tensor<f32>) -> tensor<f32>
// CHECK:   %[[INC:.*]] = arith.addi %[[IA]], %{{.*}} : i64
// CHECK:   %[[GOV:.*]] = tensor.extract %[[GO]][] : tensor<i1>
// CHECK:   scf.yield %[[COPY]], %[[INC]], %[[GOV]] : tensor<f32>, i64, i1
// CHECK: }
// CHECK: return %[[R]]#0, %[[K]]
func.func @loop_while(%l: tensor<f32>, %y: tensor<f32>, %k: tensor<2xf32>) -> (tensor<f32>, tensor<2xf32>) {
  %0:2 = modelc.loop iter_args(%y, %k : tensor<f32>, tensor<2xf32>) -> (tensor<f32>, tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<f32>, %ki: tensor<2xf32>):
    %n = modelc.add %yi, %yi : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %go = modelc.less %n, %l : (tensor<f32>, tensor<f32>) -> tensor<i1>
    modelc.yield %go, %n, %ki : tensor<i1>, tensor<f32>, tensor<2xf32>
  }
  return %0#0, %0#1 : tensor<f32>, tensor<2xf32>
}

// A trip count with a condition computed by the body: the counter is
// compared with it.
// CHECK-LABEL: func @loop_while_trip_count
// CHECK-SAME: (%[[M:.*]]: tensor<i64>,
// CHECK: %[[MV:.*]] = tensor.extract %[[M]][] : tensor<i64>
// CHECK: scf.while (%{{.*}} = %{{.*}}, %[[IB:.*]] = %{{.*}}, %[[CB:.*]] = %{{.*}}) : (tensor<f32>, i64, i1)
// CHECK:   %[[LT:.*]] = arith.cmpi slt, %[[IB]], %[[MV]] : i64
// CHECK:   %[[GO:.*]] = arith.andi %[[CB]], %[[LT]] : i1
// CHECK:   scf.condition(%[[GO]])
func.func @loop_while_trip_count(%m: tensor<i64>, %l: tensor<f32>, %y: tensor<f32>) -> tensor<f32> {
  %0 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<f32>) -> (tensor<f32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<f32>):
    %n = modelc.add %yi, %yi : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %go = modelc.less %n, %l : (tensor<f32>, tensor<f32>) -> tensor<i1>
    modelc.yield %go, %n : tensor<i1>, tensor<f32>
  }
  return %0 : tensor<f32>
}

// Scan outputs of a loop whose body computes the condition stack into
// accumulators of M rows (the trip count), carried after the loop-carried
// tensors; each iteration inserts its row at the iteration number (before
// the copies into the iter_args: here the row is Y itself), and the rows of
// the iterations that ran are the result.
// CHECK-LABEL: func @loop_while_scan
// CHECK-SAME: (%[[M:.*]]: tensor<i64>, %{{.*}}: tensor<f32>, %[[Y:.*]]: tensor<f32>)
// CHECK: %[[MV:.*]] = tensor.extract %[[M]][] : tensor<i64>
// CHECK: %[[ROWS64:.*]] = arith.maxsi %[[MV]], %{{.*}} : i64
// CHECK: %[[ROWS:.*]] = arith.index_cast %[[ROWS64]] : i64 to index
// CHECK: %[[ACC:.*]] = tensor.empty(%[[ROWS]]) : tensor<?xf32>
// CHECK: %[[R:.*]]:4 = scf.while (%{{.*}} = %[[Y]], %{{.*}} = %[[ACC]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (tensor<f32>, tensor<?xf32>, i64, i1)
// CHECK: ^bb0(%[[YA:.*]]: tensor<f32>, %[[AA:.*]]: tensor<?xf32>, %[[IA:.*]]: i64, %{{.*}}: i1):
// CHECK:   %[[ROW:.*]] = arith.index_cast %[[IA]] : i64 to index
// CHECK:   %[[INS:.*]] = tensor.insert_slice %[[YA]] into %[[AA]][%[[ROW]]] [1] [1] : tensor<f32> into tensor<?xf32>
// CHECK:   %[[COPY:.*]] = linalg.copy ins(%{{.*}} : tensor<f32>) outs(%[[YA]] : tensor<f32>)
// CHECK:   scf.yield %[[COPY]], %[[INS]], %{{.*}}, %{{.*}} : tensor<f32>, tensor<?xf32>, i64, i1
// CHECK: %[[RAN:.*]] = arith.index_cast %[[R]]#2 : i64 to index
// CHECK: %[[S:.*]] = tensor.extract_slice %[[R]]#1[0] [%[[RAN]]] [1] : tensor<?xf32> to tensor<?xf32>
// CHECK: return %[[R]]#0, %[[S]]
func.func @loop_while_scan(%m: tensor<i64>, %l: tensor<f32>, %y: tensor<f32>) -> (tensor<f32>, tensor<?xf32>) {
  %0:2 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<f32>) -> (tensor<f32>, tensor<?xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<f32>):
    %n = modelc.add %yi, %yi : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %go = modelc.less %n, %l : (tensor<f32>, tensor<f32>) -> tensor<i1>
    modelc.yield %go, %n, %yi : tensor<i1>, tensor<f32>, tensor<f32>
  }
  return %0#0, %0#1 : tensor<f32>, tensor<?xf32>
}

// Loop-carried values that swap places are copied aside before the copies
// into the iter_args.
// CHECK-LABEL: func @loop_swap
// CHECK: scf.for %{{.*}} iter_args(%[[A:.*]] = %{{.*}}, %[[B:.*]] = %{{.*}})
// CHECK:   %[[TB:.*]] = linalg.copy ins(%[[B]] : tensor<2xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK:   %[[TA:.*]] = linalg.copy ins(%[[A]] : tensor<2xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK:   %[[NA:.*]] = linalg.copy ins(%[[TB]] : tensor<2xf32>) outs(%[[A]] : tensor<2xf32>)
// CHECK:   %[[NB:.*]] = linalg.copy ins(%[[TA]] : tensor<2xf32>) outs(%[[B]] : tensor<2xf32>)
// CHECK:   scf.yield %[[NA]], %[[NB]]
func.func @loop_swap(%m: tensor<i64>, %a: tensor<2xf32>, %b: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0:2 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%a, %b : tensor<2xf32>, tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %ai: tensor<2xf32>, %bi: tensor<2xf32>):
    modelc.yield %c, %bi, %ai : tensor<i1>, tensor<2xf32>, tensor<2xf32>
  }
  return %0#0, %0#1 : tensor<2xf32>, tensor<2xf32>
}

// Scan: the body gets a slice of each scan input (the second along axis 1,
// from the end); the scan output stacks along axis 1, from the end. The
// modelc.if inside the body is lowered too.
// CHECK-LABEL: func @scan
// CHECK-SAME: (%[[S:.*]]: tensor<2xf32>, %[[X:.*]]: tensor<3x2xf32>, %[[Z:.*]]: tensor<2x3xf32>, %{{.*}}: tensor<i1>)
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG: %[[EMPTY:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[R:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %[[C3]] step %{{.*}} iter_args(%[[SI:.*]] = %[[S]], %[[ACC:.*]] = %[[EMPTY]]) -> (tensor<2xf32>, tensor<2x3xf32>) {
// CHECK:   %[[LAST:.*]] = arith.subi %[[C3]], %{{.*}} : index
// CHECK:   %[[BACK:.*]] = arith.subi %[[LAST]], %[[I]] : index
// CHECK:   %[[XI:.*]] = tensor.extract_slice %[[X]][%[[I]], 0] [1, 2] [1, 1] : tensor<3x2xf32> to tensor<2xf32>
// CHECK:   %[[ZI:.*]] = tensor.extract_slice %[[Z]][0, %[[BACK]]] [2, 1] [1, 1] : tensor<2x3xf32> to tensor<2xf32>
// CHECK:   %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[SI]], %[[XI]] : tensor<2xf32>, tensor<2xf32>)
// CHECK:   %[[IF:.*]] = scf.if %{{.*}} -> (tensor<2xf32>) {
// CHECK:     linalg.generic {{.*}} ins(%[[SUM]], %[[ZI]] : tensor<2xf32>, tensor<2xf32>)
// CHECK:   } else {
// CHECK:     scf.yield %[[SUM]] : tensor<2xf32>
// CHECK:   }
// CHECK:   %[[POS:.*]] = arith.subi %{{.*}}, %[[I]] : index
// CHECK:   %[[INS:.*]] = tensor.insert_slice %[[IF]] into %[[ACC]][0, %[[POS]]] [2, 1] [1, 1] : tensor<2xf32> into tensor<2x3xf32>
// CHECK:   %[[COPY:.*]] = linalg.copy ins(%[[SUM]] : tensor<2xf32>) outs(%[[SI]] : tensor<2xf32>)
// CHECK:   scf.yield %[[COPY]], %[[INS]] : tensor<2xf32>, tensor<2x3xf32>
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @scan(%s: tensor<2xf32>, %x: tensor<3x2xf32>, %z: tensor<2x3xf32>, %c: tensor<i1>) -> (tensor<2xf32>, tensor<2x3xf32>) {
  %0:2 = modelc.scan initial(%s : tensor<2xf32>) inputs(%x, %z : tensor<3x2xf32>, tensor<2x3xf32>) -> (tensor<2xf32>, tensor<2x3xf32>) {
  ^bb0(%si: tensor<2xf32>, %xi: tensor<2xf32>, %zi: tensor<2xf32>):
    %n = modelc.add %si, %xi : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    %m = modelc.if %c : tensor<i1> -> (tensor<2xf32>) {
      %p = modelc.mul %n, %zi : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      modelc.yield %p : tensor<2xf32>
    } else {
      modelc.yield %n : tensor<2xf32>
    }
    modelc.yield %n, %m : tensor<2xf32>, tensor<2xf32>
  } attributes {scan_input_axes = array<i64: 0, 1>, scan_input_directions = array<i64: 0, 1>, scan_output_axes = array<i64: 1>, scan_output_directions = array<i64: 1>}
  return %0#0, %0#1 : tensor<2xf32>, tensor<2x3xf32>
}

// A scan input of dynamic length: the loop runs over its dimension.
// CHECK-LABEL: func @scan_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?x2xf32>)
// CHECK: %[[LEN:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x2xf32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[LEN]]) : tensor<?x2xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[LEN]] step %{{.*}} iter_args(%{{.*}} = %[[EMPTY]]) -> (tensor<?x2xf32>)
func.func @scan_dynamic(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  %0 = modelc.scan inputs(%x : tensor<?x2xf32>) -> (tensor<?x2xf32>) {
  ^bb0(%xi: tensor<2xf32>):
    %n = modelc.neg %xi : tensor<2xf32>
    modelc.yield %n : tensor<2xf32>
  }
  return %0 : tensor<?x2xf32>
}

// A scan output of a static size (the model's declared output shape) with
// a trip count known only at run time: the count is checked before the
// loop (modelc-lower-checks makes the early return).
// CHECK-LABEL: func @loop_declared_rows
// CHECK-SAME: (%[[M:.*]]: tensor<i64>,
// CHECK: %[[MV:.*]] = tensor.extract %[[M]][] : tensor<i64>
// CHECK: %[[MAX:.*]] = arith.maxsi %[[MV]], %{{.*}} : i64
// CHECK: %[[N:.*]] = arith.index_cast %[[MAX]] : i64 to index
// CHECK: %[[C5:.*]] = arith.constant 5 : index
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[N]], %[[C5]] : index
// CHECK: modelc.check %[[OK]], "the Loop's iterations equal the size of scan output #0"
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<5xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %[[EMPTY]]) -> (tensor<f32>, tensor<5xf32>)
func.func @loop_declared_rows(%m: tensor<i64>, %y: tensor<f32>) -> tensor<5xf32> {
  %0:2 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<f32>) -> (tensor<f32>, tensor<5xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<f32>):
    modelc.yield %c, %yi, %yi : tensor<i1>, tensor<f32>, tensor<f32>
  }
  return %0#1 : tensor<5xf32>
}

// A loop-carried value of dynamic size may change it in each iteration (a
// packed sequence grows): the loop is an scf.while, which yields the next
// value as it is rather than writing it into the iter_arg (scf.for's
// canonicalization would refine the iter_arg to a static type of its first
// value).
// CHECK-LABEL: func @loop_dynamic_carried
// CHECK: scf.while (%[[Y:.*]] = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (tensor<?xf32>, i64, i1)
// CHECK: } do {
// CHECK:   %[[NEXT:.*]] = linalg.generic
// CHECK-NOT: modelc.check
// CHECK-NOT: linalg.copy
// CHECK:   scf.yield %[[NEXT]], %{{.*}}, %{{.*}} : tensor<?xf32>, i64, i1
func.func @loop_dynamic_carried(%m: tensor<i64>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %0 = modelc.loop max_trip_count(%m : tensor<i64>) iter_args(%y : tensor<?xf32>) -> (tensor<?xf32>) {
  ^bb0(%i: tensor<i64>, %c: tensor<i1>, %yi: tensor<?xf32>):
    %n = modelc.neg %yi : tensor<?xf32>
    modelc.yield %c, %n : tensor<i1>, tensor<?xf32>
  }
  return %0 : tensor<?xf32>
}

// modelc.assert, a check of a tensor condition, checks its element.
// CHECK-LABEL: func @assert_tensor
// CHECK: %[[OK:.*]] = tensor.extract %arg0[] : tensor<i1>
// CHECK: modelc.check %[[OK]], "the position is in range" {status = 1 : i32}
func.func @assert_tensor(%ok: tensor<i1>) {
  modelc.assert %ok, "the position is in range" : tensor<i1>
  return
}
