// REQUIRES: mlir-cpu-runner
// RUN: modelc-opt %s -convert-modelc-to-linalg \
// RUN: | mlir-opt --one-shot-bufferize="bufferize-function-boundaries" \
// RUN:     --convert-linalg-to-loops --convert-scf-to-cf --arith-expand \
// RUN:     --expand-strided-metadata --lower-affine --finalize-memref-to-llvm \
// RUN:     --convert-math-to-llvm --convert-math-to-libm --convert-arith-to-llvm \
// RUN:     --convert-func-to-llvm --convert-cf-to-llvm --reconcile-unrealized-casts \
// RUN: | mlir-cpu-runner -e main -entry-point-result=void \
// RUN:     -shared-libs=%mlir_runner_utils/libmlir_c_runner_utils.so,%mlir_runner_utils/libmlir_runner_utils.so \
// RUN: | FileCheck %s

// The lowerings of STFT, HannWindow and MelWeightMatrix with result sizes
// that come from run-time scalars (tensor.empty sized from tensor.extract),
// which modelc's own pipeline cannot compile yet, run with MLIR's upstream
// passes. The expected values are numpy's: np.fft.rfft of the frames of
// arange(16) (8 elements, step 4), np.hanning(7), and ONNX's reference
// MelWeightMatrix(8, 16, 8192, 0, 4096) (the backend test's case).

func.func @stft(%x: tensor<1x?x1xf32>, %s: tensor<i64>, %l: tensor<i64>) -> tensor<1x?x?x2xf32> {
  %0 = modelc.stft %x step %s length %l : (tensor<1x?x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x?x2xf32>
  return %0 : tensor<1x?x?x2xf32>
}

func.func @hann(%n: tensor<i32>) -> tensor<?xf32> {
  %0 = modelc.hann_window %n {periodic = false} : (tensor<i32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

func.func @mel(%b: tensor<i64>, %n: tensor<i64>, %r: tensor<i64>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<?x?xf32> {
  %0 = modelc.mel_weight_matrix %b, %n, %r, %lo, %hi : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

func.func private @printMemrefF32(memref<*xf32>)

func.func @print(%t: tensor<*xf32>) {
  %m = bufferization.to_memref %t : memref<*xf32>
  call @printMemrefF32(%m) : (memref<*xf32>) -> ()
  return
}

func.func @main() {
  %c = arith.constant dense<[[[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0], [8.0], [9.0], [10.0], [11.0], [12.0], [13.0], [14.0], [15.0]]]> : tensor<1x16x1xf32>
  %x = tensor.cast %c : tensor<1x16x1xf32> to tensor<1x?x1xf32>
  %step = arith.constant dense<4> : tensor<i64>
  %length = arith.constant dense<8> : tensor<i64>
  %y = call @stft(%x, %step, %length) : (tensor<1x?x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x?x2xf32>
  %yu = tensor.cast %y : tensor<1x?x?x2xf32> to tensor<*xf32>
  call @print(%yu) : (tensor<*xf32>) -> ()

  %size = arith.constant dense<7> : tensor<i32>
  %w = call @hann(%size) : (tensor<i32>) -> tensor<?xf32>
  %wu = tensor.cast %w : tensor<?xf32> to tensor<*xf32>
  call @print(%wu) : (tensor<*xf32>) -> ()

  %bins = arith.constant dense<8> : tensor<i64>
  %dft = arith.constant dense<16> : tensor<i64>
  %rate = arith.constant dense<8192> : tensor<i64>
  %lo = arith.constant dense<0.0> : tensor<f32>
  %hi = arith.constant dense<4096.0> : tensor<f32>
  %m = call @mel(%bins, %dft, %rate, %lo, %hi) : (tensor<i64>, tensor<i64>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  %mu = tensor.cast %m : tensor<?x?xf32> to tensor<*xf32>
  call @print(%mu) : (tensor<*xf32>) -> ()
  return
}

// CHECK: rank = 4 offset = 0 sizes = [1, 3, 5, 2]
// CHECK-NEXT{LITERAL}: [[[[28,     0],
// CHECK-NEXT{LITERAL}: [-4,     9.65685],
// CHECK-NEXT{LITERAL}: [-4,     4],
// CHECK-NEXT{LITERAL}: [-4,     1.65685],
// The sine of a quarter turn is not exactly 0 in the run-time table.
// CHECK-NEXT: {{\[}}-4, {{.*}}e-{{1[5-7]}}]],
// CHECK-NEXT{LITERAL}: [[60,     0],
// CHECK{LITERAL}: [[92,     0],

// CHECK: rank = 1 offset = 0 sizes = [7]
// CHECK-NEXT: [0,  0.25,  0.75,  1,  0.75,  0.25,  0]

// CHECK: rank = 2 offset = 0 sizes = [9, 8]
// CHECK-NEXT{LITERAL}: [[1,   1,   0,   0,   0,   0,   0,   0],
// CHECK-NEXT{LITERAL}: [0,   0,   1,   1,   0,   0,   0,   0],
// CHECK-NEXT{LITERAL}: [0,   0,   0,   0,   1,   0,   0,   0],
// CHECK-NEXT{LITERAL}: [0,   0,   0,   0,   0,   1,   0,   0],
// CHECK-NEXT{LITERAL}: [0,   0,   0,   0,   0,   0,   1,   0],
// CHECK-NEXT{LITERAL}: [0,   0,   0,   0,   0,   0,   0,   1],
// CHECK-NEXT{LITERAL}: [0,   0,   0,   0,   0,   0,   0,   0],
