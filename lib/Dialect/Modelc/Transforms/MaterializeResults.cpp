//===- MaterializeResults.cpp - a buffer for every result -------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_MATERIALIZERESULTS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;

namespace {
struct MaterializeResultsPass
    : public modelc::impl::MaterializeResultsBase<MaterializeResultsPass> {
  void runOnOperation() override {
    // The arguments are the model's inputs, which the caller passes as
    // const pointers: bufferization must copy them rather than update them
    // in place (as a scatter would).
    auto readOnly = BoolAttr::get(&getContext(), false);
    getOperation().walk([&](func::FuncOp func) {
      for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
        if (isa<TensorType>(type))
          func.setArgAttr(
              i, bufferization::BufferizationDialect::kWritableAttrName,
              readOnly);
    });
    getOperation().walk([](func::ReturnOp ret) {
      OpBuilder b(ret);
      llvm::SmallPtrSet<Value, 4> seen;
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<RankedTensorType>(value.getType());
        if (!type)
          continue;
        Operation *def = value.getDefiningOp();
        bool needsCopy = isa<BlockArgument>(value) ||
                         (def && def->hasTrait<OpTrait::ConstantLike>()) ||
                         !seen.insert(value).second;
        if (!needsCopy)
          continue;
        SmallVector<Value> dynamicSizes;
        for (int64_t i = 0; i < type.getRank(); ++i)
          if (type.isDynamicDim(i))
            dynamicSizes.push_back(
                b.create<tensor::DimOp>(ret.getLoc(), value, i));
        Value empty =
            b.create<tensor::EmptyOp>(ret.getLoc(), type, dynamicSizes);
        operand.set(
            b.create<linalg::CopyOp>(ret.getLoc(), value, empty).getResult(0));
      }
    });
  }
};
} // namespace
