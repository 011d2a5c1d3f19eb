// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s

// Elementwise ops (Elementwise.cpp): one linalg.generic each, with all
// iterators parallel and broadcasting in the indexing maps.

// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$LAST:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[$ID1:.*]] = affine_map<(d0) -> (d0)>
// CHECK-DAG: #[[$ZERO1:.*]] = affine_map<(d0) -> (0)>
// CHECK-DAG: #[[$SCALAR1:.*]] = affine_map<(d0) -> ()>

// CHECK-LABEL: func @add_broadcast
// CHECK-SAME: (%[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<3xf32>) -> tensor<2x3xf32>
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {indexing_maps = [#[[$ID2]], #[[$LAST]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<2x3xf32>, tensor<3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK: ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK: linalg.yield %[[S]] : f32
// CHECK: return %[[R]]
func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = modelc.add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// Size-1 dimensions broadcast through a constant 0 in the map.
// CHECK-LABEL: func @sub_outer_broadcast
// CHECK: linalg.generic {indexing_maps = [#[[$COL]], #[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK: arith.subf
func.func @sub_outer_broadcast(%a: tensor<2x1xf32>, %b: tensor<1x3xf32>) -> tensor<2x3xf32> {
  %0 = modelc.sub %a, %b : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func @arith_signed
// CHECK: arith.addi
// CHECK: arith.subi
// CHECK: arith.muli
// CHECK: arith.divsi
// CHECK: arith.maxsi
// CHECK: arith.minsi
func.func @arith_signed(%a: tensor<4xi32>, %b: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = modelc.add %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = modelc.sub %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = modelc.mul %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %3 = modelc.div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %4 = modelc.max %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %5 = modelc.min %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// Unsigned element types become signless; the ops pick unsigned arithmetic.
// CHECK-LABEL: func @arith_unsigned
// CHECK-SAME: (%[[A:.*]]: tensor<4xi8>, %[[B:.*]]: tensor<1xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ZERO1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[A]], %[[B]] : tensor<4xi8>, tensor<1xi8>)
// CHECK: arith.divui
// CHECK: arith.maxui
// CHECK: arith.minui
// CHECK-NOT: ui8
func.func @arith_unsigned(%a: tensor<4xui8>, %b: tensor<1xui8>) -> (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) {
  %0 = modelc.div %a, %b : (tensor<4xui8>, tensor<1xui8>) -> tensor<4xui8>
  %1 = modelc.max %a, %b : (tensor<4xui8>, tensor<1xui8>) -> tensor<4xui8>
  %2 = modelc.min %a, %b : (tensor<4xui8>, tensor<1xui8>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xui8>, tensor<4xui8>, tensor<4xui8>
}

// CHECK-LABEL: func @arith_float
// CHECK: arith.mulf
// CHECK: arith.divf
// CHECK: arith.maximumf
// CHECK: arith.minimumf
func.func @arith_float(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = modelc.mul %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = modelc.div %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = modelc.max %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = modelc.min %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func @logical
// CHECK: arith.andi %{{.*}}, %{{.*}} : i1
// CHECK: arith.ori %{{.*}}, %{{.*}} : i1
// CHECK: arith.xori %{{.*}}, %{{.*}} : i1
// CHECK: %[[TRUE:.*]] = arith.constant true
// CHECK: arith.xori %{{.*}}, %[[TRUE]] : i1
func.func @logical(%a: tensor<4xi1>, %b: tensor<4xi1>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = modelc.and %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %1 = modelc.or %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %2 = modelc.xor %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %3 = modelc.not %a : tensor<4xi1>
  return %0, %1, %2, %3 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func @compare
// CHECK-SAME: (%[[A:.*]]: tensor<4xf32>, %[[B:.*]]: tensor<f32>
// CHECK: linalg.generic {indexing_maps = [#[[$ID1]], #[[$SCALAR1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: outs(%{{.*}} : tensor<4xi1>)
// CHECK: ^bb0(%{{.*}}: f32, %{{.*}}: f32, %{{.*}}: i1):
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oge
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ole
// CHECK: arith.cmpi slt
// CHECK: arith.cmpi ult
// CHECK: arith.cmpi eq
func.func @compare(%a: tensor<4xf32>, %b: tensor<f32>, %i: tensor<4xi64>, %u: tensor<4xui16>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = modelc.equal %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %1 = modelc.greater %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %2 = modelc.greater_or_equal %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %3 = modelc.less %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %4 = modelc.less_or_equal %a, %b : (tensor<4xf32>, tensor<f32>) -> tensor<4xi1>
  %5 = modelc.less %i, %i : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi1>
  %6 = modelc.less %u, %u : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xi1>
  %7 = modelc.equal %u, %u : (tensor<4xui16>, tensor<4xui16>) -> tensor<4xi1>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func @where
// CHECK-SAME: (%[[C:.*]]: tensor<4xi1>, %[[X:.*]]: tensor<4xf32>, %[[Y:.*]]: tensor<f32>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ID1]], #[[$SCALAR1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[C]], %[[X]], %[[Y]] : tensor<4xi1>, tensor<4xf32>, tensor<f32>)
// CHECK: ^bb0(%[[BC:.*]]: i1, %[[BX:.*]]: f32, %[[BY:.*]]: f32, %{{.*}}: f32):
// CHECK: arith.select %[[BC]], %[[BX]], %[[BY]] : f32
func.func @where(%c: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<f32>) -> tensor<4xf32> {
  %0 = modelc.where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func @unary_math
// CHECK: math.ceil
// CHECK: math.cos
// CHECK: math.erf
// CHECK: math.exp
// CHECK: math.floor
// CHECK: math.log
// CHECK: math.roundeven
// CHECK: math.sin
// CHECK: math.sqrt
// CHECK: math.tanh
// CHECK: math.absf
// CHECK: arith.negf
func.func @unary_math(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = modelc.ceil %x : tensor<4xf32>
  %1 = modelc.cos %x : tensor<4xf32>
  %2 = modelc.erf %x : tensor<4xf32>
  %3 = modelc.exp %x : tensor<4xf32>
  %4 = modelc.floor %x : tensor<4xf32>
  %5 = modelc.log %x : tensor<4xf32>
  %6 = modelc.round %x : tensor<4xf32>
  %7 = modelc.sin %x : tensor<4xf32>
  %8 = modelc.sqrt %x : tensor<4xf32>
  %9 = modelc.tanh %x : tensor<4xf32>
  %10 = modelc.abs %x : tensor<4xf32>
  %11 = modelc.neg %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func @unary_int
// CHECK: math.absi %{{.*}} : i32
// CHECK: %[[Z:.*]] = arith.constant 0 : i32
// CHECK: arith.subi %[[Z]], %{{.*}} : i32
// Abs of an unsigned value is the value.
// CHECK: ^bb0(%[[U:.*]]: i32, %{{.*}}: i32):
// CHECK-NEXT: linalg.yield %[[U]] : i32
func.func @unary_int(%x: tensor<4xi32>, %u: tensor<4xui32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xui32>) {
  %0 = modelc.abs %x : tensor<4xi32>
  %1 = modelc.neg %x : tensor<4xi32>
  %2 = modelc.abs %u : tensor<4xui32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi32>, tensor<4xui32>
}

// CHECK-LABEL: func @activations
// relu
// CHECK: %[[Z0:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[RN:.*]] = arith.cmpf ogt, %[[Z0]], %[[RX:.*]] : f32
// CHECK: arith.select %[[RN]], %[[Z0]], %[[RX]] : f32
// sigmoid: 1 / (1 + exp(-x))
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: %[[NEG:.*]] = arith.negf
// CHECK: %[[E:.*]] = math.exp %[[NEG]]
// CHECK: %[[D:.*]] = arith.addf %[[ONE]], %[[E]]
// CHECK: arith.divf %[[ONE]], %[[D]]
// leaky_relu with its alpha
// CHECK: ^bb0(%[[LX:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[LX]], %{{.*}} : f32
// CHECK: %[[ALPHA:.*]] = arith.constant 2.000000e-01 : f32
// CHECK: %[[SC:.*]] = arith.mulf %[[LX]], %[[ALPHA]]
// CHECK: arith.select %[[LT]], %[[SC]], %[[LX]]
// hard_sigmoid: clamp(alpha * x + beta, 0, 1)
// CHECK: ^bb0(%[[SX:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[SA:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-DAG: %[[SB:.*]] = arith.constant 7.500000e-01 : f32
// CHECK: %[[SM:.*]] = arith.mulf %[[SX]], %[[SA]]
// CHECK: %[[SS:.*]] = arith.addf %[[SM]], %[[SB]]
// CHECK: %[[SC:.*]] = arith.cmpf ogt, %{{.*}}, %[[SS]]
// CHECK: %[[SL:.*]] = arith.select %[[SC]], %{{.*}}, %[[SS]]
// CHECK: %[[SU:.*]] = arith.cmpf olt, %{{.*}}, %[[SL]]
// CHECK: arith.select %[[SU]], %{{.*}}, %[[SL]]
// hard_swish: x * hard_sigmoid(x) with alpha 1/6, beta 0.5
// CHECK: ^bb0(%[[HX:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[HA:.*]] = arith.constant 0.166666672 : f32
// CHECK-DAG: %[[HB:.*]] = arith.constant 5.000000e-01 : f32
// CHECK: %[[HM:.*]] = arith.mulf %[[HX]], %[[HA]]
// CHECK: arith.addf %[[HM]], %[[HB]]
// CHECK: arith.select
// CHECK: %[[G:.*]] = arith.select
// CHECK: arith.mulf %[[HX]], %[[G]]
func.func @activations(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = modelc.relu %x : tensor<4xf32>
  %1 = modelc.sigmoid %x : tensor<4xf32>
  %2 = modelc.leaky_relu %x {alpha = 0.2 : f32} : tensor<4xf32>
  %3 = modelc.hard_sigmoid %x {alpha = 0.25 : f32, beta = 0.75 : f32} : tensor<4xf32>
  %4 = modelc.hard_swish %x : tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func @more_activations
// sign
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf olt
// CHECK: arith.select
// CHECK: arith.select
// softplus: log1p(exp(x))
// CHECK: %[[E:.*]] = math.exp
// CHECK: math.log1p %[[E]]
// softsign: x / (1 + |x|)
// CHECK: math.absf
// CHECK: arith.addf
// CHECK: arith.divf
// elu: x < 0 ? alpha * expm1(x) : x
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK: arith.cmpf olt
// CHECK: math.expm1
// CHECK: arith.mulf
// CHECK: arith.select
// selu: gamma * (x > 0 ? x : alpha * exp(x) - alpha)
// CHECK: %[[SA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[SG:.*]] = arith.constant 3.000000e+00 : f32
// CHECK: arith.cmpf ogt
// CHECK: math.exp
// CHECK: arith.subf %{{.*}}, %[[SA]]
// CHECK: %[[SV:.*]] = arith.select
// CHECK: arith.mulf %[[SG]], %[[SV]]
// reciprocal
// CHECK: %[[R1:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: arith.divf %[[R1]], %{{.*}} : f32
func.func @more_activations(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = modelc.sign %x : tensor<4xf32>
  %1 = modelc.softplus %x : tensor<4xf32>
  %2 = modelc.softsign %x : tensor<4xf32>
  %3 = modelc.elu %x {alpha = 0.5 : f32} : tensor<4xf32>
  %4 = modelc.selu %x {alpha = 2.0 : f32, gamma = 3.0 : f32} : tensor<4xf32>
  %5 = modelc.reciprocal %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func @prelu
// CHECK: ^bb0(%[[X:.*]]: f32, %[[SLOPE:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[N:.*]] = arith.cmpf olt, %[[X]]
// CHECK: %[[M:.*]] = arith.mulf %[[X]], %[[SLOPE]]
// CHECK: arith.select %[[N]], %[[M]], %[[X]]
func.func @prelu(%x: tensor<2x3xf32>, %s: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = modelc.prelu %x, %s : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// CHECK-LABEL: func @pow
// A float base with an integer exponent.
// CHECK: ^bb0(%[[B:.*]]: f32, %[[E:.*]]: i64, %{{.*}}: f32):
// CHECK: %[[EF:.*]] = arith.sitofp %[[E]] : i64 to f32
// CHECK: math.powf %[[B]], %[[EF]] : f32
// An integer base.
// CHECK: ^bb0(%[[IB:.*]]: i32, %[[IE:.*]]: i64, %{{.*}}: i32):
// CHECK: %[[T:.*]] = arith.trunci %[[IE]] : i64 to i32
// CHECK: math.ipowi %[[IB]], %[[T]] : i32
// A float base with a wider float exponent.
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: math.powf
func.func @pow(%x: tensor<4xf32>, %e: tensor<i64>, %i: tensor<4xi32>, %d: tensor<f64>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xf32>) {
  %0 = modelc.pow %x, %e : (tensor<4xf32>, tensor<i64>) -> tensor<4xf32>
  %1 = modelc.pow %i, %e : (tensor<4xi32>, tensor<i64>) -> tensor<4xi32>
  %2 = modelc.pow %x, %d : (tensor<4xf32>, tensor<f64>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xi32>, tensor<4xf32>
}

// CHECK-LABEL: func @clip
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>, %[[LO:.*]]: tensor<f32>, %[[HI:.*]]: tensor<f32>, %[[U:.*]]: tensor<4xi8>, %[[UHI:.*]]: tensor<1xi8>)
// CHECK: linalg.generic {indexing_maps = [#[[$ID1]], #[[$SCALAR1]], #[[$SCALAR1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[X]], %[[LO]], %[[HI]] : tensor<4xf32>, tensor<f32>, tensor<f32>)
// CHECK: ^bb0(%[[V:.*]]: f32, %[[L:.*]]: f32, %[[H:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[M:.*]] = arith.maximumf %[[V]], %[[L]] : f32
// CHECK: arith.minimumf %[[M]], %[[H]] : f32
// Only an upper bound, unsigned.
// CHECK: linalg.generic {indexing_maps = [#[[$ID1]], #[[$ZERO1]], #[[$ID1]]], iterator_types = ["parallel"]}
// CHECK-SAME: ins(%[[U]], %[[UHI]] : tensor<4xi8>, tensor<1xi8>)
// CHECK-NOT: arith.max
// CHECK: arith.minui
func.func @clip(%x: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>, %u: tensor<4xui8>, %uhi: tensor<1xui8>) -> (tensor<4xf32>, tensor<4xui8>) {
  %0 = modelc.clip %x, %lo, %hi {operandSegmentSizes = array<i32: 1, 1, 1>} : (tensor<4xf32>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %1 = modelc.clip %u, %uhi {operandSegmentSizes = array<i32: 1, 0, 1>} : (tensor<4xui8>, tensor<1xui8>) -> tensor<4xui8>
  return %0, %1 : tensor<4xf32>, tensor<4xui8>
}

// CHECK-LABEL: func @cast
// CHECK: arith.fptosi %{{.*}} : f32 to i64
// CHECK: arith.fptoui %{{.*}} : f32 to i8
// CHECK: arith.trunci %{{.*}} : i64 to i32
// CHECK: arith.extsi %{{.*}} : i8 to i64
// CHECK: arith.extui %{{.*}} : i8 to i64
// CHECK: arith.uitofp %{{.*}} : i8 to f32
// CHECK: arith.sitofp %{{.*}} : i8 to f32
// CHECK: arith.extui %{{.*}} : i1 to i64
// CHECK: arith.cmpf une, %{{.*}}, %{{.*}} : f32
// CHECK: arith.truncf %{{.*}} : f32 to f16
// To bf16 through f32 (see @cast_to_bf16).
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-NEXT: arith.bitcast %{{.*}} : f32 to i32
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
func.func @cast(%f: tensor<4xf32>, %i: tensor<4xi64>, %s: tensor<4xi8>, %u: tensor<4xui8>, %b: tensor<4xi1>, %h: tensor<4xf16>) -> (tensor<4xi64>, tensor<4xui8>, tensor<4xi32>, tensor<4xi64>, tensor<4xi64>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi1>, tensor<4xf16>, tensor<4xbf16>) {
  %0 = modelc.cast %f : (tensor<4xf32>) -> tensor<4xi64>
  %1 = modelc.cast %f : (tensor<4xf32>) -> tensor<4xui8>
  %2 = modelc.cast %i : (tensor<4xi64>) -> tensor<4xi32>
  %3 = modelc.cast %s : (tensor<4xi8>) -> tensor<4xi64>
  %4 = modelc.cast %u : (tensor<4xui8>) -> tensor<4xi64>
  %5 = modelc.cast %u : (tensor<4xui8>) -> tensor<4xf32>
  %6 = modelc.cast %s : (tensor<4xi8>) -> tensor<4xf32>
  %7 = modelc.cast %b : (tensor<4xi1>) -> tensor<4xi64>
  %8 = modelc.cast %f : (tensor<4xf32>) -> tensor<4xi1>
  %9 = modelc.cast %f : (tensor<4xf32>) -> tensor<4xf16>
  %10 = modelc.cast %h : (tensor<4xf16>) -> tensor<4xbf16>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10 : tensor<4xi64>, tensor<4xui8>, tensor<4xi32>, tensor<4xi64>, tensor<4xi64>, tensor<4xf32>, tensor<4xf32>, tensor<4xi64>, tensor<4xi1>, tensor<4xf16>, tensor<4xbf16>
}

// A cast between types of the same width and signedness-only difference
// moves no bits.
// CHECK-LABEL: func @cast_reinterpret
// CHECK: ^bb0(%[[V:.*]]: i8, %{{.*}}: i8):
// CHECK-NEXT: linalg.yield %[[V]] : i8
func.func @cast_reinterpret(%s: tensor<4xi8>) -> tensor<4xui8> {
  %0 = modelc.cast %s : (tensor<4xi8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}

// CHECK-LABEL: func @identity
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NOT: linalg
// CHECK: return %[[X]]
func.func @identity(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = modelc.identity %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// A scalar (rank-0) elementwise op.
// CHECK-LABEL: func @scalar
// CHECK: linalg.generic {indexing_maps = [#[[$SCALAR0:.*]], #[[$SCALAR0]]], iterator_types = []}
// CHECK: math.exp
func.func @scalar(%x: tensor<f32>) -> tensor<f32> {
  %0 = modelc.exp %x : tensor<f32>
  return %0 : tensor<f32>
}

// f32 to bf16 rounds to nearest even in integer arithmetic: adds 0x7fff
// plus the lowest kept bit, keeps the high half; NaNs keep their high half
// with the quiet bit set.
// CHECK-LABEL: func @cast_to_bf16
// CHECK: ^bb0(%[[X:.*]]: f32, %{{.*}}: bf16):
// CHECK: %[[BITS:.*]] = arith.bitcast %[[X]] : f32 to i32
// CHECK: %[[HIGH:.*]] = arith.shrui %[[BITS]], %{{.*}} : i32
// CHECK: %[[ODD:.*]] = arith.andi %[[HIGH]], %{{.*}} : i32
// CHECK: %[[BIAS:.*]] = arith.addi %[[ODD]], %{{.*}} : i32
// CHECK: %[[SUM:.*]] = arith.addi %[[BITS]], %[[BIAS]] : i32
// CHECK: %[[ROUNDED:.*]] = arith.shrui %[[SUM]], %{{.*}} : i32
// CHECK: %[[QNAN:.*]] = arith.ori %[[HIGH]], %{{.*}} : i32
// CHECK: %[[ISNAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK: %[[R:.*]] = arith.select %[[ISNAN]], %[[QNAN]], %[[ROUNDED]] : i32
// CHECK: %[[R16:.*]] = arith.trunci %[[R]] : i32 to i16
// CHECK: %[[BF:.*]] = arith.bitcast %[[R16]] : i16 to bf16
// CHECK: linalg.yield %[[BF]] : bf16
// From f64 and integers: first to f32, as ONNX's reference does.
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
// CHECK: arith.sitofp %{{.*}} : i32 to f32
// CHECK: arith.bitcast %{{.*}} : i16 to bf16
// From bf16: exact.
// CHECK: arith.extf %{{.*}} : bf16 to f32
func.func @cast_to_bf16(%f: tensor<4xf32>, %d: tensor<4xf64>, %i: tensor<4xi32>, %b: tensor<4xbf16>) -> (tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xf32>) {
  %0 = modelc.cast %f : (tensor<4xf32>) -> tensor<4xbf16>
  %1 = modelc.cast %d : (tensor<4xf64>) -> tensor<4xbf16>
  %2 = modelc.cast %i : (tensor<4xi32>) -> tensor<4xbf16>
  %3 = modelc.cast %b : (tensor<4xbf16>) -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xbf16>, tensor<4xbf16>, tensor<4xbf16>, tensor<4xf32>
}

// CHECK-LABEL: func @inverse_and_hyperbolic
// CHECK: math.acos %{{.*}} : f32
// CHECK: math.acosh %{{.*}} : f32
// CHECK: math.asin %{{.*}} : f32
// CHECK: math.asinh %{{.*}} : f32
// CHECK: math.atan %{{.*}} : f32
// CHECK: math.atanh %{{.*}} : f32
// CHECK: math.cosh %{{.*}} : f32
// CHECK: math.sinh %{{.*}} : f32
// CHECK: math.tan %{{.*}} : f32
func.func @inverse_and_hyperbolic(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = modelc.acos %x : tensor<4xf32>
  %1 = modelc.acosh %x : tensor<4xf32>
  %2 = modelc.asin %x : tensor<4xf32>
  %3 = modelc.asinh %x : tensor<4xf32>
  %4 = modelc.atan %x : tensor<4xf32>
  %5 = modelc.atanh %x : tensor<4xf32>
  %6 = modelc.cosh %x : tensor<4xf32>
  %7 = modelc.sinh %x : tensor<4xf32>
  %8 = modelc.tan %x : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func @thresholded_relu_shrink_celu
// thresholded_relu: x > alpha ? x : 0
// CHECK: ^bb0(%[[T:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[TZ:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[TA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[TGT:.*]] = arith.cmpf ogt, %[[T]], %[[TA]] : f32
// CHECK: arith.select %[[TGT]], %[[T]], %[[TZ]] : f32
// shrink: x < -lambd ? x + bias : (x > lambd ? x - bias : 0)
// CHECK: ^bb0(%[[S:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG: %[[SB:.*]] = arith.constant 1.500000e+00 : f32
// CHECK-DAG: %[[SNL:.*]] = arith.constant -2.500000e+00 : f32
// CHECK: %[[SLT:.*]] = arith.cmpf olt, %[[S]], %[[SNL]] : f32
// CHECK: %[[SL:.*]] = arith.constant 2.500000e+00 : f32
// CHECK: %[[SGT:.*]] = arith.cmpf ogt, %[[S]], %[[SL]] : f32
// CHECK: %[[SSUB:.*]] = arith.subf %[[S]], %[[SB]] : f32
// CHECK: %[[SIN:.*]] = arith.select %[[SGT]], %[[SSUB]], %{{.*}} : f32
// CHECK: %[[SADD:.*]] = arith.addf %[[S]], %[[SB]] : f32
// CHECK: arith.select %[[SLT]], %[[SADD]], %[[SIN]] : f32
// shrink of integers: in f64, truncated back
// CHECK: ^bb0(%[[SI:.*]]: i32, %{{.*}}: i32):
// CHECK: arith.sitofp %[[SI]] : i32 to f64
// CHECK: arith.fptosi %{{.*}} : f64 to i32
// celu: max(0, x) + min(0, alpha * expm1(x / alpha))
// CHECK: ^bb0(%[[C:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[CA:.*]] = arith.constant 2.000000e+00 : f32
// CHECK: %[[CD:.*]] = arith.divf %[[C]], %[[CA]] : f32
// CHECK: %[[CE:.*]] = math.expm1 %[[CD]] : f32
// CHECK: %[[CM:.*]] = arith.mulf %[[CA]], %[[CE]] : f32
// CHECK: %[[CN:.*]] = arith.minimumf %{{.*}}, %[[CM]] : f32
// CHECK: %[[CP:.*]] = arith.maximumf %[[C]], %{{.*}} : f32
// CHECK: arith.addf %[[CP]], %[[CN]] : f32
func.func @thresholded_relu_shrink_celu(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xf32>) {
  %0 = modelc.thresholded_relu %x {alpha = 2.0 : f32} : tensor<4xf32>
  %1 = modelc.shrink %x {bias = 1.5 : f32, lambd = 2.5 : f32} : tensor<4xf32>
  %2 = modelc.shrink %i : tensor<4xi32>
  %3 = modelc.celu %x {alpha = 2.0 : f32} : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xi32>, tensor<4xf32>
}

// CHECK-LABEL: func @is_inf_is_nan
// CHECK-SAME: -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>)
// Both infinities.
// CHECK: ^bb0(%[[A:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[PA:.*]] = arith.cmpf oeq, %[[A]], %{{.*}} : f32
// CHECK: %[[NA:.*]] = arith.cmpf oeq, %[[A]], %{{.*}} : f32
// CHECK: %[[OA:.*]] = arith.ori %[[PA]], %[[NA]] : i1
// CHECK: linalg.yield %[[OA]] : i1
// Only -inf.
// CHECK: ^bb0(%[[B:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[NINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[NB:.*]] = arith.cmpf oeq, %[[B]], %[[NINF]] : f32
// CHECK-NEXT: linalg.yield %[[NB]] : i1
// NaN: unordered with itself.
// CHECK: ^bb0(%[[C:.*]]: f32, %{{.*}}: i1):
// CHECK: %[[UC:.*]] = arith.cmpf uno, %[[C]], %[[C]] : f32
// CHECK-NEXT: linalg.yield %[[UC]] : i1
func.func @is_inf_is_nan(%x: tensor<4xf32>) -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %0 = modelc.is_inf %x : (tensor<4xf32>) -> tensor<4xi1>
  %1 = modelc.is_inf %x {detect_positive = false} : (tensor<4xf32>) -> tensor<4xi1>
  %2 = modelc.is_nan %x : (tensor<4xf32>) -> tensor<4xi1>
  return %0, %1, %2 : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// CHECK-LABEL: func @mod
// C fmod on floats.
// CHECK: ^bb0(%[[FX:.*]]: f32, %[[FY:.*]]: f32, %{{.*}}: f32):
// CHECK: %[[FR:.*]] = arith.remf %[[FX]], %[[FY]] : f32
// CHECK-NEXT: linalg.yield %[[FR]] : f32
// Integer fmod: a remainder by 0 or -1 divides by 1 instead.
// CHECK: ^bb0(%[[X:.*]]: i32, %[[Y:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[TRIVIAL:.*]] = arith.ori
// CHECK: %[[SAFE:.*]] = arith.select %[[TRIVIAL]], %{{.*}}, %[[Y]] : i32
// CHECK: %[[R:.*]] = arith.remsi %[[X]], %[[SAFE]] : i32
// CHECK-NEXT: linalg.yield %[[R]] : i32
// Python's mod: the remainder plus the divisor when their signs differ.
// CHECK: ^bb0(%[[PX:.*]]: i32, %[[PY:.*]]: i32, %{{.*}}: i32):
// CHECK: %[[PR:.*]] = arith.remsi %[[PX]], %{{.*}} : i32
// CHECK: %[[NZ:.*]] = arith.cmpi ne, %[[PR]], %{{.*}} : i32
// CHECK: %[[XOR:.*]] = arith.xori %[[PR]], %[[PY]] : i32
// CHECK: %[[DIFF:.*]] = arith.cmpi slt, %[[XOR]], %{{.*}} : i32
// CHECK: %[[ADJ:.*]] = arith.andi %[[NZ]], %[[DIFF]] : i1
// CHECK: %[[SUM:.*]] = arith.addi %[[PR]], %[[PY]] : i32
// CHECK: arith.select %[[ADJ]], %[[SUM]], %[[PR]] : i32
// Unsigned.
// CHECK: ^bb0(%[[UX:.*]]: i8, %[[UY:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[USAFE:.*]] = arith.select %{{.*}}, %{{.*}}, %[[UY]] : i8
// CHECK: arith.remui %[[UX]], %[[USAFE]] : i8
func.func @mod(%a: tensor<4xf32>, %b: tensor<f32>, %i: tensor<4xi32>, %j: tensor<4xi32>, %u: tensor<4xui8>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xui8>) {
  %0 = modelc.mod %a, %b {fmod = true} : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = modelc.mod %i, %j {fmod = true} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = modelc.mod %i, %j : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %3 = modelc.mod %u, %u : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xi32>, tensor<4xi32>, tensor<4xui8>
}

// CHECK-LABEL: func @bit_shift
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8>, %[[S:.*]]: tensor<i8>)
// CHECK: ins(%[[X]], %[[S]] : tensor<4xi8>, tensor<i8>)
// CHECK: ^bb0(%[[A:.*]]: i8, %[[B:.*]]: i8, %{{.*}}: i8):
// CHECK: %[[W:.*]] = arith.constant 8 : i8
// CHECK: %[[OK:.*]] = arith.cmpi ult, %[[B]], %[[W]] : i8
// CHECK: %[[L:.*]] = arith.shli %[[A]], %[[B]] : i8
// CHECK: arith.select %[[OK]], %[[L]], %{{.*}} : i8
// CHECK: arith.shrui
func.func @bit_shift(%x: tensor<4xui8>, %s: tensor<ui8>) -> (tensor<4xui8>, tensor<4xui8>) {
  %0 = modelc.bit_shift %x, %s {direction = "LEFT"} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  %1 = modelc.bit_shift %x, %s {direction = "RIGHT"} : (tensor<4xui8>, tensor<ui8>) -> tensor<4xui8>
  return %0, %1 : tensor<4xui8>, tensor<4xui8>
}
