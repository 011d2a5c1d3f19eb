//===- Passes.h - modelc dialect passes -------------------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECT_MODELC_PASSES_H
#define MODELC_DIALECT_MODELC_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::modelc {

#define GEN_PASS_DECL
#include "Modelc/ModelcPasses.h.inc"

#define GEN_PASS_REGISTRATION
#include "Modelc/ModelcPasses.h.inc"

/// The attribute on the entry function that holds the workspace size.
constexpr llvm::StringLiteral kWorkspaceSizeAttr = "modelc.workspace_size";

/// The attribute on the entry function of a model with dynamic buffers
/// that names the function computing its workspace size (FlatSymbolRef).
constexpr llvm::StringLiteral kWorkspaceSizeFnAttr = "modelc.workspace_size_fn";

/// The attribute on the entry function of a model with dynamic output
/// dimensions that names the function computing them (FlatSymbolRef).
constexpr llvm::StringLiteral kOutputDimsFnAttr = "modelc.output_dims_fn";

/// The attribute on the entry function of a model with outputs whose size
/// depends on tensor values (modelc.bounded_size): an array with, for each
/// result, the DenseI64ArrayAttr of its dimensions that do. The output-dims
/// function gives their upper bounds; modelc-data-dependent-outputs makes
/// the run write their actual sizes back.
constexpr llvm::StringLiteral kDataDependentDimsAttr =
    "modelc.data_dependent_dims";

/// The attribute on the entry function of a model with outputs whose size
/// nothing but the run determines (no bound follows from the input
/// dimensions): a DenseI64ArrayAttr of their result indices. The run
/// writes such an output into the workspace's dynamic arena, its address
/// into the caller's pointer and its shape into the output's shape array
/// (modelc-data-dependent-outputs).
constexpr llvm::StringLiteral kWorkspaceOutputsAttr =
    "modelc.workspace_outputs";

/// The attribute on the module where modelc-kernel-report leaves what each
/// kernel of the model's entry function does (see the pass).
constexpr llvm::StringLiteral kKernelReportAttr = "modelc.kernel_report";

/// Marks a memref.alloc (UnitAttr) that modelc-plan-workspace places in the
/// dynamic arena, whatever its size: a buffer that outlives the run.
constexpr llvm::StringLiteral kArenaAllocAttr = "modelc.arena";

/// The attribute on the entry function of a model that allocates buffers
/// of run-time sizes in its dynamic arena: the arena's capacity in bytes
/// (an i64).
constexpr llvm::StringLiteral kDynamicArenaSizeAttr =
    "modelc.dynamic_arena_size";

/// Marks an entry function (UnitAttr) that checks at run time that sizes
/// computed from tensor values fit the capacity planned for them: a run can
/// return MODELC_STATUS_CAPACITY_EXCEEDED.
constexpr llvm::StringLiteral kCapacityChecksAttr = "modelc.capacity_checks";

/// The attribute on the entry function of a model that makes strings: the
/// capacity of its string arena in bytes (an i64).
constexpr llvm::StringLiteral kStringArenaSizeAttr = "modelc.string_arena_size";

/// Marks the generated size functions (UnitAttr): passes that work on a
/// model's entry function leave them alone.
constexpr llvm::StringLiteral kShapeFunctionAttr = "modelc.shape_function";

/// Patterns that give the dimensions of loop-carried tensors (the
/// iter_args and results of scf.for and scf.while) as those of their
/// initial values, where every iteration yields a tensor of the iter_arg's
/// shape (written into it, as the lowering of ONNX Loop and Scan does):
/// sizes then stay arithmetic on the input dimensions. Used by
/// modelc-scalarize-shape-math and modelc-output-shape-function.
void populateLoopShapePatterns(RewritePatternSet &patterns);

} // namespace mlir::modelc

#endif // MODELC_DIALECT_MODELC_PASSES_H
