// RUN: modelc-opt %s -modelc-flatten-globals | FileCheck %s

// Globals of rank above one become 1-D globals of the same bytes; each
// get_global of them becomes a get of the 1-D global and an expand_shape.

// CHECK-DAG: memref.global "private" constant @w : memref<6xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00, 6.000000e+00]> {alignment = 64 : i64}
// CHECK-DAG: memref.global "private" constant @splat : memref<8xi8> = dense<7>
// CHECK-DAG: memref.global "private" constant @vector : memref<3xf32> = dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]>
// CHECK-DAG: memref.global "private" @scratch : memref<4xf32> = uninitialized
// CHECK-DAG: memref.global "private" constant @scalar : memref<f32> = dense<5.000000e-01>
memref.global "private" constant @w : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> {alignment = 64 : i64}
memref.global "private" constant @splat : memref<2x2x2xi8> = dense<7>
memref.global "private" constant @vector : memref<3xf32> = dense<[1.0, 2.0, 3.0]>
memref.global "private" @scratch : memref<2x2xf32> = uninitialized
memref.global "private" constant @scalar : memref<f32> = dense<0.5>

// CHECK-LABEL: func @uses
// CHECK: %[[W:.*]] = memref.get_global @w : memref<6xf32>
// CHECK: %[[W2:.*]] = memref.expand_shape %[[W]] {{\[}}[0, 1]] output_shape [2, 3] : memref<6xf32> into memref<2x3xf32>
// CHECK: %[[S:.*]] = memref.get_global @splat : memref<8xi8>
// CHECK: %[[S3:.*]] = memref.expand_shape %[[S]] {{\[}}[0, 1, 2]] output_shape [2, 2, 2] : memref<8xi8> into memref<2x2x2xi8>
// 1-D and 0-D globals stay as they are.
// CHECK: %[[V:.*]] = memref.get_global @vector : memref<3xf32>
// CHECK: %[[SC:.*]] = memref.get_global @scratch : memref<4xf32>
// CHECK: %[[SC2:.*]] = memref.expand_shape %[[SC]] {{\[}}[0, 1]] output_shape [2, 2] : memref<4xf32> into memref<2x2xf32>
// CHECK: %[[F:.*]] = memref.get_global @scalar : memref<f32>
// CHECK: return %[[W2]], %[[S3]], %[[V]], %[[SC2]], %[[F]]
func.func @uses() -> (memref<2x3xf32>, memref<2x2x2xi8>, memref<3xf32>, memref<2x2xf32>, memref<f32>) {
  %0 = memref.get_global @w : memref<2x3xf32>
  %1 = memref.get_global @splat : memref<2x2x2xi8>
  %2 = memref.get_global @vector : memref<3xf32>
  %3 = memref.get_global @scratch : memref<2x2xf32>
  %4 = memref.get_global @scalar : memref<f32>
  return %0, %1, %2, %3, %4 : memref<2x3xf32>, memref<2x2x2xi8>, memref<3xf32>, memref<2x2xf32>, memref<f32>
}

// Every get of a global is rewritten, here in a second function and in a
// loop.
// CHECK-LABEL: func @more_uses
// CHECK: scf.for
// CHECK: %[[W:.*]] = memref.get_global @w : memref<6xf32>
// CHECK: memref.expand_shape %[[W]]
// CHECK-NOT: memref.get_global @w : memref<2x3xf32>
func.func @more_uses(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    %0 = memref.get_global @w : memref<2x3xf32>
    %v = memref.load %0[%c0, %c1] : memref<2x3xf32>
  }
  return
}
