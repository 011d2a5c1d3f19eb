//===- Passes.td - modelc conversion passes ----------------*- tablegen -*-===//
//
// Part of modelc. Passes that lower the modelc dialect to upstream dialects.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_CONVERSION_PASSES_TD
#define MODELC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertModelcToLinalg : Pass<"convert-modelc-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lowers modelc ops to linalg, tensor, arith and math on tensors";
  let description = [{
    Every modelc op becomes linalg (named or generic), tensor, arith and
    math ops on tensors, or scf.for loops over tensors for the ops that
    write at positions computed from data (scatters) or walk an axis in
    order (TopK, CumSum); unsigned integer element types become signless
    ones (the ops pick the unsigned arithmetic). Function signatures are
    converted too. An op that cannot be lowered (an unsupported attribute
    or a dynamic shape-like operand) is reported with a diagnostic naming
    the op and the reason, and the pass fails.

    String tensors (`!modelc.string` elements) become tensors of i64, each
    element the address of a NUL-terminated string; ops on strings become
    loops that call the runtime's string functions (`modelc_string_*`,
    `modelc_parse_*`), with `modelc.string_arena` giving the arena that
    holds the strings made and a `modelc.check` (status 6) after each op
    that fills it. Constant strings become private LLVM globals. Ops
    without the `StringElements` trait that take or give strings are
    reported.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::func::FuncDialect", "::mlir::bufferization::BufferizationDialect",
    "::mlir::LLVM::LLVMDialect",
  ];
}

#endif // MODELC_CONVERSION_PASSES_TD
