// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s

// The random generators (Random.cpp): each element's four 32-bit words are
// Philox4x32-10 of its row-major position, computed in the body of a
// parallel linalg.generic from linalg.index; the seed is the key, so the
// round keys are constants. No state, no allocation but the result's.

// Uniform in [-1, 2), f32: position i * 3 + j as the counter; each round
// multiplies by 0xD2511F53 and 0xCD9E8D57 (as i64) and xors the round key
// (the seed, 7, in round 1); u is the high 24 bits of the first word times
// 2^-24, mapped to -1 + 3 u and clamped to [-1, the largest f32 below 2].
// CHECK-LABEL: func @uniform
// CHECK-DAG: %[[HIGHEST:.*]] = arith.constant 1.99999988 : f32
// CHECK-DAG: %[[LOW:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-DAG: %[[SPAN:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-DAG: %[[ULP:.*]] = arith.constant 5.96046448E-8 : f32
// CHECK-DAG: %[[KEY:.*]] = arith.constant 7 : i32
// CHECK-DAG: %[[M0:.*]] = arith.constant 3528531795 : i64
// CHECK-DAG: %[[M1:.*]] = arith.constant 3449720151 : i64
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} outs(%[[EMPTY]] : tensor<2x3xf32>)
// CHECK: %[[I:.*]] = linalg.index 0 : index
// CHECK: %[[ROW:.*]] = arith.muli %[[I]], %c3 : index
// CHECK: %[[J:.*]] = linalg.index 1 : index
// CHECK: %[[POS:.*]] = arith.addi %[[ROW]], %[[J]] : index
// CHECK: %[[CTR:.*]] = arith.index_castui %[[POS]] : index to i64
// CHECK: arith.muli %{{.*}}, %[[M0]] : i64
// CHECK: arith.xori %{{.*}}, %[[KEY]] : i32
// CHECK: arith.muli %{{.*}}, %[[M1]] : i64
// CHECK: %[[BITS:.*]] = arith.shrui %{{.*}}, %c8_i32 : i32
// CHECK: %[[F:.*]] = arith.uitofp %[[BITS]] : i32 to f32
// CHECK: %[[U:.*]] = arith.mulf %[[F]], %[[ULP]] : f32
// CHECK: %[[SCALED:.*]] = arith.mulf %[[U]], %[[SPAN]] : f32
// CHECK: %[[V:.*]] = arith.addf %[[SCALED]], %[[LOW]] : f32
// CHECK: %[[ABOVE:.*]] = arith.maximumf %[[V]], %[[LOW]] : f32
// CHECK: %[[BELOW:.*]] = arith.minimumf %[[ABOVE]], %[[HIGHEST]] : f32
// CHECK: linalg.yield %[[BELOW]] : f32
func.func @uniform() -> tensor<2x3xf32> {
  %0 = modelc.random_uniform {low = -1.0 : f32, high = 2.0 : f32, seed = 7 : i64} : () -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// RandomUniformLike of a dynamic input, f64: the result's dynamic size is
// read from `like`; u is the high 53 bits of the first two words times
// 2^-53.
// CHECK-LABEL: func @uniform_like
// CHECK-SAME: (%[[X:.*]]: tensor<?x3xi64>)
// CHECK-DAG: %[[ULP:.*]] = arith.constant 1.1102230246251565E-16 : f64
// CHECK: %[[DIM:.*]] = tensor.dim %[[X]], %c0 : tensor<?x3xi64>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[DIM]]) : tensor<?x3xf64>
// CHECK: linalg.generic {{.*}} outs(%[[EMPTY]] : tensor<?x3xf64>)
// CHECK: %[[HI:.*]] = arith.shli %{{.*}}, %c32_i64 : i64
// CHECK: %[[BOTH:.*]] = arith.ori %[[HI]], %{{.*}} : i64
// CHECK: %[[BITS:.*]] = arith.shrui %[[BOTH]], %c11_i64 : i64
// CHECK: %[[F:.*]] = arith.uitofp %[[BITS]] : i64 to f64
// CHECK: arith.mulf %[[F]], %[[ULP]] : f64
// CHECK: arith.maximumf
// CHECK: arith.minimumf
// CHECK: -> tensor<?x3xf64>
func.func @uniform_like(%x: tensor<?x3xi64>) -> tensor<?x3xf64> {
  %0 = modelc.random_uniform %x {seed = 4294967298 : i64} : (tensor<?x3xi64>) -> tensor<?x3xf64>
  return %0 : tensor<?x3xf64>
}

// low == high: a fill, no generator.
// CHECK-LABEL: func @uniform_equal
// CHECK: %[[TWO:.*]] = arith.constant 2.000000e+00 : bf16
// CHECK: linalg.fill ins(%[[TWO]] : bf16) outs(%{{.*}} : tensor<4xbf16>)
// CHECK-NOT: linalg.generic
func.func @uniform_equal() -> tensor<4xbf16> {
  %0 = modelc.random_uniform {low = 2.0 : f32, high = 2.0 : f32, seed = 0 : i64} : () -> tensor<4xbf16>
  return %0 : tensor<4xbf16>
}

// Normal, f16: Box-Muller in f32 from u1 = 1 - u (first word) and u2
// (second word), mean + scale z, rounded to f16.
// CHECK-LABEL: func @normal
// CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<4xf16>)
// CHECK: %[[U1:.*]] = arith.subf %{{.*}}, %{{.*}} : f32
// CHECK: %[[LOG:.*]] = math.log %[[U1]] : f32
// CHECK: %[[R2:.*]] = arith.mulf %[[LOG]], %{{.*}} : f32
// CHECK: %[[R:.*]] = math.sqrt %[[R2]] : f32
// CHECK: %[[COS:.*]] = math.cos %{{.*}} : f32
// CHECK: %[[Z:.*]] = arith.mulf %[[R]], %[[COS]] : f32
// CHECK: %[[SZ:.*]] = arith.mulf %[[Z]], %{{.*}} : f32
// CHECK: %[[V:.*]] = arith.addf %[[SZ]], %{{.*}} : f32
// CHECK: %[[H:.*]] = arith.truncf %[[V]] : f32 to f16
// CHECK: linalg.yield %[[H]] : f16
func.func @normal() -> tensor<4xf16> {
  %0 = modelc.random_normal {mean = 1.0 : f32, scale = 2.0 : f32, seed = 0 : i64} : () -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// Bernoulli of f64 probabilities: u (53 bits) < p; a bool result yields the
// comparison, a float one selects 1 or 0.
// CHECK-LABEL: func @bernoulli
// CHECK-SAME: (%[[P:.*]]: tensor<10xf64>)
// CHECK: linalg.generic {{.*}} ins(%[[P]] : tensor<10xf64>) outs(%{{.*}} : tensor<10xi1>)
// CHECK: ^bb0(%[[IN:.*]]: f64, %{{.*}}: i1):
// CHECK: %[[U:.*]] = arith.mulf %{{.*}}, %{{.*}} : f64
// CHECK: %[[ONE:.*]] = arith.cmpf olt, %[[U]], %[[IN]] : f64
// CHECK: linalg.yield %[[ONE]] : i1
// CHECK: linalg.generic {{.*}} ins(%[[P]] : tensor<10xf64>) outs(%{{.*}} : tensor<10xf32>)
// CHECK: %[[ONE:.*]] = arith.cmpf olt
// CHECK: %[[V:.*]] = arith.select %[[ONE]], %{{.*}}, %{{.*}} : f32
// CHECK: linalg.yield %[[V]] : f32
func.func @bernoulli(%p: tensor<10xf64>) -> (tensor<10xi1>, tensor<10xf32>) {
  %0 = modelc.bernoulli %p {seed = 0 : i64} : (tensor<10xf64>) -> tensor<10xi1>
  %1 = modelc.bernoulli %p {seed = 1 : i64} : (tensor<10xf64>) -> tensor<10xf32>
  return %0, %1 : tensor<10xi1>, tensor<10xf32>
}

// Training-mode Dropout with run-time ratio and training_mode (read once,
// before the loops): one generic writes the output and the mask; kept
// where u >= ratio, scaled by 1 / (1 - ratio); outside training mode the
// input and a true mask.
// CHECK-LABEL: func @dropout
// CHECK-SAME: (%[[X:.*]]: tensor<?x4xf32>, %[[R:.*]]: tensor<f32>, %[[T:.*]]: tensor<i1>)
// CHECK-DAG: %[[RATIO:.*]] = tensor.extract %[[R]][] : tensor<f32>
// CHECK-DAG: %[[TRAINING:.*]] = tensor.extract %[[T]][] : tensor<i1>
// CHECK-DAG: %[[KEEP_SCALE:.*]] = arith.subf %{{.*}}, %[[RATIO]] : f32
// CHECK: %[[OUTS:.*]]:2 = linalg.generic {{.*}} ins(%[[X]] : tensor<?x4xf32>) outs(%{{.*}}, %{{.*}} : tensor<?x4xf32>, tensor<?x4xi1>)
// CHECK: ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32, %{{.*}}: i1):
// CHECK: %[[U:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK: %[[KEEP:.*]] = arith.cmpf oge, %[[U]], %[[RATIO]] : f32
// CHECK: %[[SCALED:.*]] = arith.divf %[[IN]], %[[KEEP_SCALE]] : f32
// CHECK: %[[DROPPED:.*]] = arith.select %[[KEEP]], %[[SCALED]], %{{.*}} : f32
// CHECK: %[[Y:.*]] = arith.select %[[TRAINING]], %[[DROPPED]], %[[IN]] : f32
// CHECK: %[[MASK:.*]] = arith.select %[[TRAINING]], %[[KEEP]], %true : i1
// CHECK: linalg.yield %[[Y]], %[[MASK]] : f32, i1
// CHECK: return %[[OUTS]]#0, %[[OUTS]]#1
func.func @dropout(%x: tensor<?x4xf32>, %r: tensor<f32>, %t: tensor<i1>) -> (tensor<?x4xf32>, tensor<?x4xi1>) {
  %y, %mask = modelc.dropout %x, %r, %t {seed = 0 : i64} : (tensor<?x4xf32>, tensor<f32>, tensor<i1>) -> (tensor<?x4xf32>, tensor<?x4xi1>)
  return %y, %mask : tensor<?x4xf32>, tensor<?x4xi1>
}

// Multinomial: the row maxima and totals of exp(x - max) are reductions;
// per sample an scf.for finds the first class whose running sum exceeds
// u * total (or the last class of non-zero probability).
// CHECK-LABEL: func @multinomial
// CHECK-SAME: (%[[L:.*]]: tensor<2x4xf32>)
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[L]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK: arith.maximumf
// CHECK: %[[TOTAL:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%[[L]], %[[MAX]] : tensor<2x4xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<2xf32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%[[MAX]], %[[TOTAL]] : tensor<2xf32>, tensor<2xf32>) outs(%{{.*}} : tensor<2x5xi32>)
// CHECK: ^bb0(%[[M:.*]]: f32, %[[T:.*]]: f32, %{{.*}}: i32):
// CHECK: %[[B:.*]] = linalg.index 0 : index
// CHECK: %[[TARGET:.*]] = arith.mulf %{{.*}}, %[[T]] : f32
// CHECK: %[[LOOP:.*]]:4 = scf.for %[[C:.*]] = %c0 to %c4 step %c1 iter_args({{.*}}) -> (f32, index, i1, index)
// CHECK: %[[X:.*]] = tensor.extract %[[L]][%[[B]], %[[C]]] : tensor<2x4xf32>
// CHECK: %[[D:.*]] = arith.subf %[[X]], %[[M]] : f32
// CHECK: math.exp %[[D]] : f32
// CHECK: arith.cmpf ogt, %{{.*}}, %[[TARGET]] : f32
// CHECK: %[[CLASS:.*]] = arith.select %[[LOOP]]#2, %[[LOOP]]#1, %[[LOOP]]#3 : index
// CHECK: %[[I:.*]] = arith.index_cast %[[CLASS]] : index to i32
// CHECK: linalg.yield %[[I]] : i32
func.func @multinomial(%l: tensor<2x4xf32>) -> tensor<2x5xi32> {
  %0 = modelc.multinomial %l {sample_size = 5 : i64, seed = 3 : i64} : (tensor<2x4xf32>) -> tensor<2x5xi32>
  return %0 : tensor<2x5xi32>
}
