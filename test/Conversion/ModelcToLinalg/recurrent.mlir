// RUN: modelc-opt %s -convert-modelc-to-linalg | FileCheck %s
// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -linalg-fuse-elementwise-ops -cse -modelc-materialize-results \
// RUN:   -one-shot-bufferize="bufferize-function-boundaries function-boundary-type-conversion=identity-layout-map" \
// RUN:   | FileCheck %s --check-prefix=BUF
// RUN: modelc-opt %s -convert-modelc-to-linalg -canonicalize -cse | FileCheck %s --check-prefix=DYN

// RNN, GRU and LSTM (Recurrent.cpp). Per direction: X * W^T + biases for
// all steps in one matmul before the loop, then an scf.for over the steps
// whose iter_args are the states, Y and scratch tensors; the body writes
// each of them in place (every generic reads the outputs it writes), so
// bufferization allocates nothing inside the loop.

// Matmul: d0 = m, d1 = k, d2 = n; elementwise: d0 = batch, d1 = hidden.
// CHECK-DAG: #[[$MK:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$KN:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[$MN:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$COL:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d0)>

// CHECK-LABEL: func @rnn
// CHECK-SAME: (%[[X:.*]]: tensor<3x2x5xf32>, %[[W:.*]]: tensor<1x4x5xf32>, %[[R:.*]]: tensor<1x4x4xf32>, %[[B:.*]]: tensor<1x8xf32>)
// The input projection, initialized with Wb + Rb.
// CHECK: %[[BD:.*]] = tensor.extract_slice %[[B]][0, 0] [1, 8] [1, 1] : tensor<1x8xf32> to tensor<8xf32>
// CHECK: %[[X2:.*]] = tensor.expand_shape
// CHECK: %[[WB:.*]] = tensor.extract_slice %[[BD]][0] [4] [1]
// CHECK: %[[RB:.*]] = tensor.extract_slice %[[BD]][4] [4] [1]
// CHECK: %[[BIAS:.*]] = linalg.generic {indexing_maps = [#[[$COL]], #[[$COL]], #[[$ID]]], {{.*}} ins(%[[WB]], %[[RB]] : tensor<4xf32>, tensor<4xf32>) outs(%{{.*}} : tensor<6x4xf32>)
// CHECK: %[[WT:.*]] = linalg.transpose
// CHECK: %[[XW:.*]] = linalg.generic {indexing_maps = [#[[$MK]], #[[$KN]], #[[$MN]]], iterator_types = ["parallel", "reduction", "parallel"]} ins(%[[X2]], %[[WT]] : tensor<6x5xf32>, tensor<5x4xf32>) outs(%[[BIAS]] : tensor<6x4xf32>)
// CHECK: %[[RT:.*]] = linalg.transpose
// CHECK: %[[H0:.*]] = linalg.fill
// CHECK: %[[LOOP:.*]]:3 = scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %[[H0]], %[[Y:.*]] = %{{.*}}, %[[S:.*]] = %{{.*}}) -> (tensor<2x4xf32>, tensor<3x1x2x4xf32>, tensor<2x4xf32>)
// CHECK:   %[[ROW:.*]] = arith.muli %[[T]], %{{.*}} : index
// CHECK:   %[[XWT:.*]] = tensor.extract_slice %[[XW]][%[[ROW]], 0] [2, 4] [1, 1] : tensor<6x4xf32> to tensor<2x4xf32>
// CHECK:   %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%[[S]] : tensor<2x4xf32>)
// CHECK:   %[[HR:.*]] = linalg.generic {{.*}} ins(%[[H]], %[[RT]] : tensor<2x4xf32>, tensor<4x4xf32>) outs(%[[ZERO]] : tensor<2x4xf32>)
// CHECK:   %[[NEW:.*]] = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]]], {{.*}} ins(%[[XWT]] : tensor<2x4xf32>) outs(%[[HR]] : tensor<2x4xf32>)
// CHECK:   ^bb0(%[[IN:.*]]: f32, %[[OUT:.*]]: f32):
// CHECK:     %[[PRE:.*]] = arith.addf %[[IN]], %[[OUT]] : f32
// CHECK:     math.tanh %[[PRE]] : f32
// CHECK:   %[[HNEW:.*]] = linalg.copy ins(%[[NEW]] : tensor<2x4xf32>) outs(%[[H]] : tensor<2x4xf32>)
// CHECK:   %[[YNEW:.*]] = tensor.insert_slice %[[HNEW]] into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 4] [1, 1, 1, 1]
// CHECK:   scf.yield %[[HNEW]], %[[YNEW]], %[[NEW]]
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[LOOP]]#0 into %{{.*}}[0, 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: return %[[LOOP]]#1, %[[YH]]

// Nothing is allocated inside the loop.
// BUF-LABEL: func @rnn
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF: scf.yield
func.func @rnn(%x: tensor<3x2x5xf32>, %w: tensor<1x4x5xf32>, %r: tensor<1x4x4xf32>, %b: tensor<1x8xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %y_h = modelc.rnn %x, %w, %r bias %b {hidden_size = 4 : i64} : (tensor<3x2x5xf32>, tensor<1x4x5xf32>, tensor<1x4x4xf32>, tensor<1x8xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %y_h : tensor<3x1x2x4xf32>, tensor<1x2x4xf32>
}

// A reverse GRU with sequence_lens: the steps run backwards, Y starts as
// zeros, and a step past an item's length keeps its state and Y's zeros.
// Without linear_before_reset, rt (.) Ht-1 is computed over rt's columns of
// hr = Ht-1 * [Rz Rr]^T, then multiplied by Rh^T.
// CHECK-LABEL: func @gru_reverse_lens
// CHECK-SAME: %[[LENS:[^:]*]]: tensor<2xi32>)
// CHECK: %[[Y0:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<3x1x2x4xf32>)
// CHECK: %[[RT:.*]] = linalg.transpose {{.*}} outs(%{{.*}} : tensor<4x12xf32>)
// CHECK: %[[RZR:.*]] = tensor.extract_slice %[[RT]][0, 0] [4, 8] [1, 1]
// CHECK: %[[RH:.*]] = tensor.extract_slice %[[RT]][0, 8] [4, 4] [1, 1]
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[Y:.*]] = %[[Y0]], %[[S:.*]] = %{{.*}}, %[[S2:.*]] = %{{.*}}) -> (tensor<2x4xf32>, tensor<3x1x2x4xf32>, tensor<2x8xf32>, tensor<2x4xf32>)
// CHECK:   %[[T:.*]] = arith.subi %{{.*}}, %[[I]] : index
// CHECK:   %[[HR:.*]] = linalg.generic {{.*}} ins(%[[H]], %[[RZR]] : tensor<2x4xf32>, tensor<4x8xf32>)
// CHECK:   %[[HRR:.*]] = tensor.extract_slice %[[HR]][0, 4] [2, 4] [1, 1]
// CHECK:   %[[RESET:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[H]] : tensor<2x4xf32>, tensor<2x4xf32>) outs(%[[HRR]] : tensor<2x4xf32>)
// CHECK:   %[[HR2:.*]] = tensor.insert_slice %[[RESET]] into %[[HR]][0, 4] [2, 4] [1, 1]
// CHECK:   %[[RHR:.*]] = linalg.generic {{.*}} ins(%[[RESET]], %[[RH]] : tensor<2x4xf32>, tensor<4x4xf32>)
// CHECK:   %[[YT:.*]] = tensor.extract_slice %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 4] [1, 1, 1, 1]
// CHECK:   %[[NEW:.*]]:2 = linalg.generic {indexing_maps = [#[[$ID]], #[[$ID]], #[[$ID]], #[[$ID]], #[[$ID]], #[[$ROW]], #[[$ID]], #[[$ID]]], {{.*}} ins(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[RHR]], %[[LENS]] : {{.*}}) outs(%[[H]], %[[YT]] : tensor<2x4xf32>, tensor<2x4xf32>)
// CHECK:   ^bb0({{.*}}, %[[LEN:.*]]: i32, %[[HOLD:.*]]: f32, %[[YOLD:.*]]: f32):
// CHECK:     %[[STEP:.*]] = arith.index_cast %[[T]] : index to i64
// CHECK:     %[[LEN64:.*]] = arith.extsi %[[LEN]] : i32 to i64
// CHECK:     %[[VALID:.*]] = arith.cmpi slt, %[[STEP]], %[[LEN64]] : i64
// CHECK:     %[[HSEL:.*]] = arith.select %[[VALID]], %[[HNEW:.*]], %[[HOLD]] : f32
// CHECK:     %[[YSEL:.*]] = arith.select %[[VALID]], %[[HNEW]], %[[YOLD]] : f32
// CHECK:     linalg.yield %[[HSEL]], %[[YSEL]]
// CHECK:   %[[YNEW:.*]] = tensor.insert_slice %[[NEW]]#1 into %[[Y]][%[[T]], 0, 0, 0] [1, 1, 2, 4] [1, 1, 1, 1]
// CHECK:   scf.yield %[[NEW]]#0, %[[YNEW]], %[[HR2]], %[[RHR]]

// BUF-LABEL: func @gru_reverse_lens
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF: scf.yield
func.func @gru_reverse_lens(%x: tensor<3x2x5xf32>, %w: tensor<1x12x5xf32>, %r: tensor<1x12x4xf32>, %lens: tensor<2xi32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>) {
  %y, %y_h = modelc.gru %x, %w, %r sequence_lens %lens {hidden_size = 4 : i64, direction = "reverse"} : (tensor<3x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x4xf32>, tensor<2xi32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  return %y, %y_h : tensor<3x1x2x4xf32>, tensor<1x2x4xf32>
}

// GRU with linear_before_reset: one matmul per step, Rbh added in the
// step's generic; a clip bounds the activations' inputs.
// CHECK-LABEL: func @gru_linear_before_reset
// CHECK: scf.for
// CHECK:   %[[HR:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<2x12xf32>)
// CHECK-NOT: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "parallel"]
// CHECK:   linalg.generic {{.*}} ins({{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<4xf32>)
// CHECK:     arith.maximumf %{{.*}}, %{{.*}} : f32
// CHECK:     arith.minimumf %{{.*}}, %{{.*}} : f32
// CHECK:   scf.yield
func.func @gru_linear_before_reset(%x: tensor<3x2x5xf32>, %w: tensor<1x12x5xf32>, %r: tensor<1x12x4xf32>, %b: tensor<1x24xf32>) -> tensor<1x2x4xf32> {
  %y, %y_h = modelc.gru %x, %w, %r bias %b {hidden_size = 4 : i64, linear_before_reset = true, clip = 3.0 : f32} : (tensor<3x2x5xf32>, tensor<1x12x5xf32>, tensor<1x12x4xf32>, tensor<1x24xf32>) -> (tensor<3x1x2x4xf32>, tensor<1x2x4xf32>)
  return %y_h : tensor<1x2x4xf32>
}

// A bidirectional LSTM without Y: one loop per direction, the second one
// backwards; c is updated in place, Ht computed over ot's columns of hr.
// The final states of the directions are stacked.
// CHECK-LABEL: func @lstm_bidirectional
// CHECK: %[[F:.*]]:3 = scf.for %{{.*}} iter_args(%[[H:.*]] = %{{.*}}, %[[C:.*]] = %{{.*}}, %[[S:.*]] = %{{.*}}) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x16xf32>)
// CHECK-NOT: arith.subi
// CHECK:   %[[HR:.*]] = linalg.generic {{.*}} ins(%[[H]], %{{.*}} : tensor<2x4xf32>, tensor<4x16xf32>)
// CHECK:   %[[CNEW:.*]] = linalg.generic {{.*}} outs(%[[C]] : tensor<2x4xf32>)
// CHECK:   %[[HRO:.*]] = tensor.extract_slice %[[HR]][0, 4] [2, 4] [1, 1]
// CHECK:   %[[HT:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[CNEW]] : tensor<2x4xf32>, tensor<2x4xf32>) outs(%[[HRO]] : tensor<2x4xf32>)
// CHECK:   %[[HR2:.*]] = tensor.insert_slice %[[HT]] into %[[HR]][0, 4] [2, 4] [1, 1]
// CHECK:   %[[HNEW:.*]] = linalg.copy ins(%[[HT]] : tensor<2x4xf32>) outs(%[[H]] : tensor<2x4xf32>)
// CHECK:   scf.yield %[[HNEW]], %[[CNEW]], %[[HR2]]
// CHECK: %[[B:.*]]:3 = scf.for
// CHECK:   arith.subi
// CHECK: %[[YH0:.*]] = tensor.insert_slice %[[F]]#0 into %{{.*}}[0, 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: %[[YH:.*]] = tensor.insert_slice %[[B]]#0 into %[[YH0]][1, 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: %[[YC0:.*]] = tensor.insert_slice %[[F]]#1 into %{{.*}}[0, 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: %[[YC:.*]] = tensor.insert_slice %[[B]]#1 into %[[YC0]][1, 0, 0] [1, 2, 4] [1, 1, 1]
// CHECK: return %[[YH]], %[[YC]]

// BUF-LABEL: func @lstm_bidirectional
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF: scf.yield
// BUF: scf.for
// BUF-NOT: memref.alloc
// BUF: scf.yield
func.func @lstm_bidirectional(%x: tensor<3x2x5xf32>, %w: tensor<2x16x5xf32>, %r: tensor<2x16x4xf32>) -> (tensor<2x2x4xf32>, tensor<2x2x4xf32>) {
  %y, %y_h, %y_c = modelc.lstm %x, %w, %r {hidden_size = 4 : i64, direction = "bidirectional"} : (tensor<3x2x5xf32>, tensor<2x16x5xf32>, tensor<2x16x4xf32>) -> (tensor<3x2x2x4xf32>, tensor<2x2x4xf32>, tensor<2x2x4xf32>)
  return %y_h, %y_c : tensor<2x2x4xf32>, tensor<2x2x4xf32>
}

// Dynamic sequence length and batch: the loop runs X's run-time number of
// steps; the state, scratch and Y buffers take its run-time batch, which
// the initial state's must equal.
// DYN-LABEL: func @lstm_dynamic
// DYN-DAG: %[[SEQ:.*]] = tensor.dim %arg0, %c0 : tensor<?x?x5xf32>
// DYN-DAG: %[[N:.*]] = tensor.dim %arg0, %c1 : tensor<?x?x5xf32>
// DYN-DAG: %[[HN:.*]] = tensor.dim %arg3, %c1 : tensor<1x?x4xf32>
// DYN: %[[OK:.*]] = arith.cmpi eq, %[[HN]], %[[N]] : index
// DYN: modelc.check %[[OK]], "modelc.lstm: sequence_lens and the initial states have X's batch size and hidden_size values"
// DYN: %[[Y:.*]] = tensor.empty(%[[SEQ]], %[[N]]) : tensor<?x1x?x4xf32>
// DYN: %[[ROWS:.*]] = arith.muli %[[SEQ]], %[[N]] : index
// DYN: tensor.reshape %arg0(%{{.*}}) : (tensor<?x?x5xf32>, tensor<2xindex>) -> tensor<?x5xf32>
// DYN: %[[XW:.*]] = tensor.empty(%[[ROWS]]) : tensor<?x16xf32>
// DYN: %[[C0:.*]] = tensor.empty(%[[N]]) : tensor<?x4xf32>
// DYN: %[[HR:.*]] = tensor.empty(%[[N]]) : tensor<?x16xf32>
// DYN: scf.for %[[T:.*]] = %c0 to %[[SEQ]] step %c1 iter_args({{.*}}) -> (tensor<?x4xf32>, tensor<?x4xf32>, tensor<?x1x?x4xf32>, tensor<?x16xf32>)
// DYN: %[[ROW:.*]] = arith.muli %[[T]], %[[N]] : index
// DYN: tensor.extract_slice %{{.*}}[%[[ROW]], 0] [%[[N]], 16] [1, 1] : tensor<?x16xf32> to tensor<?x16xf32>
// DYN: tensor.insert_slice %{{.*}} into %{{.*}}[%[[T]], 0, 0, 0] [1, 1, %[[N]], 4] [1, 1, 1, 1] : tensor<?x4xf32> into tensor<?x1x?x4xf32>
func.func @lstm_dynamic(%x: tensor<?x?x5xf32>, %w: tensor<1x16x5xf32>, %r: tensor<1x16x4xf32>, %h: tensor<1x?x4xf32>) -> (tensor<?x1x?x4xf32>, tensor<1x?x4xf32>) {
  %y, %y_h, %y_c = modelc.lstm %x, %w, %r initial_h %h {hidden_size = 4 : i64} : (tensor<?x?x5xf32>, tensor<1x16x5xf32>, tensor<1x16x4xf32>, tensor<1x?x4xf32>) -> (tensor<?x1x?x4xf32>, tensor<1x?x4xf32>, tensor<1x?x4xf32>)
  return %y, %y_h : tensor<?x1x?x4xf32>, tensor<1x?x4xf32>
}
