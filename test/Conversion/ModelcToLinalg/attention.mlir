// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s

// modelc.attention (Attention.cpp): the scores' product, the row maxima of
// the scaled and masked scores, their exponentials, the row sums, the
// product by v (marked for the CPU code generation) and the division by
// the sums, which comes last.
// CHECK-DAG: #[[Q:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[K:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d3, d4)>
// CHECK-DAG: #[[S:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d4)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[MASK:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func @attention
// CHECK-SAME: (%[[ARGQ:.*]]: tensor<2x4x8x16xf32>, %[[ARGK:.*]]: tensor<2x4x16x8xf32>, %[[ARGV:.*]]: tensor<2x4x8x16xf32>, %[[ARGM:.*]]: tensor<2x1x1x8xf32>)
// CHECK: %[[SC:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[K]], #[[S]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "parallel"]} ins(%[[ARGQ]], %[[ARGK]] : {{.*}}) outs(%{{.*}} : tensor<2x4x8x8xf32>)
// CHECK: %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
// CHECK: %[[MAXINIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.*}} : tensor<2x4x8xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[MASK]], #[[ROW]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[SC]], %[[ARGM]] : {{.*}}) outs(%[[MAXINIT]] :
// CHECK:   arith.constant 2.500000e-01
// CHECK:   arith.mulf
// CHECK:   arith.addf
// CHECK:   arith.maximumf
// CHECK: %[[EXP:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[MASK]], #[[ROW]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%[[SC]], %[[ARGM]], %[[MAX]] :
// CHECK:   arith.subf
// CHECK:   math.exp
// CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[EXP]] :
// CHECK: %[[PV:.*]] = linalg.generic {indexing_maps = [#[[Q]], #[[K]], #[[S]]], {{.*}} ins(%[[EXP]], %[[ARGV]] : {{.*}}) outs(%{{.*}} : tensor<2x4x8x16xf32>) attrs = {modelc.attention}
// CHECK: %[[OUT:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]], {{.*}} ins(%[[PV]], %[[SUM]] :
// CHECK:   arith.divf
// CHECK: return %[[OUT]]
func.func @attention(%q: tensor<2x4x8x16xf32>, %k: tensor<2x4x16x8xf32>, %v: tensor<2x4x8x16xf32>, %m: tensor<2x1x1x8xf32>) -> tensor<2x4x8x16xf32> {
  %o = modelc.attention %q, %k, %v mask %m {scale = 0.25 : f32} : (tensor<2x4x8x16xf32>, tensor<2x4x16x8xf32>, tensor<2x4x8x16xf32>, tensor<2x1x1x8xf32>) -> tensor<2x4x8x16xf32>
  return %o : tensor<2x4x8x16xf32>
}

// Dynamic sequence lengths: the rows of v are checked against the columns
// of k at run time; scale 1 and no mask leave the scores as they are.
// CHECK-LABEL: func @dynamic
// CHECK-SAME: (%[[DQ:.*]]: tensor<4x?x8xf32>, %[[DK:.*]]: tensor<4x8x?xf32>, %[[DV:.*]]: tensor<4x?x8xf32>)
// CHECK-DAG: %[[M:.*]] = tensor.dim %[[DQ]], %c1
// CHECK-DAG: %[[N:.*]] = tensor.dim %[[DK]], %c2
// CHECK-DAG: %[[VN:.*]] = tensor.dim %[[DV]], %c1
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[VN]], %[[N]]
// CHECK: modelc.check %[[OK]], "attention: the rows of v differ from k's columns"
// CHECK: tensor.empty(%[[M]], %[[N]]) : tensor<4x?x?xf32>
// CHECK: linalg.generic
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[IN:.*]]: f32, %[[ACC:.*]]: f32):
// CHECK-NEXT:   %[[MX:.*]] = arith.maximumf %[[ACC]], %[[IN]] : f32
// CHECK-NEXT:   linalg.yield %[[MX]]
// CHECK: modelc.attention
// CHECK: arith.divf
func.func @dynamic(%q: tensor<4x?x8xf32>, %k: tensor<4x8x?xf32>, %v: tensor<4x?x8xf32>) -> tensor<4x?x8xf32> {
  %o = modelc.attention %q, %k, %v : (tensor<4x?x8xf32>, tensor<4x8x?xf32>, tensor<4x?x8xf32>) -> tensor<4x?x8xf32>
  return %o : tensor<4x?x8xf32>
}
