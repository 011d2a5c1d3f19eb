//===- Registration.h - registering modelc's dialects and passes -*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PIPELINES_REGISTRATION_H
#define MODELC_PIPELINES_REGISTRATION_H

namespace mlir {
class DialectRegistry;
namespace modelc {

/// Registers the modelc dialect and every upstream dialect, interface and
/// translation the pipelines use.
void registerAllDialects(DialectRegistry &registry);

/// Registers modelc's passes and pipelines and the upstream passes.
void registerAllPasses();

} // namespace modelc
} // namespace mlir

#endif // MODELC_PIPELINES_REGISTRATION_H
