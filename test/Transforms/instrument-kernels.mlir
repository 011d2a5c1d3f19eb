// RUN: modelc-opt %s -modelc-instrument-kernels | FileCheck %s

// Each top-level loop nest or linalg op of a public function is a kernel:
// the clock is read around it and the difference added to its slot of
// F_profile_ns; F_profile_names lists the ONNX nodes of each kernel (the
// locations' names, fused ones included), one per line. Plain scalar ops
// and private functions are not timed.
// CHECK-DAG: func.func private @modelc_profile_now_ns() -> i64
// CHECK-DAG: llvm.mlir.global external @net_impl_profile_ns(dense<0> : tensor<2xi64>) {{.*}} : !llvm.array<2 x i64>
// CHECK-DAG: llvm.mlir.global external constant @net_impl_profile_names("conv_1, relu_2\0Aadd_3\0A\00")
// CHECK-DAG: llvm.mlir.global external constant @net_impl_profile_kernels(2 : i64) {{.*}} : i64
// CHECK-NOT: @helper_profile

// CHECK-LABEL: func.func @net_impl
// CHECK: %[[T0:.*]] = call @modelc_profile_now_ns() : () -> i64
// CHECK-NEXT: scf.parallel
// CHECK: %[[T1:.*]] = call @modelc_profile_now_ns() : () -> i64
// CHECK-NEXT: %[[D:.*]] = arith.subi %[[T1]], %[[T0]] : i64
// CHECK-NEXT: %[[BASE:.*]] = llvm.mlir.addressof @net_impl_profile_ns : !llvm.ptr
// CHECK-NEXT: %[[SLOT:.*]] = llvm.getelementptr %[[BASE]][0, 0] : (!llvm.ptr) -> !llvm.ptr, !llvm.array<2 x i64>
// CHECK-NEXT: %[[OLD:.*]] = llvm.load %[[SLOT]] : !llvm.ptr -> i64
// CHECK-NEXT: %[[NEW:.*]] = arith.addi %[[OLD]], %[[D]] : i64
// CHECK-NEXT: llvm.store %[[NEW]], %[[SLOT]] : i64, !llvm.ptr
// CHECK: call @modelc_profile_now_ns()
// CHECK-NEXT: linalg.generic
// CHECK: llvm.getelementptr %{{.*}}[0, 1]
// CHECK: return
func.func @net_impl(%x: memref<64xf32>, %y: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    %v = memref.load %x[%i] : memref<64xf32> loc(fused["conv_1", "relu_2"])
    memref.store %v, %y[%i] : memref<64xf32> loc("relu_2")
    scf.reduce
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : memref<64xf32>) outs(%y : memref<64xf32>) {
  ^bb0(%a: f32, %b: f32):
    %s = arith.addf %a, %b : f32 loc("add_3")
    linalg.yield %s : f32
  } loc("add_3")
  return
}

func.func private @helper(%x: memref<4xf32>) {
  %c = arith.constant 0.0 : f32
  linalg.fill ins(%c : f32) outs(%x : memref<4xf32>)
  return
}
