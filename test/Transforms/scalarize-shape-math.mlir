// RUN: modelc-opt %s -modelc-scalarize-shape-math -canonicalize | FileCheck %s

// Shape arithmetic on tiny integer tensors becomes scalar arithmetic on the
// dimensions (canonicalization then folds the extracts).

#id = affine_map<(d0) -> (d0)>
#scalar = affine_map<() -> ()>

// A parallel generic on a 2-element i64 tensor: one muli per element.
// CHECK-LABEL: func @unroll
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>)
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4 : i64
// CHECK-DAG: %[[D0:.*]] = tensor.dim %[[X]], %c0
// CHECK-DAG: %[[D1:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[I0:.*]] = arith.index_cast %[[D0]] : index to i64
// CHECK: %[[I1:.*]] = arith.index_cast %[[D1]] : index to i64
// CHECK: %[[M0:.*]] = arith.muli %[[I0]], %[[FOUR]] : i64
// CHECK: %[[M1:.*]] = arith.muli %[[I1]], %[[FOUR]] : i64
// CHECK: %[[R:.*]] = tensor.from_elements %[[M0]], %[[M1]] : tensor<2xi64>
// CHECK: return %[[R]]
func.func @unroll(%x: tensor<?x?xf32>) -> tensor<2xi64> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x?xf32>
  %d1 = tensor.dim %x, %c1 : tensor<?x?xf32>
  %i0 = arith.index_cast %d0 : index to i64
  %i1 = arith.index_cast %d1 : index to i64
  %shape = tensor.from_elements %i0, %i1 : tensor<2xi64>
  %four = arith.constant dense<4> : tensor<2xi64>
  %e = tensor.empty() : tensor<2xi64>
  %r = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%shape, %four : tensor<2xi64>, tensor<2xi64>) outs(%e : tensor<2xi64>) {
  ^bb0(%a: i64, %b: i64, %o: i64):
    %m = arith.muli %a, %b : i64
    linalg.yield %m : i64
  } -> tensor<2xi64>
  return %r : tensor<2xi64>
}

// Extracts see through insert_slice (a Concat of shape vectors).
// CHECK-LABEL: func @concat_then_extract
// CHECK-DAG: %[[FIVE:.*]] = arith.constant 5 : i64
// CHECK-DAG: %[[D:.*]] = tensor.dim %{{.*}}, %c0
// CHECK: %[[I:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[S:.*]] = arith.addi %[[I]], %[[FIVE]] : i64
// CHECK: return %[[S]]
func.func @concat_then_extract(%x: tensor<?x8xf32>) -> i64 {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %d0 = tensor.dim %x, %c0 : tensor<?x8xf32>
  %i0 = arith.index_cast %d0 : index to i64
  %a = tensor.from_elements %i0 : tensor<1xi64>
  %b = arith.constant dense<[3, 5]> : tensor<2xi64>
  %e = tensor.empty() : tensor<3xi64>
  %s0 = tensor.insert_slice %a into %e[0] [1] [1] : tensor<1xi64> into tensor<3xi64>
  %s1 = tensor.insert_slice %b into %s0[1] [2] [1] : tensor<2xi64> into tensor<3xi64>
  %v = tensor.extract %s1[%c2] : tensor<3xi64>
  %w = tensor.extract %s1[%c0] : tensor<3xi64>
  %sum = arith.addi %v, %w : i64
  return %sum : i64
}

// Floating-point tensors are computation, not shapes: left alone.
// CHECK-LABEL: func @float_untouched
// CHECK: linalg.generic
func.func @float_untouched(%x: tensor<2xf32>) -> tensor<2xf32> {
  %e = tensor.empty() : tensor<2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<2xf32>) outs(%e : tensor<2xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.addf %a, %a : f32
    linalg.yield %m : f32
  } -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// The dimensions of a loop's result are those of its iter_arg's initial
// value when every iteration writes into the iter_arg (a Loop's scan
// output): the size of %t comes from %n, and the loop, now unused, goes.
// CHECK-LABEL: func @dim_of_loop_result
// CHECK-SAME: (%[[N:.*]]: index, %{{.*}}: tensor<2xf32>)
// CHECK-NOT: tensor.dim
// CHECK: %[[T:.*]] = tensor.empty(%[[N]]) : tensor<?x2xf32>
// CHECK: return %[[T]]
func.func @dim_of_loop_result(%n: index, %row: tensor<2xf32>) -> tensor<?x2xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %acc = tensor.empty(%n) : tensor<?x2xf32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %acc) -> (tensor<?x2xf32>) {
    %ins = tensor.insert_slice %row into %a[%i, 0] [1, 2] [1, 1] : tensor<2xf32> into tensor<?x2xf32>
    scf.yield %ins : tensor<?x2xf32>
  }
  %d = tensor.dim %r, %c0 : tensor<?x2xf32>
  %t = tensor.empty(%d) : tensor<?x2xf32>
  return %t : tensor<?x2xf32>
}

// The same through a linalg.copy into the iter_arg (a Loop's loop-carried
// value), inside the loop and after it, and through an scf.while.
// CHECK-LABEL: func @dim_of_carried
// CHECK-SAME: (%[[X:.*]]: tensor<?xf32>, %{{.*}}: index)
// CHECK: scf.for
// CHECK:   %[[D1:.*]] = tensor.dim %[[X]], %c0
// CHECK:   tensor.empty(%[[D1]]) : tensor<?xf32>
// CHECK: scf.while
// CHECK: } do {
// CHECK:   %[[D2:.*]] = tensor.dim %[[X]], %c0
// CHECK:   tensor.empty(%[[D2]]) : tensor<?xf32>
// CHECK: %[[D3:.*]] = tensor.dim %[[X]], %c0
// CHECK: tensor.empty(%[[D3]]) : tensor<?xf32>
func.func @dim_of_carried(%x: tensor<?xf32>, %n: index) -> (tensor<?xf32>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%a = %x) -> (tensor<?xf32>) {
    %d = tensor.dim %a, %c0 : tensor<?xf32>
    %e = tensor.empty(%d) : tensor<?xf32>
    %f = linalg.copy ins(%a : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
    %g = linalg.copy ins(%f : tensor<?xf32>) outs(%a : tensor<?xf32>) -> tensor<?xf32>
    scf.yield %g : tensor<?xf32>
  }
  %w:2 = scf.while (%a = %r, %k = %c0) : (tensor<?xf32>, index) -> (tensor<?xf32>, index) {
    %go = arith.cmpi slt, %k, %n : index
    scf.condition(%go) %a, %k : tensor<?xf32>, index
  } do {
  ^bb0(%a: tensor<?xf32>, %k: index):
    %d = tensor.dim %a, %c0 : tensor<?xf32>
    %e = tensor.empty(%d) : tensor<?xf32>
    %f = linalg.copy ins(%a : tensor<?xf32>) outs(%e : tensor<?xf32>) -> tensor<?xf32>
    %g = linalg.copy ins(%f : tensor<?xf32>) outs(%a : tensor<?xf32>) -> tensor<?xf32>
    %k1 = arith.addi %k, %c1 : index
    scf.yield %g, %k1 : tensor<?xf32>, index
  }
  %d = tensor.dim %w#0, %c0 : tensor<?xf32>
  %t = tensor.empty(%d) : tensor<?xf32>
  return %w#0, %t : tensor<?xf32>, tensor<?xf32>
}

// Shape arithmetic done in float (a size scaled by 0.5 and floored, as
// exporters write Resize sizes): the chain of generics becomes scalars,
// each float operand being a constant or already scalarized.
// CHECK-LABEL: func @float_shape_math
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>)
// CHECK: %[[D:.*]] = tensor.dim %[[X]], %c1
// CHECK: %[[I:.*]] = arith.index_cast %[[D]] : index to i64
// CHECK: %[[F:.*]] = arith.sitofp %[[I]] : i64 to f32
// CHECK: %[[H:.*]] = arith.mulf %[[F]], %{{.*}} : f32
// CHECK: %[[FL:.*]] = math.floor %[[H]] : f32
// CHECK: %[[R:.*]] = arith.fptosi %[[FL]] : f32 to i64
// CHECK: return %[[R]]
func.func @float_shape_math(%x: tensor<?x?xf32>) -> i64 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %d1 = tensor.dim %x, %c1 : tensor<?x?xf32>
  %i1 = arith.index_cast %d1 : index to i64
  %size = tensor.from_elements %i1 : tensor<1xi64>
  %ef = tensor.empty() : tensor<1xf32>
  %f = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%size : tensor<1xi64>) outs(%ef : tensor<1xf32>) {
  ^bb0(%a: i64, %o: f32):
    %c = arith.sitofp %a : i64 to f32
    linalg.yield %c : f32
  } -> tensor<1xf32>
  %half = arith.constant dense<0.5> : tensor<1xf32>
  %ef2 = tensor.empty() : tensor<1xf32>
  %h = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel"]} ins(%f, %half : tensor<1xf32>, tensor<1xf32>) outs(%ef2 : tensor<1xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %m = arith.mulf %a, %b : f32
    %fl = math.floor %m : f32
    linalg.yield %fl : f32
  } -> tensor<1xf32>
  %ei = tensor.empty() : tensor<1xi64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%h : tensor<1xf32>) outs(%ei : tensor<1xi64>) {
  ^bb0(%a: f32, %o: i64):
    %c = arith.fptosi %a : f32 to i64
    linalg.yield %c : i64
  } -> tensor<1xi64>
  %v = tensor.extract %r[%c0] : tensor<1xi64>
  return %v : i64
}

// A tiny float tensor of the model's data (a function argument here, a
// kernel's result in a model) is not shape math: it stays a generic.
// CHECK-LABEL: func @float_data_kept
// CHECK: linalg.generic
func.func @float_data_kept(%x: tensor<2xf32>) -> tensor<2xf32> {
  %e = tensor.empty() : tensor<2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<2xf32>) outs(%e : tensor<2xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.mulf %a, %a : f32
    linalg.yield %m : f32
  } -> tensor<2xf32>
  return %r : tensor<2xf32>
}

// Float scalars concatenated (a Concat of two floored sizes) before the
// cast back to integers are shape math too.
// CHECK-LABEL: func @float_concat
// CHECK-NOT: linalg.generic
// CHECK: %[[A:.*]] = arith.fptosi %{{.*}} : f32 to i64
// CHECK: %[[B:.*]] = arith.fptosi %{{.*}} : f32 to i64
// CHECK: tensor.from_elements %[[A]], %[[B]] : tensor<2xi64>
func.func @float_concat(%a: f32, %b: f32) -> tensor<2xi64> {
  %fa = tensor.from_elements %a : tensor<1xf32>
  %fb = tensor.from_elements %b : tensor<1xf32>
  %e = tensor.empty() : tensor<2xf32>
  %i0 = tensor.insert_slice %fa into %e[0] [1] [1] : tensor<1xf32> into tensor<2xf32>
  %i1 = tensor.insert_slice %fb into %i0[1] [1] [1] : tensor<1xf32> into tensor<2xf32>
  %ei = tensor.empty() : tensor<2xi64>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%i1 : tensor<2xf32>) outs(%ei : tensor<2xi64>) {
  ^bb0(%x: f32, %o: i64):
    %c = arith.fptosi %x : f32 to i64
    linalg.yield %c : i64
  } -> tensor<2xi64>
  return %r : tensor<2xi64>
}

// A float generic of constants alone (a bias broadcast into a convolution's
// init) is no shape math: it stays a generic for the kernel passes.
// CHECK-LABEL: func @bias_broadcast_kept
// CHECK: linalg.generic
func.func @bias_broadcast_kept() -> tensor<1x4xf32> {
  %bias = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %e = tensor.empty() : tensor<1x4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%bias : tensor<4xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    linalg.yield %a : f32
  } -> tensor<1x4xf32>
  return %r : tensor<1x4xf32>
}
