// RUN: modelc-opt %s -modelc-kernel-report | FileCheck %s

// The kernels of the entry function (the one with the workspace argument),
// in order: their ONNX nodes (location names), FLOPs (float arithmetic
// times static trip counts; a vector FMA counts two per lane; a dynamic
// trip count makes them a lower bound), the buffers they read and write
// (through views and casts) and each buffer's kind, size, workspace offset
// and first and last kernel. A store after a loop that computes a vector
// belongs to that loop's kernel.

// CHECK: module attributes {modelc.kernel_report = {buffers = [
// CHECK-SAME: {bytes = 16 : i64, first = 0 : i64, kind = "argument", last = 0 : i64, name = "x", offset = -1 : i64, type = "1x4xf32"},
// CHECK-SAME: {bytes = 16 : i64, first = 0 : i64, kind = "weights", last = 1 : i64, name = "w", offset = -1 : i64, type = "4xf32"},
// CHECK-SAME: {bytes = 16 : i64, first = 0 : i64, kind = "workspace", last = 3 : i64, name = "", offset = 16 : i64, type = "1x4xf32"},
// CHECK-SAME: {bytes = 16 : i64, first = 1 : i64, kind = "workspace", last = 3 : i64, name = "", offset = 32 : i64, type = "4xf32"},
// CHECK-SAME: {bytes = 16 : i64, first = 3 : i64, kind = "argument", last = 3 : i64, name = "y", offset = -1 : i64, type = "1x4xf32"}],
// CHECK-SAME: function = "m_impl",
// CHECK-SAME: kernels = [
// CHECK-SAME: {flops = 8 : i64, flops_known = true, name = "mul_node, add_node", nodes = ["mul_node", "add_node"], reads = array<i64: 0, 1>, writes = array<i64: 2>},
// CHECK-SAME: {flops = 16 : i64, flops_known = true, name = "fma_node", nodes = ["fma_node"], reads = array<i64: 1>, writes = array<i64: 3>},
// CHECK-SAME: {flops = 4 : i64, flops_known = false, name = "dynamic_node", nodes = ["dynamic_node"], reads = array<i64>, writes = array<i64>},
// CHECK-SAME: {flops = 0 : i64, flops_known = true, name = "copy_node", nodes = ["copy_node"], reads = array<i64: 2, 3>, writes = array<i64: 4>}]}}
module {
  memref.global "private" constant @w : memref<4xf32> = dense<1.0>
  func.func @m_impl(%in: memref<1x4xf32> {modelc.name = "x"}, %out: memref<1x4xf32> {modelc.name = "y"}, %n: index {modelc.name = "n"}, %ws: memref<64xi8> {modelc.name = "workspace"}) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c16 = arith.constant 16 : index
    %c32 = arith.constant 32 : index
    %zero = arith.constant dense<0.0> : vector<4xf32>
    %pad = arith.constant 0.0 : f32
    %w = memref.get_global @w : memref<4xf32>
    %t = memref.view %ws[%c16][] : memref<64xi8> to memref<1x4xf32>
    %u = memref.view %ws[%c32][] : memref<64xi8> to memref<4xf32>
    scf.for %i = %c0 to %c4 step %c1 {
      %a = memref.load %in[%c0, %i] : memref<1x4xf32>
      %b = memref.load %w[%i] : memref<4xf32>
      %m = arith.mulf %a, %b : f32 loc("mul_node")
      %s = arith.addf %m, %a : f32 loc("add_node")
      memref.store %s, %t[%c0, %i] : memref<1x4xf32>
    }
    %v = scf.for %i = %c0 to %c2 step %c1 iter_args(%acc = %zero) -> (vector<4xf32>) {
      %r = vector.transfer_read %w[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<4xf32> loc("fma_node")
      %f = vector.fma %r, %r, %acc : vector<4xf32> loc("fma_node")
      scf.yield %f : vector<4xf32>
    } loc("fma_node")
    vector.transfer_write %v, %u[%c0] {in_bounds = [true]} : vector<4xf32>, memref<4xf32>
    %d = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (vector<4xf32>) {
      %g = arith.negf %acc : vector<4xf32> loc("dynamic_node")
      scf.yield %g : vector<4xf32>
    }
    %e = vector.extract %d[0] : f32 from vector<4xf32>
    %o = memref.subview %u[0] [4] [1] : memref<4xf32> to memref<4xf32, strided<[1]>>
    linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%t, %o : memref<1x4xf32>, memref<4xf32, strided<[1]>>) outs(%out : memref<1x4xf32>) {
    ^bb0(%x: f32, %y: f32, %z: f32):
      linalg.yield %x : f32
    } loc("copy_node")
    return
  }
}
