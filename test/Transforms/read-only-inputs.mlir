// RUN: modelc-opt %s -convert-modelc-to-linalg -modelc-materialize-results -one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" | FileCheck %s

// The model's inputs are const for the caller: a scatter, which updates
// its data in place, works on a copy of an input (materialize-results
// marks the arguments bufferization.writable = false).

// CHECK-LABEL: func @scatter_input
// CHECK-SAME: (%[[X:[^:]*]]: memref<4xf32>, %[[I:[^:]*]]: memref<2xi64>, %[[U:[^:]*]]: memref<2xf32>)
// CHECK: %[[COPY:.*]] = memref.alloc() {{.*}} : memref<4xf32>
// CHECK: memref.copy %[[X]], %[[COPY]]
// CHECK: scf.for {{.*}} iter_args(%[[T:.*]] = %[[COPY]])
// CHECK-NOT: memref.store {{.*}}, %[[X]]
// CHECK: memref.store %{{.*}}, %[[T]]
func.func @scatter_input(%x: tensor<4xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) -> tensor<4xf32> {
  %0 = modelc.scatter_elements %x, %i, %u {reduction = "add"} : (tensor<4xf32>, tensor<2xi64>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
