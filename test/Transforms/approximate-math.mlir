// RUN: modelc-opt %s -modelc-approximate-math | FileCheck %s

// Transcendental math ops on f32 scalars and vectors become polynomial
// arithmetic (no libm call); f16 goes through f32; f64 is left alone.

// CHECK-LABEL: func @tanh_f32
// CHECK-NOT: math.tanh
// CHECK: math.fma
// CHECK-NOT: math.tanh
// CHECK: return
func.func @tanh_f32(%x: f32) -> f32 {
  %0 = math.tanh %x : f32
  return %0 : f32
}

// CHECK-LABEL: func @erf_f32
// CHECK-NOT: math.erf
// CHECK: math.fma
// CHECK-NOT: math.erf
// CHECK: return
func.func @erf_f32(%x: f32) -> f32 {
  %0 = math.erf %x : f32
  return %0 : f32
}

// The exponential is split into 2^n * exp(r): a floor and a polynomial.
// CHECK-LABEL: func @exp_vector
// CHECK-NOT: math.exp
// CHECK: math.floor %{{.*}} : vector<8xf32>
// CHECK: math.fma %{{.*}} : vector<8xf32>
// CHECK-NOT: math.exp
// CHECK: return %{{.*}} : vector<8xf32>
func.func @exp_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.exp %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// CHECK-LABEL: func @log_f32
// CHECK-NOT: math.log
// CHECK: math.fma
// CHECK-NOT: math.log
// CHECK: return
func.func @log_f32(%x: f32) -> f32 {
  %0 = math.log %x : f32
  return %0 : f32
}

// CHECK-LABEL: func @log1p_f32
// CHECK-NOT: math.log1p
// CHECK: math.fma
// CHECK-NOT: math.log1p
// CHECK: return
func.func @log1p_f32(%x: f32) -> f32 {
  %0 = math.log1p %x : f32
  return %0 : f32
}

// f16 is computed in f32.
// CHECK-LABEL: func @tanh_f16
// CHECK-SAME: (%[[X:.*]]: f16)
// CHECK: %[[W:.*]] = arith.extf %[[X]] : f16 to f32
// CHECK-NOT: math.tanh
// CHECK: %[[R:.*]] = arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[R]] : f16
func.func @tanh_f16(%x: f16) -> f16 {
  %0 = math.tanh %x : f16
  return %0 : f16
}

// f64 has no approximation: the op stays (and later becomes a libm call).
// CHECK-LABEL: func @exp_f64
// CHECK-SAME: (%[[X:.*]]: f64)
// CHECK: %[[R:.*]] = math.exp %[[X]] : f64
// CHECK-NOT: math.fma
// CHECK: return %[[R]]
func.func @exp_f64(%x: f64) -> f64 {
  %0 = math.exp %x : f64
  return %0 : f64
}

// asin and acos are left to libm: MLIR's approximations of them are not
// accurate enough (asin is 9% off near |x| = 1). atan is approximated.
// CHECK-LABEL: func @inverse_trigonometric
// CHECK-SAME: (%[[X:.*]]: f32, %[[H:.*]]: f16)
// CHECK-DAG: %[[S:.*]] = math.asin %[[X]] : f32
// CHECK-DAG: %[[C:.*]] = math.acos %[[X]] : f32
// CHECK-DAG: %[[SH:.*]] = math.asin %[[H]] : f16
// CHECK-DAG: %[[CH:.*]] = math.acos %[[H]] : f16
// CHECK-NOT: math.atan
// CHECK: return %[[S]], %[[C]], %[[SH]], %[[CH]], %{{.*}} : f32, f32, f16, f16, f32
func.func @inverse_trigonometric(%x: f32, %h: f16) -> (f32, f32, f16, f16, f32) {
  %0 = math.asin %x : f32
  %1 = math.acos %x : f32
  %2 = math.asin %h : f16
  %3 = math.acos %h : f16
  %4 = math.atan %x : f32
  return %0, %1, %2, %3, %4 : f32, f32, f16, f16, f32
}

// Ops without an approximation (sqrt, without AVX2) are left alone.
// CHECK-LABEL: func @sqrt_f32
// CHECK-SAME: (%[[X:.*]]: f32)
// CHECK: %[[R:.*]] = math.sqrt %[[X]] : f32
// CHECK-NEXT: return %[[R]]
func.func @sqrt_f32(%x: f32) -> f32 {
  %0 = math.sqrt %x : f32
  return %0 : f32
}
