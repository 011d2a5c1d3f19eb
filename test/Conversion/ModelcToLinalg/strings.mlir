// RUN: modelc-opt %s -split-input-file -convert-modelc-to-linalg | FileCheck %s

// String tensors (Strings.cpp): each string becomes an i64, the address of
// a NUL-terminated string, and the ops on strings call the runtime.

// Numbers to text: a serial loop (the arena is a bump allocator) whose
// strings go into the arena, then a check (status 6) that they fitted.
// CHECK-LABEL: func @cast_to_string
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>) -> tensor<2xi64>
// CHECK: %[[ARENA:.*]] = modelc.string_arena : i64
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<2xi64>
// CHECK: %[[R:.*]] = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T:.*]] = %[[EMPTY]]) -> (tensor<2xi64>)
// CHECK:   %[[V:.*]] = tensor.extract %[[X]][%[[I]]]
// CHECK:   %[[A:.*]] = llvm.inttoptr %[[ARENA]] : i64 to !llvm.ptr
// CHECK:   %[[S:.*]] = func.call @modelc_string_from_float(%[[A]], %[[V]]) : (!llvm.ptr, f32) -> !llvm.ptr
// CHECK:   %[[ADDR:.*]] = llvm.ptrtoint %[[S]] : !llvm.ptr to i64
// CHECK:   tensor.insert %[[ADDR]] into %[[T]][%[[I]]]
// CHECK: %[[OK:.*]] = call @modelc_string_arena_ok(%{{.*}}) : (!llvm.ptr) -> i32
// CHECK: %[[FITS:.*]] = arith.cmpi ne, %[[OK]], %{{.*}} : i32
// CHECK: modelc.check %[[FITS]], "the strings of the cast fit in the string arena (--string-arena-bytes)" {status = 6 : i32}
// CHECK: return %[[R]]
func.func @cast_to_string(%x: tensor<2xf32>) -> tensor<2x!modelc.string> {
  %0 = modelc.cast %x : (tensor<2xf32>) -> tensor<2x!modelc.string>
  return %0 : tensor<2x!modelc.string>
}

// -----

// Integers widen to 64 bits (zero-extended when unsigned); double has its
// own function.
// CHECK-LABEL: func @integers_to_string
// CHECK: %[[W:.*]] = arith.extsi %{{.*}} : i8 to i64
// CHECK: func.call @modelc_string_from_int64(%{{.*}}, %[[W]])
// CHECK: %[[U:.*]] = arith.extui %{{.*}} : i16 to i64
// CHECK: func.call @modelc_string_from_uint64(%{{.*}}, %[[U]])
// CHECK: func.call @modelc_string_from_double(%{{.*}}, %{{.*}}) : (!llvm.ptr, f64) -> !llvm.ptr
func.func @integers_to_string(%a: tensor<3xi8>, %b: tensor<3xui16>, %c: tensor<3xf64>) -> (tensor<3x!modelc.string>, tensor<3x!modelc.string>, tensor<3x!modelc.string>) {
  %0 = modelc.cast %a : (tensor<3xi8>) -> tensor<3x!modelc.string>
  %1 = modelc.cast %b : (tensor<3xui16>) -> tensor<3x!modelc.string>
  %2 = modelc.cast %c : (tensor<3xf64>) -> tensor<3x!modelc.string>
  return %0, %1, %2 : tensor<3x!modelc.string>, tensor<3x!modelc.string>, tensor<3x!modelc.string>
}

// -----

// Bools are static "True"/"False": no arena, no check.
// CHECK-LABEL: func @bool_to_string
// CHECK-NOT: modelc.string_arena
// CHECK: %[[B:.*]] = arith.extui %{{.*}} : i1 to i32
// CHECK: func.call @modelc_string_from_bool(%[[B]]) : (i32) -> !llvm.ptr
// CHECK-NOT: modelc.check
func.func @bool_to_string(%x: tensor<2xi1>) -> tensor<2x!modelc.string> {
  %0 = modelc.cast %x : (tensor<2xi1>) -> tensor<2x!modelc.string>
  return %0 : tensor<2x!modelc.string>
}

// -----

// Text to numbers: an elementwise linalg.generic, which may run in
// parallel (parsing needs no arena); narrow integers truncate the int64.
// CHECK-LABEL: func @cast_from_string
// CHECK-SAME: (%[[X:.*]]: tensor<?xi64>)
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<?xi64>) outs(%{{.*}} : tensor<?xf32>)
// CHECK: ^bb0(%[[IN:.*]]: i64, %{{.*}}: f32):
// CHECK:   %[[P:.*]] = llvm.inttoptr %[[IN]] : i64 to !llvm.ptr
// CHECK:   %[[F:.*]] = func.call @modelc_parse_float(%[[P]]) : (!llvm.ptr) -> f32
// CHECK:   linalg.yield %[[F]] : f32
// CHECK: func.call @modelc_parse_uint64(%{{.*}}) : (!llvm.ptr) -> i64
// CHECK: arith.trunci %{{.*}} : i64 to i8
// CHECK: %[[B:.*]] = func.call @modelc_parse_bool(%{{.*}}) : (!llvm.ptr) -> i32
// CHECK: arith.cmpi ne, %[[B]], %{{.*}} : i32
// CHECK: func.call @modelc_parse_double
func.func @cast_from_string(%x: tensor<?x!modelc.string>) -> (tensor<?xf32>, tensor<?xui8>, tensor<?xi1>, tensor<?xf64>) {
  %0 = modelc.cast %x : (tensor<?x!modelc.string>) -> tensor<?xf32>
  %1 = modelc.cast %x : (tensor<?x!modelc.string>) -> tensor<?xui8>
  %2 = modelc.cast %x : (tensor<?x!modelc.string>) -> tensor<?xi1>
  %3 = modelc.cast %x : (tensor<?x!modelc.string>) -> tensor<?xf64>
  return %0, %1, %2, %3 : tensor<?xf32>, tensor<?xui8>, tensor<?xi1>, tensor<?xf64>
}

// -----

// A cast from strings to strings is the input itself.
// CHECK-LABEL: func @string_to_string
// CHECK-SAME: (%[[X:.*]]: tensor<2xi64>)
// CHECK-NEXT: return %[[X]]
func.func @string_to_string(%x: tensor<2x!modelc.string>) -> tensor<2x!modelc.string> {
  %0 = modelc.cast %x : (tensor<2x!modelc.string>) -> tensor<2x!modelc.string>
  return %0 : tensor<2x!modelc.string>
}

// -----

// StringNormalizer of a declared size: one loop compares each string with
// the stop words (ignoring case: 1) and writes the kept ones, upper-cased,
// at the next position while it is inside the result; nothing kept gives
// one "" (a global); then the count (1 when nothing is kept) is checked
// against the declared 3, and the arena.
// CHECK-DAG: llvm.mlir.global private constant @[[MONDAY:__modelc_string_[0-9]+]]("monday\00")
// CHECK-DAG: llvm.mlir.global private constant @[[EMPTY_STR:__modelc_string_[0-9]+]]("\00")
// CHECK-LABEL: func @normalize
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xi64>) -> tensor<1x3xi64>
// CHECK-DAG: %[[IGNORE:.*]] = arith.constant 1 : i32
// CHECK-DAG: %[[WORD:.*]] = llvm.mlir.addressof @[[MONDAY]] : !llvm.ptr
// CHECK: %[[WORDADDR:.*]] = llvm.ptrtoint %[[WORD]]
// CHECK: %[[ARENA:.*]] = modelc.string_arena : i64
// CHECK: %[[INIT:.*]] = tensor.empty() : tensor<1x3xi64>
// CHECK: %[[LOOP:.*]]:2 = scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[T:.*]] = %[[INIT]], %[[N:.*]] = %{{.*}}) -> (tensor<1x3xi64>, index)
// CHECK:   %[[S:.*]] = tensor.extract %[[X]][%{{.*}}, %[[I]]]
// CHECK:   %[[EQ:.*]] = func.call @modelc_string_equal(%{{.*}}, %{{.*}}, %[[IGNORE]]) : (!llvm.ptr, !llvm.ptr, i32) -> i32
// CHECK:   %[[KEEP:.*]] = arith.andi
// CHECK:   scf.if %[[KEEP]] -> (tensor<1x3xi64>, index)
// CHECK:     %[[FITS:.*]] = arith.cmpi ult, %[[N]], %{{.*}} : index
// CHECK:     scf.if %[[FITS]] -> (tensor<1x3xi64>)
// CHECK:       %[[UPPER:.*]] = arith.constant 2 : i32
// CHECK:       func.call @modelc_string_change_case(%{{.*}}, %{{.*}}, %[[UPPER]]) : (!llvm.ptr, !llvm.ptr, i32) -> !llvm.ptr
// CHECK:       tensor.insert %{{.*}} into %[[T]][%{{.*}}, %[[N]]]
// CHECK: %[[NONE:.*]] = arith.cmpi eq, %[[LOOP]]#1, %{{.*}} : index
// CHECK: %[[EMPTYP:.*]] = llvm.mlir.addressof @[[EMPTY_STR]]
// CHECK: %[[EMPTY:.*]] = llvm.ptrtoint %[[EMPTYP]]
// CHECK: %[[OLD:.*]] = tensor.extract %[[LOOP]]#0[%{{.*}}, %{{.*}}] : tensor<1x3xi64>
// CHECK: %[[FIRST:.*]] = arith.select %[[NONE]], %[[EMPTY]], %[[OLD]] : i64
// CHECK: %[[R:.*]] = tensor.insert %[[FIRST]] into %[[LOOP]]#0[%{{.*}}, %{{.*}}] : tensor<1x3xi64>
// CHECK: %[[SIZE:.*]] = arith.select %{{.*}}, %{{.*}}, %[[LOOP]]#1 : index
// CHECK: %[[SAME:.*]] = arith.cmpi eq, %[[SIZE]], %{{.*}} : index
// CHECK: modelc.check %[[SAME]], "the number of strings StringNormalizer keeps equals the result size 3"
// CHECK: call @modelc_string_arena_ok
// CHECK: modelc.check %{{.*}}, "the strings of StringNormalizer fit in the string arena (--string-arena-bytes)" {status = 6 : i32}
// CHECK: return %[[R]]
func.func @normalize(%x: tensor<1x4x!modelc.string>) -> tensor<1x3x!modelc.string> {
  %0 = modelc.string_normalizer %x {case_change_action = #modelc.case_change<upper>, stopwords = ["monday"]} : (tensor<1x4x!modelc.string>) -> tensor<1x3x!modelc.string>
  return %0 : tensor<1x3x!modelc.string>
}

// -----

// Without a declared size, a first loop counts the kept strings (at least
// one, at most all: a bounded size), which sizes the result; no case
// change: no arena.
// CHECK-LABEL: func @normalize_dynamic
// CHECK-SAME: (%[[X:.*]]: tensor<?xi64>) -> tensor<?xi64>
// CHECK-NOT: modelc.string_arena
// CHECK: %[[IGNORE:.*]] = arith.constant 0 : i32
// CHECK: %[[LEN:.*]] = tensor.dim %[[X]]
// CHECK: %[[COUNT:.*]] = scf.for %{{.*}} = %{{.*}} to %[[LEN]] step %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (index)
// CHECK:   func.call @modelc_string_equal(%{{.*}}, %{{.*}}, %[[IGNORE]])
// CHECK: %[[BOUND:.*]] = arith.maxsi %[[LEN]], %{{.*}} : index
// CHECK: %[[SIZE:.*]] = arith.select %{{.*}}, %{{.*}}, %[[COUNT]] : index
// CHECK: %[[BOUNDED:.*]] = modelc.bounded_size %[[SIZE]], %[[BOUND]]
// CHECK: tensor.empty(%[[BOUNDED]]) : tensor<?xi64>
// CHECK-NOT: func.call @modelc_string_change_case
// CHECK-NOT: modelc.check
// CHECK: return
func.func @normalize_dynamic(%x: tensor<?x!modelc.string>) -> tensor<?x!modelc.string> {
  %0 = modelc.string_normalizer %x {is_case_sensitive = true, stopwords = ["a", "b"]} : (tensor<?x!modelc.string>) -> tensor<?x!modelc.string>
  return %0 : tensor<?x!modelc.string>
}

// -----

// String constants: one private global holds the strings of a constant,
// each followed by a NUL; the addresses are its address plus offsets.
// CHECK-DAG: llvm.mlir.global private constant @[[ALL:__modelc_string_[0-9]+]]("a\00\C3\9F\00a\00")
// CHECK-DAG: llvm.mlir.global private constant @[[A:__modelc_string_[0-9]+]]("a\00")
// CHECK-LABEL: func @constants
// CHECK: %[[P:.*]] = llvm.mlir.addressof @[[ALL]] : !llvm.ptr
// CHECK: %[[BASE:.*]] = llvm.ptrtoint %[[P]] : !llvm.ptr to i64
// CHECK: %[[OFFSETS:.*]] = arith.constant dense<[0, 2, 5]> : tensor<3xi64>
// CHECK: linalg.generic {{.*}} ins(%[[OFFSETS]] : tensor<3xi64>)
// CHECK:   %[[ADDR:.*]] = arith.addi %{{.*}}, %[[BASE]] : i64
// CHECK:   linalg.yield %[[ADDR]] : i64
// A splat fills.
// CHECK: %[[PS:.*]] = llvm.mlir.addressof @[[A]] : !llvm.ptr
// CHECK: %[[IS:.*]] = llvm.ptrtoint %[[PS]] : !llvm.ptr to i64
// CHECK: linalg.fill ins(%[[IS]] : i64) outs(%{{.*}} : tensor<2x2xi64>)
func.func @constants() -> (tensor<3x!modelc.string>, tensor<2x2x!modelc.string>) {
  %0 = modelc.constant dense<["a", "\C3\9F", "a"]> : tensor<3x!modelc.string>
  %1 = modelc.constant dense<"a"> : tensor<2x2x!modelc.string>
  return %0, %1 : tensor<3x!modelc.string>, tensor<2x2x!modelc.string>
}

// -----

// Data movement moves the addresses like any i64.
// CHECK-LABEL: func @data_movement
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi64>, %[[I:.*]]: tensor<2xi64>)
// CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<2x3xi64>)
// CHECK: tensor.collapse_shape
// CHECK: tensor.insert_slice
// CHECK: linalg.generic
func.func @data_movement(%x: tensor<2x3x!modelc.string>, %i: tensor<2xi64>) -> (tensor<3x2x!modelc.string>, tensor<12x!modelc.string>, tensor<2x3x!modelc.string>) {
  %shape = modelc.constant dense<6> : tensor<1xi64>
  %0 = modelc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x3x!modelc.string>) -> tensor<3x2x!modelc.string>
  %1 = modelc.reshape %x, %shape : (tensor<2x3x!modelc.string>, tensor<1xi64>) -> tensor<6x!modelc.string>
  %2 = modelc.concat %1, %1 {axis = 0 : i64} : (tensor<6x!modelc.string>, tensor<6x!modelc.string>) -> tensor<12x!modelc.string>
  %3 = modelc.gather %x, %i {axis = 0 : i64} : (tensor<2x3x!modelc.string>, tensor<2xi64>) -> tensor<2x3x!modelc.string>
  return %0, %2, %3 : tensor<3x2x!modelc.string>, tensor<12x!modelc.string>, tensor<2x3x!modelc.string>
}
