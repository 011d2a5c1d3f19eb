// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s
// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s --check-prefix=DYN

// Gathers, scatters, OneHot, TopK and CumSum (Indexing.cpp): gathers are
// linalg.generic ops that compute the source index; scatters, TopK and
// CumSum are scf.for loops over tensors (extract/insert), which
// bufferization turns into in-place updates.

// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$DROP0:.*]] = affine_map<(d0, d1) -> (d1)>

// A loop first checks that every index is within the axis (4), whose
// failure returns status 1 (MODELC_STATUS_INVALID_ARGUMENT). The index
// replaces the coordinate along the axis; negative indices wrap.
// CHECK-LABEL: func @gather_elements
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<3x2xi32>)
// CHECK: %[[N:.*]] = arith.constant 4 : index
// CHECK: %[[NEGN:.*]] = arith.subi %{{.*}}, %[[N]] : index
// CHECK: %[[OK:.*]] = scf.for
// CHECK: scf.for
// CHECK: %[[E:.*]] = tensor.extract %[[I]]
// CHECK: %[[EI:.*]] = arith.index_cast %[[E]] : i32 to index
// CHECK: arith.cmpi sge, %[[EI]], %[[NEGN]] : index
// CHECK: arith.cmpi slt, %[[EI]], %[[N]] : index
// CHECK: modelc.check %[[OK]], "GatherElements: every index is within the axis (-size <= index < size)" {status = 1 : i32}
// CHECK: %[[SIZE:.*]] = arith.constant 4 : index
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[I]] : tensor<3x2xi32>) outs(%{{.*}} : tensor<3x2xf32>)
// CHECK: ^bb0(%[[K:.*]]: i32, %{{.*}}: f32):
// CHECK: %[[IDX:.*]] = arith.index_cast %[[K]] : i32 to index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[IDX]]
// CHECK: %[[WRAP:.*]] = arith.addi %[[IDX]], %[[SIZE]] : index
// CHECK: %[[J:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[IDX]] : index
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[D0]], %[[J]]] : tensor<3x4xf32>
// CHECK: linalg.yield %[[V]]
// CHECK: return %[[R]]
func.func @gather_elements(%x: tensor<3x4xf32>, %i: tensor<3x2xi32>) -> tensor<3x2xf32> {
  %0 = modelc.gather_elements %x, %i {axis = 1 : i64} : (tensor<3x4xf32>, tensor<3x2xi32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// With one batch dimension: data[b, indices[b, i, 0], j]. The indices are
// checked against the axis after the batch dimension (3).
// CHECK-LABEL: func @gather_nd
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>, %[[I:.*]]: tensor<2x5x1xi64>)
// CHECK: %[[N:.*]] = arith.constant 3 : index
// CHECK: arith.cmpi slt, %{{.*}}, %[[N]] : index
// CHECK: modelc.check %{{.*}}, "GatherND: every index is within the axis (-size <= index < size)" {status = 1 : i32}
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} outs(%{{.*}} : tensor<2x5x4xf32>)
// CHECK-DAG: %[[B:.*]] = linalg.index 0 : index
// CHECK-DAG: %[[P:.*]] = linalg.index 1 : index
// CHECK: %[[K:.*]] = tensor.extract %[[I]][%[[B]], %[[P]], %{{.*}}] : tensor<2x5x1xi64>
// CHECK: %[[IDX:.*]] = arith.index_cast %[[K]] : i64 to index
// CHECK: %[[J:.*]] = arith.select %{{.*}}, %{{.*}}, %[[IDX]] : index
// CHECK: %[[D2:.*]] = linalg.index 2 : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[B]], %[[J]], %[[D2]]] : tensor<2x3x4xf32>
// CHECK: linalg.yield %[[V]]
// CHECK: return %[[R]]
func.func @gather_nd(%x: tensor<2x3x4xf32>, %i: tensor<2x5x1xi64>) -> tensor<2x5x4xf32> {
  %0 = modelc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<2x3x4xf32>, tensor<2x5x1xi64>) -> tensor<2x5x4xf32>
  return %0 : tensor<2x5x4xf32>
}

// After the check of the indices against the axis (3), a loop nest over
// the updates carries the result, which starts as the data; each step
// reads, combines and writes one element.
// CHECK-LABEL: func @scatter_elements
// CHECK-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[I:.*]]: tensor<2x4xi64>, %[[U:.*]]: tensor<2x4xf32>)
// CHECK: %[[N:.*]] = arith.constant 3 : index
// CHECK: arith.cmpi slt, %{{.*}}, %[[N]] : index
// CHECK: modelc.check %{{.*}}, "ScatterElements: every index is within the axis (-size <= index < size)" {status = 1 : i32}
// CHECK: %[[R:.*]] = scf.for %[[A:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T0:.*]] = %[[X]]) -> (tensor<3x4xf32>)
// CHECK: %[[INNER:.*]] = scf.for %[[B:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T:.*]] = %[[T0]]) -> (tensor<3x4xf32>)
// CHECK: %[[K:.*]] = tensor.extract %[[I]][%[[A]], %[[B]]] : tensor<2x4xi64>
// CHECK: %[[IDX:.*]] = arith.index_cast %[[K]] : i64 to index
// CHECK: %[[J:.*]] = arith.select %{{.*}}, %{{.*}}, %[[IDX]] : index
// CHECK: %[[NEW:.*]] = tensor.extract %[[U]][%[[A]], %[[B]]] : tensor<2x4xf32>
// CHECK: %[[OLD:.*]] = tensor.extract %[[T]][%[[J]], %[[B]]] : tensor<3x4xf32>
// CHECK: %[[M:.*]] = arith.mulf %[[OLD]], %[[NEW]] : f32
// CHECK: %[[W:.*]] = tensor.insert %[[M]] into %[[T]][%[[J]], %[[B]]] : tensor<3x4xf32>
// CHECK: scf.yield %[[W]] : tensor<3x4xf32>
// CHECK: scf.yield %[[INNER]] : tensor<3x4xf32>
// CHECK: return %[[R]]
func.func @scatter_elements(%x: tensor<3x4xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>) -> tensor<3x4xf32> {
  %0 = modelc.scatter_elements %x, %i, %u {axis = 0 : i64, reduction = "mul"} : (tensor<3x4xf32>, tensor<2x4xi64>, tensor<2x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// Unsigned elements take the unsigned maximum.
// CHECK-LABEL: func @scatter_elements_unsigned_max
// CHECK-SAME: (%{{.*}}: tensor<4xi8>, %{{.*}}: tensor<2xi64>, %{{.*}}: tensor<2xi8>) -> tensor<4xi8>
// CHECK: scf.for
// CHECK: arith.maxui %{{.*}}, %{{.*}} : i8
// CHECK: tensor.insert
func.func @scatter_elements_unsigned_max(%x: tensor<4xui8>, %i: tensor<2xi64>, %u: tensor<2xui8>) -> tensor<4xui8> {
  %0 = modelc.scatter_elements %x, %i, %u {reduction = "max"} : (tensor<4xui8>, tensor<2xi64>, tensor<2xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// Without a reduction, each index tuple copies one slice of the updates,
// once the indices are checked against the rows (4).
// CHECK-LABEL: func @scatter_nd
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[I:.*]]: tensor<2x1xi64>, %[[U:.*]]: tensor<2x3xf32>)
// CHECK: %[[N:.*]] = arith.constant 4 : index
// CHECK: arith.cmpi slt, %{{.*}}, %[[N]] : index
// CHECK: modelc.check %{{.*}}, "ScatterND: every index is within the axis (-size <= index < size)" {status = 1 : i32}
// CHECK: %[[R:.*]] = scf.for %[[A:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T:.*]] = %[[X]]) -> (tensor<4x3xf32>)
// CHECK: %[[K:.*]] = tensor.extract %[[I]][%[[A]], %{{.*}}] : tensor<2x1xi64>
// CHECK: %[[IDX:.*]] = arith.index_cast %[[K]] : i64 to index
// CHECK: %[[J:.*]] = arith.select %{{.*}}, %{{.*}}, %[[IDX]] : index
// CHECK: %[[S:.*]] = tensor.extract_slice %[[U]][%[[A]], 0] [1, 3] [1, 1] : tensor<2x3xf32> to tensor<3xf32>
// CHECK: %[[W:.*]] = tensor.insert_slice %[[S]] into %[[T]][%[[J]], 0] [1, 3] [1, 1] : tensor<3xf32> into tensor<4x3xf32>
// CHECK: scf.yield %[[W]] : tensor<4x3xf32>
// CHECK: return %[[R]]
func.func @scatter_nd(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = modelc.scatter_nd %x, %i, %u : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// The elements of an index tuple are checked against their own axes (2
// rows, 3 columns): the tuple's last coordinate picks the bounds.
// CHECK-LABEL: func @gather_nd_tuple
// CHECK-SAME: (%{{.*}}: tensor<2x3xf32>, %[[I:.*]]: tensor<4x2xi64>)
// CHECK: %[[ROWS:.*]] = arith.constant 2 : index
// CHECK: %[[NEGROWS:.*]] = arith.subi %{{.*}}, %[[ROWS]] : index
// CHECK: %[[COLS:.*]] = arith.constant 3 : index
// CHECK: %[[NEGCOLS:.*]] = arith.subi %{{.*}}, %[[COLS]] : index
// CHECK: scf.for
// CHECK: scf.for %[[K:[^ ]*]] =
// CHECK: %[[IS1:.*]] = arith.cmpi eq, %[[K]], %{{.*}} : index
// CHECK: %[[HIGH:.*]] = arith.select %[[IS1]], %[[COLS]], %[[ROWS]] : index
// CHECK: %[[LOW:.*]] = arith.select %[[IS1]], %[[NEGCOLS]], %[[NEGROWS]] : index
// CHECK: %[[E:.*]] = tensor.extract %[[I]]
// CHECK: %[[EI:.*]] = arith.index_cast %[[E]] : i64 to index
// CHECK: arith.cmpi sge, %[[EI]], %[[LOW]] : index
// CHECK: arith.cmpi slt, %[[EI]], %[[HIGH]] : index
// CHECK: modelc.check %{{.*}}, "GatherND: every index is within the axis (-size <= index < size)" {status = 1 : i32}
// CHECK: linalg.generic
func.func @gather_nd_tuple(%x: tensor<2x3xf32>, %i: tensor<4x2xi64>) -> tensor<4xf32> {
  %0 = modelc.gather_nd %x, %i : (tensor<2x3xf32>, tensor<4x2xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// Constant indices within the axis need no check; one outside is checked
// (and fails) at run time.
// CHECK-LABEL: func @gather_elements_constant_indices
// CHECK-NOT: modelc.check
// CHECK: linalg.generic
// CHECK-LABEL: func @gather_elements_constant_outside
// CHECK: modelc.check
func.func @gather_elements_constant_indices(%x: tensor<3xf32>) -> tensor<2xf32> {
  %i = modelc.constant dense<[-3, 2]> : tensor<2xi64>
  %0 = modelc.gather_elements %x, %i {axis = 0 : i64} : (tensor<3xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
func.func @gather_elements_constant_outside(%x: tensor<3xf32>) -> tensor<2xf32> {
  %i = modelc.constant dense<[0, 3]> : tensor<2xi64>
  %0 = modelc.gather_elements %x, %i {axis = 0 : i64} : (tensor<3xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// With a reduction, the slice is combined element by element.
// CHECK-LABEL: func @scatter_nd_add
// CHECK-SAME: (%[[X:.*]]: tensor<4x3xf32>, %[[I:.*]]: tensor<2x1xi64>, %[[U:.*]]: tensor<2x3xf32>)
// CHECK: scf.for %[[A:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[X]]) -> (tensor<4x3xf32>)
// CHECK: %[[J:.*]] = arith.select
// CHECK: scf.for %[[C:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T:.*]] = %{{.*}}) -> (tensor<4x3xf32>)
// CHECK: %[[NEW:.*]] = tensor.extract %[[U]][%[[A]], %[[C]]] : tensor<2x3xf32>
// CHECK: %[[OLD:.*]] = tensor.extract %[[T]][%[[J]], %[[C]]] : tensor<4x3xf32>
// CHECK: %[[SUM:.*]] = arith.addf %[[OLD]], %[[NEW]] : f32
// CHECK: tensor.insert %[[SUM]] into %[[T]][%[[J]], %[[C]]] : tensor<4x3xf32>
func.func @scatter_nd_add(%x: tensor<4x3xf32>, %i: tensor<2x1xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  %0 = modelc.scatter_nd %x, %i, %u {reduction = "add"} : (tensor<4x3xf32>, tensor<2x1xi64>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// Float indices are truncated; the depth is the result's dimension 0,
// which the depth operand (data) is checked against.
// CHECK-LABEL: func @one_hot
// CHECK-SAME: (%[[I:.*]]: tensor<3xf32>, %[[D:.*]]: tensor<f32>, %[[V:.*]]: tensor<2xi32>)
// CHECK: %[[DV:.*]] = tensor.extract %[[D]][] : tensor<f32>
// CHECK: arith.fptosi %[[DV]] : f32 to i64
// CHECK: modelc.check %{{.*}}, "OneHot: the depth is 5"
// CHECK-DAG: %[[OFF:.*]] = tensor.extract %[[V]][%{{.*}}] : tensor<2xi32>
// CHECK-DAG: %[[ON:.*]] = tensor.extract %[[V]][%{{.*}}] : tensor<2xi32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$DROP0]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[I]] : tensor<3xf32>) outs(%{{.*}} : tensor<5x3xi32>)
// CHECK: ^bb0(%[[K:.*]]: f32, %{{.*}}: i32):
// CHECK: %[[T:.*]] = arith.fptosi %[[K]] : f32 to i64
// CHECK-DAG: %[[DEPTH:.*]] = arith.constant 5 : index
// CHECK-DAG: %[[IDX:.*]] = arith.index_cast %[[T]] : i64 to index
// CHECK: arith.addi %[[IDX]], %[[DEPTH]] : index
// CHECK: %[[J:.*]] = arith.select
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[HOT:.*]] = arith.cmpi eq, %[[D0]], %[[J]] : index
// CHECK: %[[Y:.*]] = arith.select %[[HOT]], %[[ON]], %[[OFF]] : i32
// CHECK: linalg.yield %[[Y]]
// CHECK: return %[[R]]
func.func @one_hot(%i: tensor<3xf32>, %d: tensor<f32>, %v: tensor<2xi32>) -> tensor<5x3xi32> {
  %0 = modelc.one_hot %i, %d, %v {axis = 0 : i64} : (tensor<3xf32>, tensor<f32>, tensor<2xi32>) -> tensor<5x3xi32>
  return %0 : tensor<5x3xi32>
}

// For each (outer, inner) row, every element is inserted into the sorted
// list of the best k so far: while fewer than k slots are filled every
// element enters, then only one that goes before the last slot's (better
// value, or equal value and lower index). The filled slots are walked with
// the element carried down, and while fewer than k are filled the carried
// element takes the next slot. k is the result's dimension; a k given at
// run time is checked against it.
// CHECK-LABEL: func @top_k
// CHECK-SAME: (%[[X:.*]]: tensor<2x6x3xf32>, %[[KT:.*]]: tensor<1xi64>)
// CHECK: %[[KV:.*]] = tensor.extract %[[KT]][%{{.*}}] : tensor<1xi64>
// CHECK: %[[KI:.*]] = arith.index_cast %[[KV]] : i64 to index
// CHECK: %[[KOK:.*]] = arith.cmpi eq, %[[KI]], %{{.*}} : index
// CHECK: modelc.check %[[KOK]], "TopK's k equals the result size along the axis"
// CHECK-DAG: %[[VALS:.*]] = tensor.empty() : tensor<2x4x3xf32>
// CHECK-DAG: %[[IDXS:.*]] = tensor.empty() : tensor<2x4x3xi64>
// CHECK-DAG: %[[K:.*]] = arith.constant 4 : index
// CHECK: %[[R:.*]]:2 = scf.for %[[O:.*]] = %{{.*}} iter_args(%{{.*}} = %[[VALS]], %{{.*}} = %[[IDXS]])
// CHECK: scf.for %[[IN:.*]] = %{{.*}} iter_args
// CHECK: scf.for %[[E:.*]] = %{{.*}} iter_args(%[[AV:.*]] = %{{.*}}, %[[AI:.*]] = %{{.*}})
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[O]], %[[E]], %[[IN]]] : tensor<2x6x3xf32>
// CHECK: %[[VI:.*]] = arith.index_cast %[[E]] : index to i64
// CHECK: %[[GROW:.*]] = arith.cmpi slt, %[[E]], %[[K]] : index
// CHECK: %[[ENTERS:.*]] = scf.if %[[GROW]] -> (i1)
// CHECK: } else {
// CHECK: %[[LAST:.*]] = arith.constant 3 : index
// CHECK: %[[LV:.*]] = tensor.extract %[[AV]][%[[O]], %[[LAST]], %[[IN]]]
// CHECK: %[[LI:.*]] = tensor.extract %[[AI]][%[[O]], %[[LAST]], %[[IN]]]
// CHECK: arith.cmpf ogt, %[[V]], %[[LV]] : f32
// CHECK: scf.if %[[ENTERS]]
// CHECK: %[[FILLED:.*]] = arith.minsi %[[E]], %[[K]] : index
// CHECK: %[[SLOTS:.*]]:4 = scf.for %[[S:.*]] = %{{.*}} to %[[FILLED]] step %{{.*}} iter_args(%[[TV:.*]] = %[[AV]], %[[TI:.*]] = %[[AI]], %[[CV:.*]] = %[[V]], %[[CI:.*]] = %[[VI]])
// CHECK: %[[SV:.*]] = tensor.extract %[[TV]][%[[O]], %[[S]], %[[IN]]]
// CHECK: %[[SI:.*]] = tensor.extract %[[TI]][%[[O]], %[[S]], %[[IN]]]
// CHECK: %[[GT:.*]] = arith.cmpf ogt, %[[CV]], %[[SV]] : f32
// CHECK: %[[EQ:.*]] = arith.cmpf oeq, %[[CV]], %[[SV]] : f32
// CHECK: %[[LOWER:.*]] = arith.cmpi slt, %[[CI]], %[[SI]] : i64
// CHECK: %[[TIE:.*]] = arith.andi %[[EQ]], %[[LOWER]] : i1
// CHECK: %[[TAKE:.*]] = arith.ori %[[GT]], %[[TIE]] : i1
// CHECK: scf.yield
// CHECK: scf.if %[[GROW]]
// CHECK: tensor.insert %[[SLOTS]]#2 into %[[SLOTS]]#0[%[[O]], %[[E]], %[[IN]]]
// CHECK: tensor.insert %[[SLOTS]]#3 into %[[SLOTS]]#1[%[[O]], %[[E]], %[[IN]]]
// CHECK: } else {
// CHECK: scf.yield %[[AV]], %[[AI]]
// CHECK: return %[[R]]#0, %[[R]]#1
func.func @top_k(%x: tensor<2x6x3xf32>, %k: tensor<1xi64>) -> (tensor<2x4x3xf32>, tensor<2x4x3xi64>) {
  %v, %i = modelc.top_k %x, %k {axis = 1 : i64} : (tensor<2x6x3xf32>, tensor<1xi64>) -> (tensor<2x4x3xf32>, tensor<2x4x3xi64>)
  return %v, %i : tensor<2x4x3xf32>, tensor<2x4x3xi64>
}

// A k read at run time and not declared: checked to be in [0, axis size],
// bounded by the axis size, and sizing the results; a k of 0 visits no
// element (the walk reads slot k - 1).
// DYN-LABEL: func @top_k_runtime_k
// DYN-SAME: (%[[X:.*]]: tensor<3x4xf32>, %[[KT:.*]]: tensor<1xi64>)
// DYN: %[[KV:.*]] = tensor.extract %[[KT]][%{{.*}}] : tensor<1xi64>
// DYN: %[[KI:.*]] = arith.index_cast %[[KV]] : i64 to index
// DYN-DAG: %[[GE:.*]] = arith.cmpi sge, %[[KI]], %c0 : index
// DYN-DAG: %[[LE:.*]] = arith.cmpi sle, %[[KI]], %c4 : index
// DYN: %[[OK:.*]] = arith.andi %[[GE]], %[[LE]] : i1
// DYN: modelc.check %[[OK]], "TopK's k is at least 0 and at most the axis's size"
// DYN: %[[K:.*]] = modelc.bounded_size %[[KI]], %c4
// DYN-DAG: tensor.empty(%[[K]]) : tensor<3x?x1xf32>
// DYN-DAG: tensor.empty(%[[K]]) : tensor<3x?x1xi64>
// DYN-DAG: %[[NONE:.*]] = arith.cmpi eq, %[[K]], %c0 : index
// DYN-DAG: %[[N:.*]] = arith.select %[[NONE]], %c0, %c4 : index
// DYN: scf.for %{{.*}} = %c0 to %[[N]] step %c1
// DYN: arith.subi %[[K]], %c1 : index
func.func @top_k_runtime_k(%x: tensor<3x4xf32>, %k: tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>) {
  %v, %i = modelc.top_k %x, %k {axis = 1 : i64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x?xf32>, tensor<3x?xi64>)
  return %v, %i : tensor<3x?xf32>, tensor<3x?xi64>
}

// The smallest first, with unsigned comparisons for unsigned elements.
// CHECK-LABEL: func @top_k_smallest_unsigned
// CHECK: arith.cmpi ult, %{{.*}}, %{{.*}} : i8
// CHECK: arith.cmpi eq, %{{.*}}, %{{.*}} : i8
func.func @top_k_smallest_unsigned(%x: tensor<6xui8>, %k: tensor<1xi64>) -> (tensor<2xui8>, tensor<2xi64>) {
  %v, %i = modelc.top_k %x, %k {largest = false} : (tensor<6xui8>, tensor<1xi64>) -> (tensor<2xui8>, tensor<2xi64>)
  return %v, %i : tensor<2xui8>, tensor<2xi64>
}

// k = 0: empty results, no loops.
// CHECK-LABEL: func @top_k_zero
// CHECK-NOT: scf.for
// CHECK: return
func.func @top_k_zero(%x: tensor<6xf32>, %k: tensor<1xi64>) -> (tensor<0xf32>, tensor<0xi64>) {
  %v, %i = modelc.top_k %x, %k : (tensor<6xf32>, tensor<1xi64>) -> (tensor<0xf32>, tensor<0xi64>)
  return %v, %i : tensor<0xf32>, tensor<0xi64>
}

// The input is viewed as 1-D [outer, n, inner] around the axis, whose
// extents come from the (run-time) axis; a running sum walks each row,
// backwards for reverse, and exclusive stores the sum before adding.
// The axis, data too, is checked first against the rank (2).
// CHECK-LABEL: func @cumsum
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi32>, %[[A:.*]]: tensor<i64>)
// CHECK: %[[RANK:.*]] = arith.constant 2 : index
// CHECK: arith.cmpi slt, %{{.*}}, %[[RANK]] : index
// CHECK: modelc.check %{{.*}}, "CumSum: every index is within the axis (-size <= index < size)" {status = 1 : i32}
// CHECK: %[[AX:.*]] = tensor.extract %[[A]][] : tensor<i64>
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1]] : tensor<2x3xi32> into tensor<6xi32>
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<6xi32>
// CHECK: %[[R:.*]] = scf.for %[[O:.*]] = %{{.*}} to %[[OUTER:.*]] step %{{.*}} iter_args(%{{.*}} = %[[INIT]]) -> (tensor<6xi32>)
// CHECK: scf.for %[[IN:.*]] = %{{.*}} to %[[INNER:.*]] step %{{.*}} iter_args
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %[[N:.*]] step %{{.*}} iter_args(%[[T:.*]] = %{{.*}}, %[[SUM:.*]] = %[[ZERO]]) -> (tensor<6xi32>, i32)
// CHECK: %[[LAST:.*]] = arith.subi %[[N]], %{{.*}} : index
// CHECK: %[[P:.*]] = arith.subi %[[LAST]], %[[J]] : index
// CHECK: %[[ROW:.*]] = arith.muli %[[O]], %[[N]] : index
// CHECK: %[[RP:.*]] = arith.addi %[[ROW]], %[[P]] : index
// CHECK: %[[SCALED:.*]] = arith.muli %[[RP]], %[[INNER]] : index
// CHECK: %[[AT:.*]] = arith.addi %[[SCALED]], %[[IN]] : index
// CHECK: %[[V:.*]] = tensor.extract %[[FLAT]][%[[AT]]] : tensor<6xi32>
// CHECK: %[[NEXT:.*]] = arith.addi %[[SUM]], %[[V]] : i32
// CHECK: %[[W:.*]] = tensor.insert %[[SUM]] into %[[T]][%[[AT]]] : tensor<6xi32>
// CHECK: scf.yield %[[W]], %[[NEXT]] : tensor<6xi32>, i32
// CHECK: %[[Y:.*]] = tensor.expand_shape %[[R]] {{\[}}[0, 1]] output_shape [2, 3] : tensor<6xi32> into tensor<2x3xi32>
// CHECK: return %[[Y]]
func.func @cumsum(%x: tensor<2x3xi32>, %a: tensor<i64>) -> tensor<2x3xi32> {
  %0 = modelc.cumsum %x, %a {exclusive = true, reverse = true} : (tensor<2x3xi32>, tensor<i64>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

//===----------------------------------------------------------------------===//
// Dynamic dimensions (checked after canonicalization, prefix DYN)
//===----------------------------------------------------------------------===//

// The result has the indices' shape, which must fit in the data's (but
// along the axis); negative indices wrap by the axis's size.
// DYN-LABEL: func @gather_elements_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x4xf32>
// DYN-DAG: %[[M:.*]] = tensor.dim %arg1, %c0 : tensor<?x2xi64>
// DYN: %[[OK:.*]] = arith.cmpi sle, %[[M]], %[[N]] : index
// DYN: modelc.check %[[OK]], "GatherElements: dimension 0 of the indices is at most the data's"
// DYN: %[[E:.*]] = tensor.empty(%[[M]]) : tensor<?x2xf32>
// DYN: linalg.generic {{.*}} ins(%arg1 : tensor<?x2xi64>) outs(%[[E]] : tensor<?x2xf32>)
// DYN: arith.addi %{{.*}}, %c4 : index
func.func @gather_elements_dynamic(%x: tensor<?x4xf32>, %i: tensor<?x2xi64>) -> tensor<?x2xf32> {
  %0 = modelc.gather_elements %x, %i {axis = 1 : i64} : (tensor<?x4xf32>, tensor<?x2xi64>) -> tensor<?x2xf32>
  return %0 : tensor<?x2xf32>
}

// The batch dimensions of the indices and the data agree.
// DYN-LABEL: func @gather_nd_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x3x4xf32>
// DYN-DAG: %[[M:.*]] = tensor.dim %arg1, %c0 : tensor<?x5x1xi64>
// DYN: %[[OK:.*]] = arith.cmpi eq, %[[M]], %[[N]] : index
// DYN: modelc.check %[[OK]], "GatherND: batch dimension 0 of the indices equals the data's"
// DYN: %[[E:.*]] = tensor.empty(%[[M]]) : tensor<?x5x4xf32>
// DYN: linalg.generic {{.*}} outs(%[[E]] : tensor<?x5x4xf32>)
func.func @gather_nd_dynamic(%x: tensor<?x3x4xf32>, %i: tensor<?x5x1xi64>) -> tensor<?x5x4xf32> {
  %0 = modelc.gather_nd %x, %i {batch_dims = 1 : i64} : (tensor<?x3x4xf32>, tensor<?x5x1xi64>) -> tensor<?x5x4xf32>
  return %0 : tensor<?x5x4xf32>
}

// The loop nest runs over the updates' run-time shape; negative indices
// wrap by the data's run-time size along the axis.
// DYN-LABEL: func @scatter_elements_dynamic
// DYN-DAG: %[[U:.*]] = tensor.dim %arg2, %c0 : tensor<?x4xf32>
// DYN-DAG: %[[I:.*]] = tensor.dim %arg1, %c0 : tensor<?x4xi64>
// DYN: modelc.check %{{.*}}, "ScatterElements: dimension 0 of the indices equals the updates'"
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x4xf32>
// DYN: scf.for %[[A:.*]] = %c0 to %[[U]] step %c1 iter_args(%{{.*}} = %arg0) -> (tensor<?x4xf32>)
// DYN: arith.addi %{{.*}}, %[[N]] : index
func.func @scatter_elements_dynamic(%x: tensor<?x4xf32>, %i: tensor<?x4xi64>, %u: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = modelc.scatter_elements %x, %i, %u {axis = 0 : i64} : (tensor<?x4xf32>, tensor<?x4xi64>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// DYN-LABEL: func @scatter_nd_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x4xf32>
// DYN-DAG: %[[Q:.*]] = tensor.dim %arg1, %c0 : tensor<?x1xi64>
// DYN-DAG: %[[U:.*]] = tensor.dim %arg2, %c0 : tensor<?x4xf32>
// DYN: %[[OK:.*]] = arith.cmpi eq, %[[U]], %[[Q]] : index
// DYN: modelc.check %[[OK]], "ScatterND: dimension 0 of the updates matches the indices and data"
// DYN: scf.for %{{.*}} = %c0 to %[[Q]] step %c1 iter_args(%{{.*}} = %arg0) -> (tensor<?x4xf32>)
// DYN: arith.addi %{{.*}}, %[[N]] : index
// DYN: tensor.insert_slice
func.func @scatter_nd_dynamic(%x: tensor<?x4xf32>, %i: tensor<?x1xi64>, %u: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = modelc.scatter_nd %x, %i, %u : (tensor<?x4xf32>, tensor<?x1xi64>, tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// A static k along a dynamic axis, which must hold k; the rows and the
// elements of a row are loops with run-time bounds.
// DYN-LABEL: func @top_k_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x?xf32>
// DYN-DAG: %[[A:.*]] = tensor.dim %arg0, %c1 : tensor<?x?xf32>
// DYN: %[[OK:.*]] = arith.cmpi sge, %[[A]], %c2 : index
// DYN: modelc.check %[[OK]], "TopK's k is at most the axis's size"
// DYN: tensor.empty(%[[N]]) : tensor<?x2x1xf32>
// DYN: tensor.empty(%[[N]]) : tensor<?x2x1xi64>
// DYN: scf.for %{{.*}} = %c0 to %[[N]] step %c1
// DYN: scf.for %{{.*}} = %c0 to %[[A]] step %c1
// DYN: tensor.collapse_shape %{{.*}} {{\[}}[0], [1, 2]] : tensor<?x2x1xf32> into tensor<?x2xf32>
func.func @top_k_dynamic(%x: tensor<?x?xf32>) -> (tensor<?x2xf32>, tensor<?x2xi64>) {
  %k = modelc.constant dense<2> : tensor<1xi64>
  %v, %i = modelc.top_k %x, %k {axis = 1 : i64} : (tensor<?x?xf32>, tensor<1xi64>) -> (tensor<?x2xf32>, tensor<?x2xi64>)
  return %v, %i : tensor<?x2xf32>, tensor<?x2xi64>
}

// The input as a 1-D tensor of the run-time element count.
// DYN-LABEL: func @cumsum_dynamic
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x3xf32>
// DYN: %[[COUNT:.*]] = arith.muli %[[N]], %c3 : index
// DYN: tensor.reshape %arg0(%{{.*}}) : (tensor<?x3xf32>, tensor<1xindex>) -> tensor<?xf32>
// DYN: tensor.empty(%[[COUNT]]) : tensor<?xf32>
// DYN: scf.for %{{.*}} = %c0 to %[[N]] step %c1
// DYN: tensor.reshape %{{.*}}(%{{.*}}) : (tensor<?xf32>, tensor<2xindex>) -> tensor<?x3xf32>
func.func @cumsum_dynamic(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %a = modelc.constant dense<0> : tensor<i64>
  %0 = modelc.cumsum %x, %a : (tensor<?x3xf32>, tensor<i64>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
