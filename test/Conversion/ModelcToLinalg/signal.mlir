// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s

// DFT, STFT, the windows and MelWeightMatrix (Signal.cpp). Transforms sum
// in f64 with a table of cos and sin of 2 pi (k * n mod L) / L, read with
// tensor.extract; sizes that come from run-time scalars are computed from
// tensor.extract of the scalars.

// A real DFT of length 4, onesided (3 bins): the input is viewed as
// batch x n x inner x 1; a reduction over n (the last loop) accumulates
// x * cos for the real part and -x * sin for the imaginary part, from an
// exact constant table (quarter turns are exactly 0 and +-1).
// CHECK-LABEL: func @dft_real
// CHECK-SAME: (%[[X:.*]]: tensor<3x4x1xf32>)
// CHECK-DAG: %[[T:.*]] = arith.constant dense<{{\[\[\[}}1.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00]], {{\[\[}}1.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00], [-1.000000e+00, 0.000000e+00], [0.000000e+00, -1.000000e+00]], {{\[\[}}1.000000e+00, 0.000000e+00], [-1.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00], [-1.000000e+00, 0.000000e+00]]]> : tensor<3x4x2xf64>
// CHECK: %[[XV:.*]] = tensor.expand_shape %[[X]] {{.*}} into tensor<3x4x1x1xf32>
// CHECK: %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f64) outs(%{{.*}} : tensor<3x3x1x2xf64>)
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction"]} ins(%[[XV]] : tensor<3x4x1x1xf32>) outs(%[[ACC]] : tensor<3x3x1x2xf64>)
// CHECK-DAG: %[[K:.*]] = linalg.index 1 : index
// CHECK-DAG: %[[PART:.*]] = linalg.index 3 : index
// CHECK-DAG: %[[N:.*]] = linalg.index 4 : index
// CHECK-DAG: %[[COS:.*]] = tensor.extract %[[T]][%[[K]], %[[N]], %{{.*}}] : tensor<3x4x2xf64>
// CHECK-DAG: %[[SIN:.*]] = tensor.extract %[[T]][%[[K]], %[[N]], %{{.*}}] : tensor<3x4x2xf64>
// CHECK-DAG: %[[XD:.*]] = arith.extf %{{.*}} : f32 to f64
// CHECK-DAG: %[[RE:.*]] = arith.mulf %[[XD]], %[[COS]] : f64
// CHECK-DAG: %[[XS:.*]] = arith.mulf %[[XD]], %[[SIN]] : f64
// CHECK-DAG: %[[IM:.*]] = arith.negf %[[XS]] : f64
// CHECK: %[[IS_RE:.*]] = arith.cmpi eq, %[[PART]], %{{.*}} : index
// CHECK: %[[TERM:.*]] = arith.select %[[IS_RE]], %[[RE]], %[[IM]] : f64
// CHECK: arith.addf %{{.*}}, %[[TERM]] : f64
// CHECK: linalg.generic {{.*}} ins(%[[SUM]] : tensor<3x3x1x2xf64>) outs(%{{.*}} : tensor<3x3x1x2xf32>)
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: tensor.collapse_shape {{.*}} into tensor<3x3x2xf32>
func.func @dft_real(%x: tensor<3x4x1xf32>) -> tensor<3x3x2xf32> {
  %0 = modelc.dft %x {axis = 1 : i64, onesided = true} : (tensor<3x4x1xf32>) -> tensor<3x3x2xf32>
  return %0 : tensor<3x3x2xf32>
}

// A complex inverse DFT cut to 4 of its 6 elements: both parts are
// inputs, the terms follow exp(+i angle) and the sums are scaled by 1/4.
// CHECK-LABEL: func @dft_inverse
// CHECK-DAG: %[[QUARTER:.*]] = arith.constant 2.500000e-01 : f64
// CHECK: %[[CUT:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [2, 4, 3, 2] [1, 1, 1, 1] : tensor<2x6x3x2xf32> to tensor<2x4x3x2xf32>
// CHECK: linalg.generic {{.*}} ins(%[[CUT]], %[[CUT]] : tensor<2x4x3x2xf32>, tensor<2x4x3x2xf32>)
// CHECK: arith.subf
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: arith.mulf %{{.*}}, %[[QUARTER]] : f64
func.func @dft_inverse(%x: tensor<2x6x3x2xf32>) -> tensor<2x4x3x2xf32> {
  %0 = modelc.dft %x {axis = 1 : i64, dft_length = 4 : i64, inverse = true} : (tensor<2x6x3x2xf32>) -> tensor<2x4x3x2xf32>
  return %0 : tensor<2x4x3x2xf32>
}

// STFT with a window of 4 and a run-time step: the frame count is
// 1 + (16 - 4) floordiv step (the step at least 1, the count at least 0);
// each output element sums the frame's 4 windowed elements in an scf.for,
// its reads clamped to the signal and the window.
// CHECK-LABEL: func @stft_window
// CHECK-SAME: (%[[X:.*]]: tensor<2x16x1xf32>, %[[S:.*]]: tensor<i64>, %[[W:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C12:.*]] = arith.constant 12 : index
// CHECK-DAG: %[[C15:.*]] = arith.constant 15 : index
// CHECK-DAG: %[[T:.*]] = arith.constant dense<{{.*}}> : tensor<3x4x2xf64>
// CHECK: %[[SV:.*]] = tensor.extract %[[S]][] : tensor<i64>
// CHECK: %[[SI:.*]] = arith.index_cast %[[SV]] : i64 to index
// CHECK: %[[STEP:.*]] = arith.maxsi %[[SI]], %[[C1]] : index
// CHECK: %[[Q:.*]] = arith.floordivsi %[[C12]], %[[STEP]] : index
// CHECK: %[[F:.*]] = arith.addi %[[Q]], %[[C1]] : index
// CHECK: %[[FRAMES:.*]] = arith.maxsi %[[F]], %[[C0]] : index
// CHECK: %[[E:.*]] = tensor.empty(%[[FRAMES]]) : tensor<2x?x3x2xf64>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%[[E]] : tensor<2x?x3x2xf64>)
// CHECK: %[[START:.*]] = arith.muli %{{.*}}, %[[STEP]] : index
// CHECK: scf.for %[[I:.*]] = %[[C0]] to %[[C4]] step %[[C1]] iter_args(%{{.*}} = %{{.*}}) -> (f64)
// CHECK: %[[AT:.*]] = arith.addi %[[START]], %[[I]] : index
// CHECK: %[[CL:.*]] = arith.minsi %[[AT]], %[[C15]] : index
// CHECK: tensor.extract %[[X]][%{{.*}}, %[[CL]], %[[C0]]] : tensor<2x16x1xf32>
// CHECK: tensor.extract %[[W]]
// CHECK: tensor.extract %[[T]]
// CHECK: scf.yield
// CHECK: tensor.empty(%[[FRAMES]]) : tensor<2x?x3x2xf32>
func.func @stft_window(%x: tensor<2x16x1xf32>, %s: tensor<i64>, %w: tensor<4xf32>) -> tensor<2x?x3x2xf32> {
  %0 = modelc.stft %x step %s window %w : (tensor<2x16x1xf32>, tensor<i64>, tensor<4xf32>) -> tensor<2x?x3x2xf32>
  return %0 : tensor<2x?x3x2xf32>
}

// STFT with a run-time frame length and signal length: the frames and the
// bins (L / 2 + 1) have run-time sizes, the scf.for runs to L, and the
// twiddle factors, which would need a table sized by L, are computed in the
// loop (f64 cos and sin of the reduced angle).
// CHECK-LABEL: func @stft_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<1x?x1xf32>, %[[S:.*]]: tensor<i64>, %[[L:.*]]: tensor<i64>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[LEN:.*]] = tensor.dim %[[X]], %[[C1]] : tensor<1x?x1xf32>
// CHECK: tensor.extract %[[S]][] : tensor<i64>
// CHECK: %[[LV:.*]] = tensor.extract %[[L]][] : tensor<i64>
// CHECK: %[[LI:.*]] = arith.index_cast %[[LV]] : i64 to index
// CHECK: %[[FL:.*]] = arith.maxsi %[[LI]], %[[C0]] : index
// CHECK: arith.subi %[[LEN]], %[[FL]] : index
// CHECK: %[[FRAMES:.*]] = arith.maxsi %{{.*}}, %[[C0]] : index
// CHECK: %[[HALF:.*]] = arith.divui %[[FL]], %[[C2]] : index
// CHECK: %[[BINS:.*]] = arith.addi %[[HALF]], %[[C1]] : index
// CHECK-NOT: tensor<?x?x2xf64>
// CHECK: tensor.empty(%[[FRAMES]], %[[BINS]]) : tensor<1x?x?x2xf64>
// CHECK: scf.for %[[N:.*]] = %[[C0]] to %[[FL]] step %[[C1]]
// CHECK: arith.remui %[[N]], %[[FL]] : index
// CHECK-DAG: math.cos %{{.*}} : f64
// CHECK-DAG: math.sin %{{.*}} : f64
func.func @stft_dynamic(%x: tensor<1x?x1xf32>, %s: tensor<i64>, %l: tensor<i64>) -> tensor<1x?x?x2xf32> {
  %0 = modelc.stft %x step %s length %l : (tensor<1x?x1xf32>, tensor<i64>, tensor<i64>) -> tensor<1x?x?x2xf32>
  return %0 : tensor<1x?x?x2xf32>
}

// A periodic Hamming window of run-time size N: 25/46 - 21/46 cos(2 pi n
// / N) in f64; tensor.empty takes N from the scalar.
// CHECK-LABEL: func @hamming_dynamic
// CHECK-SAME: (%[[N:.*]]: tensor<i64>)
// CHECK-DAG: %[[A:.*]] = arith.constant 0.54347826086956519 : f64
// CHECK-DAG: %[[B:.*]] = arith.constant 0.45652173913043476 : f64
// CHECK-DAG: %[[TAU:.*]] = arith.constant 6.2831853071795862 : f64
// CHECK: %[[NV:.*]] = tensor.extract %[[N]][] : tensor<i64>
// CHECK: %[[NI:.*]] = arith.index_cast %[[NV]] : i64 to index
// CHECK: %[[SIZE:.*]] = arith.maxsi %[[NI]], %{{.*}} : index
// CHECK: %[[STEP:.*]] = arith.divf %[[TAU]], %{{.*}} : f64
// CHECK: %[[E:.*]] = tensor.empty(%[[SIZE]]) : tensor<?xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?xf32>)
// CHECK: %[[ANGLE:.*]] = arith.mulf %{{.*}}, %[[STEP]] : f64
// CHECK: %[[COS:.*]] = math.cos %[[ANGLE]] : f64
// CHECK: %[[T:.*]] = arith.mulf %[[COS]], %[[B]] : f64
// CHECK: arith.subf %[[A]], %[[T]] : f64
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @hamming_dynamic(%n: tensor<i64>) -> tensor<?xf32> {
  %0 = modelc.hamming_window %n : (tensor<i64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// A symmetric Blackman window of static size 5 in f64: the period is 4.
// CHECK-LABEL: func @blackman_static
// CHECK-DAG: %[[STEP:.*]] = arith.constant 1.5707963267948966 : f64
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<5xf64>)
// CHECK: %[[ANGLE:.*]] = arith.mulf %{{.*}}, %[[STEP]] : f64
// CHECK: math.cos %[[ANGLE]] : f64
// CHECK: math.cos
// CHECK-NOT: arith.truncf
// CHECK: linalg.yield
func.func @blackman_static(%n: tensor<i32>) -> tensor<5xf64> {
  %0 = modelc.blackman_window %n {periodic = false} : (tensor<i32>) -> tensor<5xf64>
  return %0 : tensor<5xf64>
}

// MelWeightMatrix with run-time scalars: a table of the num_mel_bins + 2
// points (spectrum bins, i64), then the (dft_length / 2 + 1) x
// num_mel_bins matrix of triangles read from it.
// CHECK-LABEL: func @mel_dynamic
// CHECK-SAME: (%[[B:.*]]: tensor<i64>, %[[N:.*]]: tensor<i32>, %{{.*}}: tensor<i64>, %{{.*}}: tensor<f32>, %{{.*}}: tensor<f32>)
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK: %[[NV:.*]] = tensor.extract %[[N]][] : tensor<i32>
// CHECK: %[[LEN:.*]] = arith.index_cast %[[NV]] : i32 to index
// CHECK: %[[BV:.*]] = tensor.extract %[[B]][] : tensor<i64>
// CHECK: %[[BI:.*]] = arith.index_cast %[[BV]] : i64 to index
// CHECK: %[[BINS:.*]] = arith.maxsi %[[BI]], %{{.*}} : index
// CHECK: math.log10
// CHECK: %[[POINTS:.*]] = arith.addi %[[BINS]], %[[C2]] : index
// CHECK: %[[PE:.*]] = tensor.empty(%[[POINTS]]) : tensor<?xi64>
// CHECK: %[[P:.*]] = linalg.generic {{.*}} outs(%[[PE]] : tensor<?xi64>)
// CHECK: math.powf
// CHECK: math.floor
// CHECK: arith.fptosi %{{.*}} : f64 to i64
// CHECK: %[[HALF:.*]] = arith.divui %{{.*}}, %[[C2]] : index
// CHECK: %[[ROWS:.*]] = arith.addi %[[HALF]], %[[C1]] : index
// CHECK: %[[E:.*]] = tensor.empty(%[[ROWS]], %[[BINS]]) : tensor<?x?xf32>
// CHECK: linalg.generic {{.*}} outs(%[[E]] : tensor<?x?xf32>)
// CHECK-COUNT-3: tensor.extract %[[P]]
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @mel_dynamic(%b: tensor<i64>, %n: tensor<i32>, %r: tensor<i64>, %lo: tensor<f32>, %hi: tensor<f32>) -> tensor<?x?xf32> {
  %0 = modelc.mel_weight_matrix %b, %n, %r, %lo, %hi : (tensor<i64>, tensor<i32>, tensor<i64>, tensor<f32>, tensor<f32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}
