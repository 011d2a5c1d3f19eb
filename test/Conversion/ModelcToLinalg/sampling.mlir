// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s

// GridSample and RoiAlign (Sampling.cpp): one parallel linalg.generic over
// the result; the body reads the grid or the region (tensor.extract),
// computes the sampled positions and reads the input at clamped indices.

// Bilinear with border padding: per axis the grid coordinate is
// unnormalized ((g + 1) * size - 1) / 2 and bounded to [-8, size + 8];
// its two taps (floor, floor + 1) are clamped to the axis (the border
// padding, pixel by pixel); the four pixels are weighted row by row.
// CHECK-LABEL: func @grid_sample_border
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x3x4xf32>, %[[G:.*]]: tensor<1x2x5x2xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-DAG: %[[W:.*]] = arith.constant 4.000000e+00 : f32
// CHECK-DAG: %[[LASTX:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-DAG: %[[FARLO:.*]] = arith.constant -8.000000e+00 : f32
// CHECK-DAG: %[[FARHI:.*]] = arith.constant 1.200000e+01 : f32
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel"]} outs(%{{.*}} : tensor<1x2x2x5xf32>)
// CHECK-DAG: %[[N:.*]] = linalg.index 0 : index
// CHECK-DAG: %[[C:.*]] = linalg.index 1 : index
// CHECK-DAG: %[[HO:.*]] = linalg.index 2 : index
// CHECK-DAG: %[[WO:.*]] = linalg.index 3 : index
// CHECK: %[[GX:.*]] = tensor.extract %[[G]][%[[N]], %[[HO]], %[[WO]], %[[C0]]]
// CHECK: %[[P:.*]] = arith.addf %[[GX]], %[[ONE]] : f32
// CHECK: arith.mulf %[[P]], %[[W]] : f32
// CHECK: %[[UX:.*]] = arith.divf
// CHECK: %[[B1:.*]] = arith.maxnumf %[[UX]], %[[FARLO]] : f32
// CHECK: %[[B2:.*]] = arith.minnumf %[[B1]], %[[FARHI]] : f32
// CHECK: %[[FL:.*]] = math.floor %[[B2]] : f32
// CHECK: %[[T0:.*]] = arith.maxnumf %[[FL]], %[[ZERO]] : f32
// CHECK: %[[T1:.*]] = arith.minnumf %[[T0]], %[[LASTX]] : f32
// CHECK: arith.fptosi %[[T1]] : f32 to i64
// CHECK: tensor.extract %[[G]][%[[N]], %[[HO]], %[[WO]], %[[C1]]]
// CHECK-COUNT-4: tensor.extract %[[X]][%[[N]], %[[C]], %{{.*}}, %{{.*}}] : tensor<1x2x3x4xf32>
// CHECK: linalg.yield
func.func @grid_sample_border(%x: tensor<1x2x3x4xf32>, %g: tensor<1x2x5x2xf32>) -> tensor<1x2x2x5xf32> {
  %0 = modelc.grid_sample %x, %g {padding_mode = "border"} : (tensor<1x2x3x4xf32>, tensor<1x2x5x2xf32>) -> tensor<1x2x2x5xf32>
  return %0 : tensor<1x2x2x5xf32>
}

// Nearest with reflection and align_corners: (g + 1) / 2 * (size - 1),
// rounded half to even, reflected into [0, size - 1], truncated; one
// pixel.
// CHECK-LABEL: func @grid_sample_nearest
// CHECK: linalg.generic
// CHECK: math.roundeven %{{.*}} : f32
// CHECK: math.trunc
// CHECK-COUNT-1: tensor.extract %arg0
// CHECK-NOT: tensor.extract %arg0
// CHECK: linalg.yield
func.func @grid_sample_nearest(%x: tensor<1x2x3x4xf32>, %g: tensor<1x2x5x2xf32>) -> tensor<1x2x2x5xf32> {
  %0 = modelc.grid_sample %x, %g {mode = "nearest", padding_mode = "reflection", align_corners = true} : (tensor<1x2x3x4xf32>, tensor<1x2x5x2xf32>) -> tensor<1x2x2x5xf32>
  return %0 : tensor<1x2x2x5xf32>
}

// Bicubic with zeros padding, f16: computed in f32 from 4 x 4 pixels,
// each zero outside the input.
// CHECK-LABEL: func @grid_sample_bicubic
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x2x5xf16>)
// CHECK: arith.extf %{{.*}} : f16 to f32
// CHECK-COUNT-16: tensor.extract %arg0
// CHECK: arith.truncf %{{.*}} : f32 to f16
func.func @grid_sample_bicubic(%x: tensor<1x1x3x4xf16>, %g: tensor<1x2x5x2xf16>) -> tensor<1x1x2x5xf16> {
  %0 = modelc.grid_sample %x, %g {mode = "bicubic"} : (tensor<1x1x3x4xf16>, tensor<1x2x5x2xf16>) -> tensor<1x1x2x5xf16>
  return %0 : tensor<1x1x2x5xf16>
}

// RoiAlign, max mode, half_pixel: the region is read from the rois (in
// f64, shifted by -0.5), the samples per bin (ceil of the bin size,
// sampling_ratio being 0) bound two scf.for loops that carry the maximum
// of the weighted pixels. The image indices are checked first to be in
// the batch (2), never negative.
// CHECK-LABEL: func @roi_align_max
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x8x8xf32>, %[[R:.*]]: tensor<4x4xf32>, %[[B:.*]]: tensor<4xi64>)
// CHECK-DAG: %[[HALF:.*]] = arith.constant 5.000000e-01 : f64
// CHECK-DAG: %[[NEGINF:.*]] = arith.constant 0xFFF0000000000000 : f64
// CHECK-DAG: %[[BATCH:.*]] = arith.constant 2 : index
// CHECK: scf.for
// CHECK: %[[I:.*]] = tensor.extract %[[B]]
// CHECK: %[[II:.*]] = arith.index_cast %[[I]] : i64 to index
// CHECK: arith.cmpi sge, %[[II]], %{{.*}} : index
// CHECK: arith.cmpi slt, %[[II]], %[[BATCH]] : index
// CHECK: modelc.check %{{.*}}, "RoiAlign: every index is within the axis (0 <= index < size)" {status = 1 : i32}
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4x3x2x2xf32>)
// CHECK: %[[X1:.*]] = tensor.extract %[[R]][%{{.*}}, %{{.*}}] : tensor<4x4xf32>
// CHECK: %[[X1D:.*]] = arith.extf %[[X1]] : f32 to f64
// CHECK: arith.subf %[[X1D]], %[[HALF]] : f64
// CHECK: math.ceil
// CHECK: %[[IMG:.*]] = tensor.extract %[[B]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[NEGINF]]) -> (f64)
// CHECK: scf.for
// CHECK-COUNT-4: tensor.extract %[[X]]
// CHECK: arith.maximumf
// CHECK: arith.truncf %{{.*}} : f64 to f32
func.func @roi_align_max(%x: tensor<2x3x8x8xf32>, %r: tensor<4x4xf32>, %b: tensor<4xi64>) -> tensor<4x3x2x2xf32> {
  %0 = modelc.roi_align %x, %r, %b {mode = "max"} : (tensor<2x3x8x8xf32>, tensor<4x4xf32>, tensor<4xi64>) -> tensor<4x3x2x2xf32>
  return %0 : tensor<4x3x2x2xf32>
}

// Avg mode with sampling_ratio 2: constant loop bounds, a sum divided by
// the sample count.
// CHECK-LABEL: func @roi_align_avg
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[FOUR:.*]] = arith.constant 4.000000e+00 : f64
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C2]]
// CHECK: scf.for %{{.*}} = %{{.*}} to %[[C2]]
// CHECK: arith.divf %{{.*}}, %[[FOUR]] : f64
func.func @roi_align_avg(%x: tensor<2x3x8x8xf32>, %r: tensor<4x4xf32>, %b: tensor<4xi64>) -> tensor<4x3x2x2xf32> {
  %0 = modelc.roi_align %x, %r, %b {sampling_ratio = 2 : i64, coordinate_transformation_mode = "output_half_pixel"} : (tensor<2x3x8x8xf32>, tensor<4x4xf32>, tensor<4xi64>) -> tensor<4x3x2x2xf32>
  return %0 : tensor<4x3x2x2xf32>
}
