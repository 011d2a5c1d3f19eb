//===- FirstWriter.h - the op that first writes a result's buffer -*- C++
//-*-===//
//
// Part of modelc. Shared by modelc-pad-into-producer and
// modelc-concat-into-producers, which hand that op a slice of another
// buffer as its init.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_LIB_CODEGEN_FIRSTWRITER_H
#define MODELC_LIB_CODEGEN_FIRSTWRITER_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::modelc {

/// The op that first writes the buffer of VALUE: its producer, a linalg op
/// on tensors with one result and one init; or, where that op reads its
/// init (a convolution accumulating onto its bias), the same question asked
/// of the init, which must have no other use. Nothing where the chain
/// leaves such ops, or, with BLOCK, leaves BLOCK.
inline linalg::LinalgOp firstWriter(Value value, Block *block = nullptr) {
  auto writes = [&](linalg::LinalgOp op) {
    return op && op->getNumResults() == 1 && op.getNumDpsInits() == 1 &&
           op.hasPureTensorSemantics() && (!block || op->getBlock() == block);
  };
  auto writer = value.getDefiningOp<linalg::LinalgOp>();
  if (!writes(writer))
    return nullptr;
  OpOperand *init = writer.getDpsInitOperand(0);
  while (writer.payloadUsesValueFromOperand(init)) {
    auto next = init->get().getDefiningOp<linalg::LinalgOp>();
    if (!writes(next) || !init->get().hasOneUse())
      return nullptr;
    writer = next;
    init = writer.getDpsInitOperand(0);
  }
  return writer;
}

} // namespace mlir::modelc

#endif // MODELC_LIB_CODEGEN_FIRSTWRITER_H
