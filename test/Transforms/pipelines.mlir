// RUN: modelc-opt %s --modelc-graph-pipeline | FileCheck %s --check-prefix=GRAPH
// RUN: modelc-opt %s --modelc-cpu-pipeline | FileCheck %s --check-prefix=CPU

// The named pipelines of lib/Pipelines/Pipelines.cpp.

// The graph pipeline folds the shape computation (Shape of a static input,
// a Reshape to the same type) away, cancels the two inverse transposes
// (modelc-to-channels-last) and keeps the rest.
// GRAPH-LABEL: func.func @net_impl
// GRAPH-SAME: (%[[X:.*]]: tensor<2x3xf32> {modelc.name = "X"})
// GRAPH-NOT: modelc.shape
// GRAPH-NOT: modelc.reshape
// GRAPH: %[[E:.*]] = modelc.exp %[[X]]
// GRAPH-NOT: modelc.transpose
// GRAPH: %[[Y:.*]] = modelc.add %[[E]], %[[X]]
// GRAPH: return %[[Y]]

// The CPU pipeline ends in the LLVM dialect: the entry function takes bare
// pointers to its inputs, its outputs and the workspace, and records the
// workspace size; math is approximated inline, not called.
// CPU-LABEL: llvm.func @net_impl
// CPU-SAME: (%{{.*}}: !llvm.ptr {modelc.name = "X"}, %{{.*}}: !llvm.ptr {modelc.name = "Y"}, %{{.*}}: !llvm.ptr {modelc.name = "workspace"})
// CPU-SAME: attributes {modelc.scalar_roots = 0 : i64, modelc.vectorized_roots = 0 : i64, modelc.workspace_size = {{[0-9]+}} : i64}
// CPU-NOT: modelc.
// CPU-NOT: func.func
// CPU-NOT: linalg.
// CPU-NOT: memref.
// CPU-NOT: math.exp
// CPU-NOT: @expf
// CPU: llvm.return
func.func @net_impl(%x: tensor<2x3xf32> {modelc.name = "X"}) -> (tensor<2x3xf32> {modelc.name = "Y"}) {
  %s = modelc.shape %x : (tensor<2x3xf32>) -> tensor<2xi64>
  %r = modelc.reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %e = modelc.exp %r : tensor<2x3xf32>
  %t = modelc.transpose %e {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %u = modelc.transpose %t {perm = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
  %y = modelc.add %u, %x : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}
