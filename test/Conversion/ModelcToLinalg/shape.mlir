// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s
// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s --check-prefix=DYN

// Constants and data movement (Shape.cpp): views (collapse/expand_shape,
// extract_slice), linalg.transpose, tensor.pad, and linalg.generic ops that
// compute their source index.

// CHECK-DAG: #[[$REV1:.*]] = affine_map<(d0, d1) -> (d0, -d1 + 2)>
// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$GATHER_IDX:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$ID3:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$ROW0:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[$MOD:.*]] = affine_map<(d0, d1) -> (d0 mod 2, d1 mod 3)>
// CHECK-DAG: #[[$ID4:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[$D2S_DCR:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, ((d2 mod 2) * 2 + d3 mod 2) * 2 + d1, d2 floordiv 2, d3 floordiv 2)>
// CHECK-DAG: #[[$D2S_CRD:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1 * 4 + (d2 mod 2) * 2 + d3 mod 2, d2 floordiv 2, d3 floordiv 2)>
// CHECK-DAG: #[[$S2D:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1 mod 2, d2 * 2 + (d1 floordiv 2) floordiv 2, d3 * 2 + (d1 floordiv 2) mod 2)>

// Unsigned constants keep their bits with a signless type.
// CHECK-LABEL: func @constants
// CHECK-SAME: -> (tensor<2xi8>, tensor<2xf32>)
// CHECK-DAG: %[[U:.*]] = arith.constant dense<[1, -1]> : tensor<2xi8>
// CHECK-DAG: %[[F:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: return %[[U]], %[[F]]
func.func @constants() -> (tensor<2xui8>, tensor<2xf32>) {
  %0 = modelc.constant dense<[1, 255]> : tensor<2xui8>
  %1 = modelc.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0, %1 : tensor<2xui8>, tensor<2xf32>
}

// Reshape-like ops are a collapse to 1-D and an expand: views only. A
// Reshape's shape that is data is checked first: no value below -1, at
// most one -1, as many elements as the input, and the static result.
// CHECK-LABEL: func @reshapes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[S:.*]]: tensor<2xi64>, %[[Y:.*]]: tensor<1x8x1xf32>, %[[Z:.*]]: tensor<f32>)
// CHECK: modelc.check %{{.*}}, "Reshape: the shape's value 0 is at least -1"
// CHECK: modelc.check %{{.*}}, "Reshape: the shape's value 1 is at least -1"
// CHECK: modelc.check %{{.*}}, "Reshape: at most one value of the shape is -1"
// CHECK: modelc.check %{{.*}}, "Reshape: the shape has as many elements as the input"
// CHECK: modelc.check %{{.*}}, "Reshape: dimension 0 of the result is 3"
// CHECK: modelc.check %{{.*}}, "Reshape: dimension 1 of the result is 2"
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK: %[[R:.*]] = tensor.expand_shape %[[F]] {{\[}}[0, 1]] output_shape [3, 2] : tensor<6xf32> into tensor<3x2xf32>
// CHECK: %[[FL:.*]] = tensor.collapse_shape %[[X]] {{\[}}[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
// CHECK-NOT: tensor.expand_shape %[[FL]]
// CHECK: %[[SQ:.*]] = tensor.collapse_shape %[[Y]] {{\[}}[0, 1, 2]] : tensor<1x8x1xf32> into tensor<8xf32>
// CHECK: %[[U1:.*]] = tensor.expand_shape %[[Z]] [] output_shape [1] : tensor<f32> into tensor<1xf32>
// CHECK: %[[U:.*]] = tensor.expand_shape %[[U1]] {{\[}}[0, 1]] output_shape [1, 1] : tensor<1xf32> into tensor<1x1xf32>
// CHECK: return %[[R]], %[[FL]], %[[SQ]], %[[U]]
func.func @reshapes(%x: tensor<2x3xf32>, %s: tensor<2xi64>, %y: tensor<1x8x1xf32>, %z: tensor<f32>) -> (tensor<3x2xf32>, tensor<6xf32>, tensor<8xf32>, tensor<1x1xf32>) {
  %0 = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  %1 = modelc.flatten %x {axis = 0 : i64} : (tensor<2x3xf32>) -> tensor<6xf32>
  %2 = modelc.squeeze %y {axes = array<i64: 0, 2>} : (tensor<1x8x1xf32>) -> tensor<8xf32>
  %3 = modelc.unsqueeze %z {axes = array<i64: 0, 1>} : (tensor<f32>) -> tensor<1x1xf32>
  return %0, %1, %2, %3 : tensor<3x2xf32>, tensor<6xf32>, tensor<8xf32>, tensor<1x1xf32>
}

// A generic with a permutation map, which elementwise fusion composes with
// its neighbours; a constant is permuted at compile time.
// CHECK-LABEL: func @transpose
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<4x2x3xf32>
// CHECK: %[[T:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<2x3x4xf32>) outs(%[[INIT]] : tensor<4x2x3xf32>)
// CHECK: %[[C:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: return %[[T]], %[[C]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> (tensor<4x2x3xf32>, tensor<2x2xf32>) {
  %0 = modelc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %c = modelc.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %1 = modelc.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0, %1 : tensor<4x2x3xf32>, tensor<2x2xf32>
}

// Concat inserts each input at its offset; empty inputs are skipped.
// CHECK-LABEL: func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<1x2xf32>, %[[B:.*]]: tensor<1x3xf32>, %[[C:.*]]: tensor<1x0xf32>)
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<1x5xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[INIT]][0, 0] [1, 2] [1, 1] : tensor<1x2xf32> into tensor<1x5xf32>
// CHECK-NOT: tensor.insert_slice %[[C]]
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][0, 2] [1, 3] [1, 1] : tensor<1x3xf32> into tensor<1x5xf32>
// CHECK: return %[[I1]]
func.func @concat(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>, %c: tensor<1x0xf32>) -> tensor<1x5xf32> {
  %0 = modelc.concat %a, %c, %b {axis = -1 : i64} : (tensor<1x2xf32>, tensor<1x0xf32>, tensor<1x3xf32>) -> tensor<1x5xf32>
  return %0 : tensor<1x5xf32>
}

// CHECK-LABEL: func @split
// CHECK-SAME: (%[[X:.*]]: tensor<1x5xf32>)
// CHECK: %[[A:.*]] = tensor.extract_slice %[[X]][0, 0] [1, 2] [1, 1] : tensor<1x5xf32> to tensor<1x2xf32>
// CHECK: %[[B:.*]] = tensor.extract_slice %[[X]][0, 2] [1, 3] [1, 1] : tensor<1x5xf32> to tensor<1x3xf32>
// CHECK: return %[[A]], %[[B]]
func.func @split(%x: tensor<1x5xf32>) -> (tensor<1x2xf32>, tensor<1x3xf32>) {
  %0:2 = modelc.split %x {axis = 1 : i64, sizes = array<i64: 2, 3>} : (tensor<1x5xf32>) -> (tensor<1x2xf32>, tensor<1x3xf32>)
  return %0#0, %0#1 : tensor<1x2xf32>, tensor<1x3xf32>
}

// A split that is data is checked against the sizes.
// CHECK-LABEL: func @split_runtime
// CHECK-SAME: (%[[X:.*]]: tensor<1x5xf32>, %[[S:.*]]: tensor<2xi64>)
// CHECK: %[[S0:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<2xi64>
// CHECK: %[[N0:.*]] = arith.index_cast %[[S0]] : i64 to index
// CHECK: %[[TWO:.*]] = arith.constant 2 : index
// CHECK: %[[OK0:.*]] = arith.cmpi eq, %[[N0]], %[[TWO]] : index
// CHECK: modelc.check %[[OK0]], "Split: the split's value 0 is 2"
// CHECK: modelc.check %{{.*}}, "Split: the split's value 1 is 3"
// CHECK: tensor.extract_slice %[[X]]
func.func @split_runtime(%x: tensor<1x5xf32>, %s: tensor<2xi64>) -> (tensor<1x2xf32>, tensor<1x3xf32>) {
  %0:2 = modelc.split %x, %s {axis = 1 : i64, sizes = array<i64: 2, 3>} : (tensor<1x5xf32>, tensor<2xi64>) -> (tensor<1x2xf32>, tensor<1x3xf32>)
  return %0#0, %0#1 : tensor<1x2xf32>, tensor<1x3xf32>
}

// Constant starts/ends/axes/steps: a strided extract_slice.
// CHECK-LABEL: func @slice_forward
// CHECK-SAME: (%[[X:.*]]: tensor<4x10xf32>)
// CHECK: %[[R:.*]] = tensor.extract_slice %[[X]][1, 2] [2, 4] [1, 2] : tensor<4x10xf32> to tensor<2x4xf32>
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
func.func @slice_forward(%x: tensor<4x10xf32>) -> tensor<2x4xf32> {
  %s = modelc.constant dense<[1, 2]> : tensor<2xi64>
  %e = modelc.constant dense<[3, 100]> : tensor<2xi64>
  %a = modelc.constant dense<[0, 1]> : tensor<2xi64>
  %t = modelc.constant dense<[1, 2]> : tensor<2xi64>
  %0 = modelc.slice %x, %s, %e, %a, %t : (tensor<4x10xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// A negative step takes the same elements forwards (2, 5, 8), then a
// generic reverses them (8, 5, 2).
// CHECK-LABEL: func @slice_backward
// CHECK-SAME: (%[[X:.*]]: tensor<4x10xf32>)
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][0, 2] [4, 3] [1, 3] : tensor<4x10xf32> to tensor<4x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$REV1]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[S]] : tensor<4x3xf32>)
// CHECK: return %[[R]]
func.func @slice_backward(%x: tensor<4x10xf32>) -> tensor<4x3xf32> {
  %s = modelc.constant dense<[8]> : tensor<1xi64>
  %e = modelc.constant dense<[1]> : tensor<1xi64>
  %a = modelc.constant dense<[-1]> : tensor<1xi64>
  %t = modelc.constant dense<[-3]> : tensor<1xi64>
  %0 = modelc.slice %x, %s, %e, %a, %t : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// Starts known only at run time: a generic that reads
// data[start + i * step], with start, end and step picked and clamped at
// run time; the element count they give is checked against the static
// result size, and a zero step is reported.
// CHECK-LABEL: func @slice_runtime_start
// CHECK-SAME: (%[[X:.*]]: tensor<10xf32>, %[[START:.*]]: tensor<1xi64>)
// CHECK: %[[SV:.*]] = tensor.extract %[[START]][%{{.*}}] : tensor<1xi64>
// CHECK: %[[SI:.*]] = arith.index_cast %[[SV]] : i64 to index
// CHECK: modelc.check %{{.*}}, "Slice's steps are not zero"
// CHECK: arith.maxsi
// CHECK: %[[CLAMPED:.*]] = arith.minsi
// CHECK: %[[COUNT:.*]] = arith.ceildivsi
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[COUNT]], %c3
// CHECK: modelc.check %[[OK]], "the run-time bounds of Slice give the result size of dimension 0"
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID1]]], iterator_types = ["parallel"]} outs(%{{.*}} : tensor<3xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[OFF:.*]] = arith.muli %[[I]], %{{.*}} : index
// CHECK: %[[POS:.*]] = arith.addi %[[CLAMPED]], %[[OFF]] : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[POS]]] : tensor<10xf32>
// CHECK: linalg.yield %[[V]]
// CHECK: return %[[R]]
func.func @slice_runtime_start(%x: tensor<10xf32>, %start: tensor<1xi64>) -> tensor<3xf32> {
  %e = modelc.constant dense<[100]> : tensor<1xi64>
  %a = modelc.constant dense<[0]> : tensor<1xi64>
  %t = modelc.constant dense<[1]> : tensor<1xi64>
  %0 = modelc.slice %x, %start, %e, %a, %t : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// Run-time bounds and a dynamic result (a Slice sized by a loop's
// iteration number): the result size is the element count computed at
// run time, and the input may have dynamic dimensions.
// CHECK-LABEL: func @slice_runtime_dynamic_result
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[I:.*]]: tensor<1xi64>)
// CHECK: %[[N:.*]] = tensor.dim %[[X]], %c0
// CHECK: %[[COUNT:.*]] = arith.ceildivsi
// CHECK-NOT: "the run-time bounds of Slice give the result size of dimension 0"
// CHECK: modelc.check %{{.*}}, "the run-time bounds of Slice give the result size of dimension 1"
// CHECK: %[[E:.*]] = tensor.empty(%[[COUNT]]) : tensor<?x4xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?x4xf32>)
func.func @slice_runtime_dynamic_result(%x: tensor<?x4xf32>, %i: tensor<1xi64>) -> tensor<?x4xf32> {
  %one = modelc.constant dense<[1]> : tensor<1xi64>
  %a = modelc.constant dense<[0]> : tensor<1xi64>
  %e = modelc.add %i, %one : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %0 = modelc.slice %x, %i, %e, %a, %one : (tensor<?x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// Gather: a loop first checks that every index is within the axis (status
// 1, MODELC_STATUS_INVALID_ARGUMENT): the gather would read outside X
// otherwise. The indices' map spans the output dims at `axis`; the body
// wraps negative indices and extracts.
// CHECK-LABEL: func @gather
// CHECK-SAME: (%[[X:.*]]: tensor<5x4xf32>, %[[I:.*]]: tensor<2x3xi64>)
// CHECK: %[[N:.*]] = arith.constant 4 : index
// CHECK: %[[NEGN:.*]] = arith.subi %{{.*}}, %[[N]] : index
// CHECK: %[[OK:.*]] = scf.for
// CHECK: scf.for
// CHECK: %[[E:.*]] = tensor.extract %[[I]]
// CHECK: %[[EI:.*]] = arith.index_cast %[[E]] : i64 to index
// CHECK: arith.cmpi sge, %[[EI]], %[[NEGN]] : index
// CHECK: arith.cmpi slt, %[[EI]], %[[N]] : index
// CHECK: modelc.check %[[OK]], "Gather: every index is within the axis (-size <= index < size)" {status = 1 : i32}
// CHECK: %[[SIZE:.*]] = arith.constant 4 : index
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$GATHER_IDX]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[I]] : tensor<2x3xi64>) outs(%{{.*}} : tensor<5x2x3xf32>)
// CHECK: ^bb0(%[[IDX:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[K:.*]] = arith.index_cast %[[IDX]] : i64 to index
// CHECK: %[[ZERO:.*]] = arith.constant 0 : index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[K]], %[[ZERO]] : index
// CHECK: %[[WRAP:.*]] = arith.addi %[[K]], %[[SIZE]] : index
// CHECK: %[[J:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[K]] : index
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[V:.*]] = tensor.extract %[[X]][%[[D0]], %[[J]]] : tensor<5x4xf32>
// CHECK: linalg.yield %[[V]]
// CHECK: return %[[R]]
func.func @gather(%x: tensor<5x4xf32>, %i: tensor<2x3xi64>) -> tensor<5x2x3xf32> {
  %0 = modelc.gather %x, %i {axis = 1 : i64} : (tensor<5x4xf32>, tensor<2x3xi64>) -> tensor<5x2x3xf32>
  return %0 : tensor<5x2x3xf32>
}

// Constant indices within the axis need no check.
// CHECK-LABEL: func @gather_constant_indices
// CHECK-NOT: modelc.check
// CHECK: linalg.generic
func.func @gather_constant_indices(%x: tensor<5x4xf32>) -> tensor<5x2xf32> {
  %i = modelc.constant dense<[-4, 3]> : tensor<2xi64>
  %0 = modelc.gather %x, %i {axis = 1 : i64} : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<5x2xf32>
  return %0 : tensor<5x2xf32>
}

// The shape is data: each of its values broadcast with the input's
// dimension must give the result's (3 from 1; 4 from 4, or 1).
// CHECK-LABEL: func @expand
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32>, %[[S:.*]]: tensor<2xi64>)
// CHECK: %[[S0:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<2xi64>
// CHECK: %[[W0:.*]] = arith.index_cast %[[S0]] : i64 to index
// CHECK: %[[THREE:.*]] = arith.constant 3 : index
// CHECK: arith.cmpi eq, %[[W0]], %[[THREE]] : index
// CHECK: modelc.check %{{.*}}, "Expand's shape broadcast with the input gives dimension 0 of the result (3)"
// CHECK: modelc.check %{{.*}}, "Expand's shape broadcast with the input gives dimension 1 of the result (4)"
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ROW0]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<1x4xf32>) outs(%{{.*}} : tensor<3x4xf32>)
// CHECK-NEXT: ^bb0(%[[V:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: linalg.yield %[[V]]
// CHECK: return %[[R]]
func.func @expand(%x: tensor<1x4xf32>, %s: tensor<2xi64>) -> tensor<3x4xf32> {
  %0 = modelc.expand %x, %s : (tensor<1x4xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// A static result from a shape that is data: the shape's values are
// checked against it, the result is a constant.
// CHECK-LABEL: func @constant_of_shape
// CHECK-SAME: (%[[S:.*]]: tensor<2xi64>)
// CHECK: %[[S0:.*]] = tensor.extract %[[S]][%{{.*}}] : tensor<2xi64>
// CHECK: %[[N0:.*]] = arith.index_cast %[[S0]] : i64 to index
// CHECK: %[[TWO:.*]] = arith.constant 2 : index
// CHECK: %[[OK0:.*]] = arith.cmpi eq, %[[N0]], %[[TWO]] : index
// CHECK: modelc.check %[[OK0]], "ConstantOfShape: dimension 0 of the result is 2"
// CHECK: modelc.check %{{.*}}, "ConstantOfShape: dimension 1 of the result is 3"
// CHECK: %[[C:.*]] = arith.constant dense<7> : tensor<2x3xi8>
// CHECK: return %[[C]]
func.func @constant_of_shape(%s: tensor<2xi64>) -> tensor<2x3xui8> {
  %0 = modelc.constant_of_shape %s {value = dense<7> : tensor<1xui8>} : (tensor<2xi64>) -> tensor<2x3xui8>
  return %0 : tensor<2x3xui8>
}

// Constant padding is a tensor.pad with the scalar operand's value.
// CHECK-LABEL: func @pad_constant
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf32>, %[[V:.*]]: tensor<f32>)
// CHECK: %[[PV:.*]] = tensor.extract %[[V]][] : tensor<f32>
// CHECK: %[[R:.*]] = tensor.pad %[[X]] low[1, 2] high[1, 1]
// CHECK: tensor.yield %[[PV]] : f32
// CHECK: } : tensor<2x2xf32> to tensor<4x5xf32>
// CHECK: return %[[R]]
func.func @pad_constant(%x: tensor<2x2xf32>, %v: tensor<f32>) -> tensor<4x5xf32> {
  %p = modelc.constant dense<[1, 2, 1, 1]> : tensor<4xi64>
  %0 = modelc.pad %x, %p, %v : (tensor<2x2xf32>, tensor<4xi64>, tensor<f32>) -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// Without a value, integers pad with 0.
// CHECK-LABEL: func @pad_default_value
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: tensor.pad
// CHECK: tensor.yield %[[Z]] : i32
func.func @pad_default_value(%x: tensor<2x2xi32>) -> tensor<3x3xi32> {
  %p = modelc.constant dense<[0, 0, 1, 1]> : tensor<4xi64>
  %0 = modelc.pad %x, %p : (tensor<2x2xi32>, tensor<4xi64>) -> tensor<3x3xi32>
  return %0 : tensor<3x3xi32>
}

// Reflect: the output index minus the begin pad is mirrored about 0 and
// n - 1, then clamped.
// CHECK-LABEL: func @pad_reflect
// CHECK-SAME: (%[[X:.*]]: tensor<3xf32>)
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID1]]], iterator_types = ["parallel"]} outs(%{{.*}} : tensor<6xf32>)
// CHECK-DAG: %[[P:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[S:.*]] = arith.subi %[[I]], %[[P]] : index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[S]]
// CHECK: %[[MIRROR:.*]] = arith.subi %{{.*}}, %[[S]]
// CHECK: %[[A:.*]] = arith.select %[[NEG]], %[[MIRROR]], %[[S]]
// CHECK: %[[OVER:.*]] = arith.cmpi sgt, %[[A]]
// CHECK: %[[TWICE:.*]] = arith.constant 4 : index
// CHECK: %[[B:.*]] = arith.subi %[[TWICE]], %[[A]]
// CHECK: arith.select %[[OVER]], %[[B]], %[[A]]
// CHECK: arith.maxsi
// CHECK: %[[C:.*]] = arith.minsi
// CHECK: tensor.extract %[[X]][%[[C]]] : tensor<3xf32>
// CHECK: return %[[R]]
func.func @pad_reflect(%x: tensor<3xf32>) -> tensor<6xf32> {
  %p = modelc.constant dense<[2, 1]> : tensor<2xi64>
  %0 = modelc.pad %x, %p {mode = "reflect"} : (tensor<3xf32>, tensor<2xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// Edge: the index is only clamped.
// CHECK-LABEL: func @pad_edge
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: arith.subi
// CHECK-NOT: arith.cmpi
// CHECK: arith.maxsi
// CHECK: arith.minsi
// CHECK: tensor.extract
func.func @pad_edge(%x: tensor<3xf32>) -> tensor<6xf32> {
  %p = modelc.constant dense<[2, 1]> : tensor<2xi64>
  %0 = modelc.pad %x, %p {mode = "edge"} : (tensor<3xf32>, tensor<2xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// Wrap (opset 19): the index minus the begin pad, modulo the axis's size
// (3), moved into [0, 3).
// CHECK-LABEL: func @pad_wrap
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = linalg.index 0
// CHECK: %[[D:.*]] = arith.subi %[[I]], %c2
// CHECK: %[[R:.*]] = arith.remsi %[[D]], %c3
// CHECK: %[[UP:.*]] = arith.addi %[[R]], %c3
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[R]], %c0
// CHECK: arith.select %[[NEG]], %[[UP]], %[[R]]
// CHECK: tensor.extract
func.func @pad_wrap(%x: tensor<3xf32>) -> tensor<7xf32> {
  %p = modelc.constant dense<[2, 2]> : tensor<2xi64>
  %0 = modelc.pad %x, %p {mode = "wrap"} : (tensor<3xf32>, tensor<2xi64>) -> tensor<7xf32>
  return %0 : tensor<7xf32>
}

// Tile reads the input at the output index modulo the input's dims. The
// repeats, data, are checked against the static result.
// CHECK-LABEL: func @tile
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>
// CHECK: modelc.check %{{.*}}, "Tile's repeats are not negative at 0"
// CHECK: modelc.check %{{.*}}, "Tile's repeats are not negative at 1"
// CHECK: modelc.check %{{.*}}, "Tile: dimension 0 of the result is 4"
// CHECK: modelc.check %{{.*}}, "Tile: dimension 1 of the result is 6"
// CHECK: linalg.generic {indexing_maps = [#[[$MOD]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]} ins(%[[X]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<4x6xf32>)
func.func @tile(%x: tensor<2x3xf32>, %r: tensor<2xi64>) -> tensor<4x6xf32> {
  %0 = modelc.tile %x, %r : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  return %0 : tensor<4x6xf32>
}

// CHECK-LABEL: func @range_float
// CHECK-SAME: (%[[S:.*]]: tensor<f32>, %[[L:.*]]: tensor<f32>, %[[D:.*]]: tensor<f32>)
// CHECK-DAG: %[[START:.*]] = tensor.extract %[[S]][] : tensor<f32>
// CHECK-DAG: %[[DELTA:.*]] = tensor.extract %[[D]][] : tensor<f32>
// The length, ceil((limit - start) / delta) clamped at 0, is checked
// against the static result size.
// CHECK-DAG: %[[LIMIT:.*]] = tensor.extract %[[L]][] : tensor<f32>
// CHECK: %[[DIFF:.*]] = arith.subf %[[LIMIT]], %[[START]] : f32
// CHECK: %[[Q:.*]] = arith.divf %[[DIFF]], %[[DELTA]] : f32
// CHECK: %[[C:.*]] = math.ceil %[[Q]] : f32
// CHECK: %[[N:.*]] = arith.fptosi %[[C]] : f32 to i64
// CHECK: %[[N0:.*]] = arith.maxsi %[[N]], %{{.*}} : i64
// CHECK: %[[LEN:.*]] = arith.index_cast %[[N0]] : i64 to index
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[LEN]], %{{.*}} : index
// CHECK: modelc.check %[[OK]], "the Range length equals the result size"
// CHECK: linalg.generic {indexing_maps = [#[[$ID1]]], iterator_types = ["parallel"]} outs(%{{.*}} : tensor<4xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[F:.*]] = arith.sitofp %[[I64]] : i64 to f32
// CHECK: %[[M:.*]] = arith.mulf %[[F]], %[[DELTA]] : f32
// CHECK: arith.addf %[[START]], %[[M]] : f32
func.func @range_float(%s: tensor<f32>, %l: tensor<f32>, %d: tensor<f32>) -> tensor<4xf32> {
  %0 = modelc.range %s, %l, %d : (tensor<f32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func @range_i32
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[I64:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK: %[[T:.*]] = arith.trunci %[[I64]] : i64 to i32
// CHECK: %[[M:.*]] = arith.muli %[[T]], %{{.*}} : i32
// CHECK: arith.addi %{{.*}}, %[[M]] : i32
func.func @range_i32(%s: tensor<i32>, %l: tensor<i32>, %d: tensor<i32>) -> tensor<5xi32> {
  %0 = modelc.range %s, %l, %d : (tensor<i32>, tensor<i32>, tensor<i32>) -> tensor<5xi32>
  return %0 : tensor<5xi32>
}

// A length known only at run time sizes a dynamic result; integers divide
// exactly in f64.
// CHECK-LABEL: func @range_dynamic
// CHECK: %[[DIFF:.*]] = arith.subi %{{.*}}, %{{.*}} : i64
// CHECK: %[[FD:.*]] = arith.sitofp %[[DIFF]] : i64 to f64
// CHECK: arith.divf %[[FD]], %{{.*}} : f64
// CHECK: %[[LEN:.*]] = arith.index_cast %{{.*}} : i64 to index
// CHECK-NOT: modelc.check
// CHECK: %[[E:.*]] = tensor.empty(%[[LEN]]) : tensor<?xi64>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?xi64>)
func.func @range_dynamic(%s: tensor<i64>, %l: tensor<i64>, %d: tensor<i64>) -> tensor<?xi64> {
  %0 = modelc.range %s, %l, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// Function signatures and calls are converted too.
// CHECK-LABEL: func @call_unsigned
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8>) -> tensor<4xi8>
// CHECK: %[[R:.*]] = call @constants() : () -> (tensor<2xi8>, tensor<2xf32>)
// CHECK: return %[[X]] : tensor<4xi8>
func.func @call_unsigned(%x: tensor<4xui8>) -> tensor<4xui8> {
  %0:2 = func.call @constants() : () -> (tensor<2xui8>, tensor<2xf32>)
  return %x : tensor<4xui8>
}

// Trilu keeps the elements with column - row <= k (lower) or >= k (upper)
// in the last two axes; k is a run-time scalar, 0 without one.
// CHECK-LABEL: func @tril
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xi64>, %[[K:.*]]: tensor<i32>)
// CHECK: %[[K32:.*]] = tensor.extract %[[K]][] : tensor<i32>
// CHECK: %[[K64:.*]] = arith.extsi %[[K32]] : i32 to i64
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i64
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID3]], #[[$ID3]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<2x3x4xi64>)
// CHECK: ^bb0(%[[V:.*]]: i64, %{{.*}}: i64):
// CHECK: %[[ROW:.*]] = linalg.index 1 : index
// CHECK: %[[I:.*]] = arith.index_cast %[[ROW]] : index to i64
// CHECK: %[[COL:.*]] = linalg.index 2 : index
// CHECK: %[[J:.*]] = arith.index_cast %[[COL]] : index to i64
// CHECK: %[[D:.*]] = arith.subi %[[J]], %[[I]] : i64
// CHECK: %[[KEEP:.*]] = arith.cmpi sle, %[[D]], %[[K64]] : i64
// CHECK: %[[Y:.*]] = arith.select %[[KEEP]], %[[V]], %[[ZERO]] : i64
// CHECK: linalg.yield %[[Y]]
// CHECK: return %[[R]]
func.func @tril(%x: tensor<2x3x4xi64>, %k: tensor<i32>) -> tensor<2x3x4xi64> {
  %0 = modelc.trilu %x, %k {upper = false} : (tensor<2x3x4xi64>, tensor<i32>) -> tensor<2x3x4xi64>
  return %0 : tensor<2x3x4xi64>
}

// CHECK-LABEL: func @triu_default_k
// CHECK: %[[K:.*]] = arith.constant 0 : i64
// CHECK: linalg.generic
// CHECK: %[[D:.*]] = arith.subi
// CHECK: arith.cmpi sge, %[[D]], %[[K]] : i64
func.func @triu_default_k(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %0 = modelc.trilu %x : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// EyeLike: one where column - row == k, in the result's element type.
// CHECK-LABEL: func @eye_like
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]]], iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<3x4xf64>)
// CHECK-DAG: %[[K:.*]] = arith.constant -1 : i64
// CHECK-DAG: %[[D:.*]] = arith.subi
// CHECK: %[[ON:.*]] = arith.cmpi eq, %[[D]], %[[K]] : i64
// CHECK: %[[Y:.*]] = arith.select %[[ON]], %[[ONE]], %[[ZERO]] : f64
// CHECK: linalg.yield %[[Y]]
// CHECK: return %[[R]]
func.func @eye_like(%x: tensor<3x4xi32>) -> tensor<3x4xf64> {
  %0 = modelc.eye_like %x {k = -1 : i64} : (tensor<3x4xi32>) -> tensor<3x4xf64>
  return %0 : tensor<3x4xf64>
}

// CHECK-LABEL: func @size
// CHECK: %[[N:.*]] = arith.constant dense<12> : tensor<i64>
// CHECK: return %[[N]]
func.func @size(%x: tensor<3x4xi32>) -> tensor<i64> {
  %0 = modelc.size %x : (tensor<3x4xi32>) -> tensor<i64>
  return %0 : tensor<i64>
}

// DepthToSpace and SpaceToDepth are copies whose input map computes the
// source position with floordiv and mod.
// CHECK-LABEL: func @depth_to_space
// CHECK-SAME: (%[[X:.*]]: tensor<1x8x2x3xf32>)
// CHECK: %[[DCR:.*]] = linalg.generic {indexing_maps = [#[[$D2S_DCR]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<1x8x2x3xf32>) outs(%{{.*}} : tensor<1x2x4x6xf32>)
// CHECK: %[[CRD:.*]] = linalg.generic {indexing_maps = [#[[$D2S_CRD]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<1x8x2x3xf32>) outs(%{{.*}} : tensor<1x2x4x6xf32>)
// CHECK: return %[[DCR]], %[[CRD]]
func.func @depth_to_space(%x: tensor<1x8x2x3xf32>) -> (tensor<1x2x4x6xf32>, tensor<1x2x4x6xf32>) {
  %0 = modelc.depth_to_space %x {blocksize = 2 : i64} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  %1 = modelc.depth_to_space %x {blocksize = 2 : i64, mode = "CRD"} : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
  return %0, %1 : tensor<1x2x4x6xf32>, tensor<1x2x4x6xf32>
}

// CHECK-LABEL: func @space_to_depth
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x4x6xf32>)
// CHECK: linalg.generic {indexing_maps = [#[[$S2D]], #[[$ID4]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[X]] : tensor<1x2x4x6xf32>) outs(%{{.*}} : tensor<1x8x2x3xf32>)
func.func @space_to_depth(%x: tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32> {
  %0 = modelc.space_to_depth %x {blocksize = 2 : i64} : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
  return %0 : tensor<1x8x2x3xf32>
}

// Pads known only at run time: the output index minus the begin pad,
// clamped into the input, and the pad value outside it.
// The sizes they give are checked against the static result.
// CHECK-LABEL: func @pad_runtime_constant
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[P:.*]]: tensor<4xi64>, %[[V:.*]]: tensor<f32>)
// CHECK: %[[B0:.*]] = tensor.extract %[[P]][%{{.*}}] : tensor<4xi64>
// CHECK: %[[L0:.*]] = arith.index_cast %[[B0]] : i64 to index
// CHECK: %[[B1:.*]] = tensor.extract %[[P]][%{{.*}}] : tensor<4xi64>
// CHECK: %[[L1:.*]] = arith.index_cast %[[B1]] : i64 to index
// CHECK: modelc.check %{{.*}}, "Pad: dimension 0 of the result is 5"
// CHECK: modelc.check %{{.*}}, "Pad: dimension 1 of the result is 4"
// CHECK: %[[PV:.*]] = tensor.extract %[[V]][] : tensor<f32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]]], iterator_types = ["parallel", "parallel"]} outs(%{{.*}} : tensor<5x4xf32>)
// CHECK: %[[D0:.*]] = linalg.index 0 : index
// CHECK: %[[I0:.*]] = arith.subi %[[D0]], %[[L0]] : index
// CHECK: %[[IN0:.*]] = arith.andi
// CHECK: %[[C0:.*]] = arith.minsi
// CHECK: %[[D1:.*]] = linalg.index 1 : index
// CHECK: %[[I1:.*]] = arith.subi %[[D1]], %[[L1]] : index
// CHECK: %[[IN1:.*]] = arith.andi
// CHECK: %[[IN:.*]] = arith.andi %[[IN0]], %[[IN1]] : i1
// CHECK: %[[C1:.*]] = arith.minsi
// CHECK: %[[E:.*]] = tensor.extract %[[X]][%[[C0]], %[[C1]]] : tensor<2x3xf32>
// CHECK: %[[Y:.*]] = arith.select %[[IN]], %[[E]], %[[PV]] : f32
// CHECK: linalg.yield %[[Y]]
// CHECK: return %[[R]]
func.func @pad_runtime_constant(%x: tensor<2x3xf32>, %p: tensor<4xi64>, %v: tensor<f32>) -> tensor<5x4xf32> {
  %0 = modelc.pad %x, %p, %v : (tensor<2x3xf32>, tensor<4xi64>, tensor<f32>) -> tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

// Reflect folds the index into [0, 2(n - 1)) and mirrors the upper half,
// so pads of any size work.
// CHECK-LABEL: func @pad_runtime_reflect
// CHECK: %[[L:.*]] = arith.index_cast
// CHECK: linalg.generic
// CHECK: %[[I:.*]] = arith.subi %{{.*}}, %[[L]] : index
// CHECK: %[[PERIOD:.*]] = arith.constant 4 : index
// CHECK: %[[M:.*]] = arith.remsi %[[I]], %[[PERIOD]] : index
// CHECK: %[[UP:.*]] = arith.addi %[[M]], %[[PERIOD]] : index
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[M]]
// CHECK: %[[F:.*]] = arith.select %[[NEG]], %[[UP]], %[[M]] : index
// CHECK: %[[MIRROR:.*]] = arith.subi %[[PERIOD]], %[[F]] : index
// CHECK: %[[OVER:.*]] = arith.cmpi sgt, %[[F]]
// CHECK: arith.select %[[OVER]], %[[MIRROR]], %[[F]] : index
// CHECK: tensor.extract
func.func @pad_runtime_reflect(%x: tensor<3xf32>, %p: tensor<2xi64>) -> tensor<9xf32> {
  %0 = modelc.pad %x, %p {mode = "reflect"} : (tensor<3xf32>, tensor<2xi64>) -> tensor<9xf32>
  return %0 : tensor<9xf32>
}

// Negative pads crop: the generic form too.
// CHECK-LABEL: func @pad_negative
// CHECK-NOT: tensor.pad
// CHECK: linalg.generic
// CHECK: arith.subi
// CHECK: tensor.extract
// CHECK: arith.select
func.func @pad_negative(%x: tensor<4xf32>) -> tensor<3xf32> {
  %p = modelc.constant dense<[-1, 0]> : tensor<2xi64>
  %0 = modelc.pad %x, %p : (tensor<4xf32>, tensor<2xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

//===----------------------------------------------------------------------===//
// Dynamic dimensions (checked after canonicalization, prefix DYN)
//===----------------------------------------------------------------------===//

// A dynamic axis must hold the sizes' sum; the other dimensions are the
// input's.
// DYN-LABEL: func @split_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[A:.*]] = tensor.dim %arg0, %c1
// DYN: %[[OK:.*]] = arith.cmpi eq, %[[A]], %c5 : index
// DYN: modelc.check %[[OK]], "Split's sizes add up to dimension 1 of the input"
// DYN: tensor.extract_slice %arg0[0, 0] [%[[N]], 2] [1, 1] : tensor<?x?xf32> to tensor<?x2xf32>
// DYN: tensor.extract_slice %arg0[0, 2] [%[[N]], 3] [1, 1] : tensor<?x?xf32> to tensor<?x3xf32>
func.func @split_dynamic(%x: tensor<?x?xf32>) -> (tensor<?x2xf32>, tensor<?x3xf32>) {
  %0:2 = modelc.split %x {axis = 1 : i64, sizes = array<i64: 2, 3>} : (tensor<?x?xf32>) -> (tensor<?x2xf32>, tensor<?x3xf32>)
  return %0#0, %0#1 : tensor<?x2xf32>, tensor<?x3xf32>
}

// A dimension the input has dynamic keeps its size (the shape's value must
// be 1 or equal); one the input has as 1 takes the shape's value.
// DYN-LABEL: func @expand_dynamic
// DYN: %[[S0:.*]] = tensor.extract %arg1[%c0] : tensor<2xi64>
// DYN: %[[W0:.*]] = arith.index_cast %[[S0]] : i64 to index
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN: modelc.check %{{.*}}, "Expand's shape is 1 or dimension 0 of the input at 0"
// DYN: %[[S1:.*]] = tensor.extract %arg1[%c1] : tensor<2xi64>
// DYN: %[[W1:.*]] = arith.index_cast %[[S1]] : i64 to index
// DYN: modelc.check %{{.*}}, "Expand's shape is not negative at 1"
// DYN: %[[E:.*]] = tensor.empty(%[[N]], %[[W1]]) : tensor<?x?xf32>
// DYN: linalg.generic {{.*}} ins(%arg0 : tensor<?x1xf32>) outs(%[[E]] : tensor<?x?xf32>)
func.func @expand_dynamic(%x: tensor<?x1xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = modelc.expand %x, %s : (tensor<?x1xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// A shape shorter than the result is aligned with its last dimensions:
// the shape's value 0 is the result's dimension 1, and the result's
// dimension 0 is the input's.
// DYN-LABEL: func @expand_short_shape
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x1xf32>
// DYN: %[[S0:.*]] = tensor.extract %arg1[%c0] : tensor<1xi64>
// DYN: %[[W0:.*]] = arith.index_cast %[[S0]] : i64 to index
// DYN: modelc.check %{{.*}}, "Expand's shape is not negative at 1"
// DYN: %[[E:.*]] = tensor.empty(%[[N]], %[[W0]]) : tensor<?x?xf32>
func.func @expand_short_shape(%x: tensor<?x1xf32>, %s: tensor<1xi64>) -> tensor<?x?xf32> {
  %0 = modelc.expand %x, %s : (tensor<?x1xf32>, tensor<1xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// The same with static dimensions (ONNX's test_expand_shape_model2): only
// the shape's two values are checked, against the result's last two
// dimensions.
// DYN-LABEL: func @expand_short_shape_static
// DYN: %[[S0:.*]] = tensor.extract %arg1[%c0] : tensor<2xi64>
// DYN: modelc.check %{{.*}}, "Expand's shape broadcast with the input gives dimension 1 of the result (3)"
// DYN: %[[S1:.*]] = tensor.extract %arg1[%c1] : tensor<2xi64>
// DYN: modelc.check %{{.*}}, "Expand's shape broadcast with the input gives dimension 2 of the result (3)"
// DYN-NOT: modelc.check
// DYN: linalg.generic
func.func @expand_short_shape_static(%x: tensor<1x3x1xf32>, %s: tensor<2xi64>) -> tensor<1x3x3xf32> {
  %0 = modelc.expand %x, %s : (tensor<1x3x1xf32>, tensor<2xi64>) -> tensor<1x3x3xf32>
  return %0 : tensor<1x3x3xf32>
}

// DYN-LABEL: func @constant_of_shape_dynamic
// DYN: %[[S:.*]] = tensor.extract %arg0[%c0] : tensor<2xi64>
// DYN: %[[N:.*]] = arith.index_cast %[[S]] : i64 to index
// DYN: modelc.check %{{.*}}, "ConstantOfShape's shape is not negative at 0"
// DYN: %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x3xf32>
// DYN: linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x3xf32>)
func.func @constant_of_shape_dynamic(%s: tensor<2xi64>) -> tensor<?x3xf32> {
  %0 = modelc.constant_of_shape %s {value = dense<1.0> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// Constant padding of a dynamic dimension: a filled tensor of the padded
// size with the input inserted.
// DYN-LABEL: func @pad_dynamic
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x3xf32>
// DYN: %[[NP:.*]] = arith.addi %[[N]], %c3 : index
// DYN-NOT: modelc.check
// DYN: %[[E:.*]] = tensor.empty(%[[NP]]) : tensor<?x5xf32>
// DYN: %[[Z:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[E]] : tensor<?x5xf32>)
// DYN: tensor.insert_slice %arg0 into %[[Z]][1, 1] [%[[N]], 3] [1, 1]
func.func @pad_dynamic(%x: tensor<?x3xf32>) -> tensor<?x5xf32> {
  %p = modelc.constant dense<[1, 1, 2, 1]> : tensor<4xi64>
  %0 = modelc.pad %x, %p : (tensor<?x3xf32>, tensor<4xi64>) -> tensor<?x5xf32>
  return %0 : tensor<?x5xf32>
}

// Reflect along a dynamic axis: the generic form, with the period from the
// run-time size; the input must not be empty.
// DYN-LABEL: func @pad_dynamic_reflect
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?xf32>
// DYN: %[[NE:.*]] = arith.cmpi sge, %[[N]], %c1 : index
// DYN: modelc.check %[[NE]], "Pad: dimension 0 of the input is not empty (mode reflect)"
// DYN: linalg.generic
// DYN: %[[LAST:.*]] = arith.subi %[[N]], %c1 : index
// DYN: %[[TWICE:.*]] = arith.muli %[[LAST]], %c2 : index
// DYN: %[[PERIOD:.*]] = arith.maxsi %[[TWICE]], %c1 : index
// DYN: arith.remsi %{{.*}}, %[[PERIOD]] : index
func.func @pad_dynamic_reflect(%x: tensor<?xf32>) -> tensor<?xf32> {
  %p = modelc.constant dense<[2, 1]> : tensor<2xi64>
  %0 = modelc.pad %x, %p {mode = "reflect"} : (tensor<?xf32>, tensor<2xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// Each result dimension is the input's times its repeat; the input is read
// at the index modulo its run-time size.
// DYN-LABEL: func @tile_dynamic
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x2xf32>
// DYN: %[[R0:.*]] = arith.index_cast %{{.*}} : i64 to index
// DYN: modelc.check %{{.*}}, "Tile's repeats are not negative at 0"
// DYN: %[[D0:.*]] = arith.muli %[[N]], %[[R0]] : index
// DYN: %[[E:.*]] = tensor.empty(%[[D0]], %{{.*}}) : tensor<?x?xf32>
// DYN: linalg.generic {{.*}} outs(%[[E]] : tensor<?x?xf32>)
// DYN: %[[I:.*]] = linalg.index 0 : index
// DYN: arith.remui %[[I]], %[[N]] : index
func.func @tile_dynamic(%x: tensor<?x2xf32>, %r: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = modelc.tile %x, %r : (tensor<?x2xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// DYN-LABEL: func @depth_to_space_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// DYN: %[[H2:.*]] = arith.muli %[[H]], %c2 : index
// DYN: %[[E:.*]] = tensor.empty(%[[N]], %[[H2]]) : tensor<?x2x?x6xf32>
// DYN: linalg.generic {{.*}} ins(%arg0 : tensor<?x8x?x3xf32>) outs(%[[E]] : tensor<?x2x?x6xf32>)
func.func @depth_to_space_dynamic(%x: tensor<?x8x?x3xf32>) -> tensor<?x2x?x6xf32> {
  %0 = modelc.depth_to_space %x {blocksize = 2 : i64} : (tensor<?x8x?x3xf32>) -> tensor<?x2x?x6xf32>
  return %0 : tensor<?x2x?x6xf32>
}

// A dynamic height must be a multiple of the block size.
// DYN-LABEL: func @space_to_depth_dynamic
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[H:.*]] = tensor.dim %arg0, %c2
// DYN: %[[REM:.*]] = arith.remui %[[H]], %c2 : index
// DYN: %[[OK:.*]] = arith.cmpi eq, %[[REM]], %c0 : index
// DYN: modelc.check %[[OK]], "SpaceToDepth: dimension 2 of the input is a multiple of the block size 2"
// DYN: %[[HB:.*]] = arith.floordivsi %[[H]], %c2 : index
// DYN: tensor.empty(%[[N]], %[[HB]]) : tensor<?x8x?x3xf32>
func.func @space_to_depth_dynamic(%x: tensor<?x2x?x6xf32>) -> tensor<?x8x?x3xf32> {
  %0 = modelc.space_to_depth %x {blocksize = 2 : i64} : (tensor<?x2x?x6xf32>) -> tensor<?x8x?x3xf32>
  return %0 : tensor<?x8x?x3xf32>
}

// DYN-LABEL: func @size_dynamic
// DYN: %[[N:.*]] = tensor.dim %arg0, %c0 : tensor<?x3xf32>
// DYN: %[[COUNT:.*]] = arith.muli %[[N]], %c3 : index
// DYN: %[[C64:.*]] = arith.index_cast %[[COUNT]] : index to i64
// DYN: tensor.from_elements %[[C64]] : tensor<i64>
func.func @size_dynamic(%x: tensor<?x3xf32>) -> tensor<i64> {
  %0 = modelc.size %x : (tensor<?x3xf32>) -> tensor<i64>
  return %0 : tensor<i64>
}

// DYN-LABEL: func @trilu_dynamic
// DYN-DAG: %[[M:.*]] = tensor.dim %arg0, %c0
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c1
// DYN: %[[E:.*]] = tensor.empty(%[[M]], %[[N]]) : tensor<?x?xf32>
// DYN: linalg.generic {{.*}} ins(%arg0 : tensor<?x?xf32>) outs(%[[E]] : tensor<?x?xf32>)
func.func @trilu_dynamic(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = modelc.trilu %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// DYN-LABEL: func @eye_like_dynamic
// DYN: %[[M:.*]] = tensor.dim %arg0, %c0 : tensor<?x4xf32>
// DYN: %[[E:.*]] = tensor.empty(%[[M]]) : tensor<?x4xf32>
// DYN: linalg.generic {{.*}} outs(%[[E]] : tensor<?x4xf32>)
func.func @eye_like_dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %0 = modelc.eye_like %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// Squeeze axes that are data: each axis, wrapped if negative, must be in
// the rank and not repeated, and the set of them (a bit mask, as for
// reductions with run-time axes) one of those that give the result: axis 0
// or axis 1 (masks 1 and 2) of 1x1x4. An axis out of range sets bit 3.
// CHECK-LABEL: func @squeeze_runtime_axes
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x4xf32>, %[[A:.*]]: tensor<1xi64>)
// CHECK: %[[RANK:.*]] = arith.constant 3 : i64
// CHECK: %[[AX:.*]] = tensor.extract %[[A]][%{{.*}}] : tensor<1xi64>
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[AX]], %{{.*}} : i64
// CHECK: %[[UP:.*]] = arith.addi %[[AX]], %[[RANK]] : i64
// CHECK: %[[W:.*]] = arith.select %[[NEG]], %[[UP]], %[[AX]] : i64
// CHECK: %[[IN:.*]] = arith.cmpi ult, %[[W]], %[[RANK]] : i64
// CHECK: %[[BITPOS:.*]] = arith.select %[[IN]], %[[W]], %[[RANK]] : i64
// CHECK: %[[BIT:.*]] = arith.shli %{{.*}}, %[[BITPOS]] : i64
// CHECK: %[[MASK:.*]] = arith.addi %{{.*}}, %[[BIT]] : i64
// CHECK: %[[ONE:.*]] = arith.constant 1 : i64
// CHECK: arith.cmpi eq, %[[MASK]], %[[ONE]] : i64
// CHECK: %[[TWO:.*]] = arith.constant 2 : i64
// CHECK: arith.cmpi eq, %[[MASK]], %[[TWO]] : i64
// CHECK: modelc.check %{{.*}}, "Squeeze: the axes, within the rank and without repeats, are size-1 axes that give the result"
// CHECK: tensor.collapse_shape %[[X]]
func.func @squeeze_runtime_axes(%x: tensor<1x1x4xf32>, %a: tensor<1xi64>) -> tensor<1x4xf32> {
  %0 = modelc.squeeze %x, %a {axes = array<i64: 0>} : (tensor<1x1x4xf32>, tensor<1xi64>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}
