// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s

// TfIdfVectorizer (Text.cpp): a parallel linalg.generic over (row, output
// position). The pool becomes tables: the tokens per n-gram padded to the
// longest, the lengths, the n-grams ordered by output position, and each
// position's range in that order. The body loops over the position's
// n-grams, the skip distances (one for 1-grams), the start positions whose
// last token is in the row and the tokens, counting the matches.

// IDF with weights: ngram_indexes [2, 0, 1] orders the n-grams 1, 2, 0;
// with one skip the distances of 2-grams are 1 and 2 (loop end 3).
// CHECK-LABEL: func @tfidf_idf
// CHECK-SAME: (%[[X:.*]]: tensor<?x6xi32>)
// CHECK-DAG: %[[TOKENS:.*]] = arith.constant dense<{{\[}}[4, 0], [5, 0], [4, 5]]> : tensor<3x2xi64>
// CHECK-DAG: %[[LENGTHS:.*]] = arith.constant dense<[1, 1, 2]> : tensor<3xi64>
// CHECK-DAG: %[[ORDER:.*]] = arith.constant dense<[1, 2, 0]> : tensor<3xi64>
// CHECK-DAG: %[[OFFSETS:.*]] = arith.constant dense<[0, 1, 2, 3]> : tensor<4xi64>
// CHECK-DAG: %[[WEIGHTS:.*]] = arith.constant dense<[5.000000e-01, 2.000000e+00, 4.000000e+00]> : tensor<3xf32>
// CHECK: %[[DIM:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x6xi32>
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[DIM]]) : tensor<?x3xf32>
// CHECK: %[[R:.*]] = linalg.generic {{{.*}}iterator_types = ["parallel", "parallel"]} outs(%[[EMPTY]] : tensor<?x3xf32>)
// CHECK: %[[ROW:.*]] = linalg.index 0 : index
// CHECK: %[[POS:.*]] = linalg.index 1 : index
// CHECK: tensor.extract %[[OFFSETS]][%[[POS]]]
// CHECK: %[[COUNT:.*]] = scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (i64)
// CHECK: tensor.extract %[[ORDER]][%[[T]]]
// CHECK: tensor.extract %[[LENGTHS]]
// CHECK: scf.for %[[D:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step
// CHECK: scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %true) -> (i1)
// CHECK: %[[TOKEN:.*]] = tensor.extract %[[X]][%[[ROW]], %{{.*}}] : tensor<?x6xi32>
// CHECK: %[[WIDE:.*]] = arith.extsi %[[TOKEN]] : i32 to i64
// CHECK: %[[WANTED:.*]] = tensor.extract %[[TOKENS]][%{{.*}}, %[[J]]]
// CHECK: arith.cmpi eq, %[[WIDE]], %[[WANTED]] : i64
// CHECK: %[[F:.*]] = arith.sitofp %[[COUNT]] : i64 to f32
// CHECK: %[[W:.*]] = tensor.extract %[[WEIGHTS]][%[[POS]]]
// CHECK: %[[SEEN:.*]] = arith.cmpf ogt, %[[F]]
// CHECK: %[[V:.*]] = arith.select %[[SEEN]], %[[W]]
// CHECK: linalg.yield %[[V]] : f32
// CHECK: return %[[R]] : tensor<?x3xf32>
func.func @tfidf_idf(%x: tensor<?x6xi32>) -> tensor<?x3xf32> {
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 2 : i64, max_skip_count = 1 : i64, min_gram_length = 1 : i64, mode = "IDF", ngram_counts = array<i64: 0, 2>, ngram_indexes = array<i64: 2, 0, 1>, pool = array<i64: 4, 5, 4, 5>, weights = array<f32: 0.5, 2.0, 4.0>} : (tensor<?x6xi32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// TF of one row of i64 tokens: no extension, the count as it is. Only the
// 2-grams count (min_gram_length 2), so the 1-gram 7 is not in the tables;
// output position 0 has no n-gram (offsets 0, 0, 1).
// CHECK-LABEL: func @tfidf_tf
// CHECK-SAME: (%[[X:.*]]: tensor<5xi64>)
// CHECK-DAG: arith.constant dense<{{\[}}[4, 5]]> : tensor<1x2xi64>
// CHECK-DAG: arith.constant dense<[0, 0, 1]> : tensor<3xi64>
// CHECK: linalg.generic {{{.*}}iterator_types = ["parallel"]}
// CHECK-NOT: linalg.index 1
// CHECK: tensor.extract %[[X]][%{{.*}}] : tensor<5xi64>
// CHECK-NOT: arith.extsi
// CHECK: %[[F:.*]] = arith.sitofp %{{.*}} : i64 to f32
// CHECK-NEXT: linalg.yield %[[F]] : f32
func.func @tfidf_tf(%x: tensor<5xi64>) -> tensor<2xf32> {
  %0 = modelc.tfidf_vectorizer %x {max_gram_length = 2 : i64, max_skip_count = 0 : i64, min_gram_length = 2 : i64, mode = "TF", ngram_counts = array<i64: 0, 1>, ngram_indexes = array<i64: 0, 1>, pool = array<i64: 7, 4, 5>} : (tensor<5xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
