//===- Report.h - the compile report (modelc --report) ----------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DRIVER_REPORT_H
#define MODELC_DRIVER_REPORT_H

#include "modelc/Driver/Compiler.h"

namespace mlir::modelc {

/// Writes the compile report of MODEL to OPTIONS.reportPath: one
/// self-contained HTML page (inline SVG and CSS, no scripts) with each
/// kernel after fusion (its ONNX nodes, the shapes it writes, FLOPs, bytes
/// read and written, weights), the workspace plan as buffers over kernels
/// against offsets, the weights by kernel and, with
/// OPTIONS.reportProfilePath (modelc-run --profile's output for a build of
/// the same model and options), the measured time of each kernel.
LogicalResult writeReport(const CompilerOptions &options,
                          const CompiledModel &model);

} // namespace mlir::modelc

#endif // MODELC_DRIVER_REPORT_H
