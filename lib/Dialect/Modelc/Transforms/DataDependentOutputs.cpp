//===- DataDependentOutputs.cpp - outputs sized during the run --*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcDialect.h"
#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"
#include "modelc/runtime.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_DATADEPENDENTOUTPUTS
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

struct DataDependentOutputsPass
    : public modelc::impl::DataDependentOutputsBase<DataDependentOutputsPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      auto dims = func->getAttrOfType<ArrayAttr>(kDataDependentDimsAttr);
      if (!dims || func.isExternal())
        continue;
      if (failed(rewriteFunction(func, dims)))
        return signalPassFailure();
    }
  }

  /// The copy of a result into the out-parameter OUT, its only use.
  static FailureOr<linalg::CopyOp> copyInto(BlockArgument out) {
    linalg::CopyOp copy;
    for (Operation *user : out.getUsers()) {
      auto c = dyn_cast<linalg::CopyOp>(user);
      if (!c || c.getOutputs()[0] != out || copy)
        return user->emitError("an output whose size depends on tensor "
                               "values must be written by one copy");
      copy = c;
    }
    if (!copy)
      return emitError(out.getLoc(), "an output whose size depends on tensor "
                                     "values is never written");
    return copy;
  }

  LogicalResult rewriteFunction(func::FuncOp func, ArrayAttr dims) {
    MLIRContext *ctx = func.getContext();
    // buffer-results-to-out-params appended one out-parameter per result.
    unsigned numOutputs = dims.size();
    if (func.getNumResults() != 0 || func.getNumArguments() < numOutputs)
      return func.emitError("expected the results as out-parameters");
    unsigned firstOutput = func.getNumArguments() - numOutputs;
    Type i64 = IntegerType::get(ctx, 64);
    for (unsigned k = 0; k < numOutputs; ++k) {
      if (cast<DenseI64ArrayAttr>(dims[k]).empty())
        continue;
      BlockArgument out = func.getArgument(firstOutput + k);
      auto type = cast<MemRefType>(out.getType());
      FailureOr<linalg::CopyOp> copy = copyInto(out);
      if (failed(copy))
        return failure();
      Location loc = copy->getLoc();
      OpBuilder b(*copy);
      Value source = copy->getInputs()[0];
      // The actual sizes, and the elements they hold and the caller's
      // buffer holds.
      SmallVector<Value> sizes;
      Value actual = b.create<arith::ConstantIndexOp>(loc, 1);
      Value capacity = actual;
      for (int64_t d = 0; d < type.getRank(); ++d) {
        sizes.push_back(b.create<memref::DimOp>(loc, source, d));
        actual = b.create<arith::MulIOp>(loc, actual, sizes.back());
        capacity = b.create<arith::MulIOp>(
            loc, capacity, b.create<memref::DimOp>(loc, out, d));
      }
      Value fits = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule,
                                           actual, capacity);
      b.create<CheckOp>(
          loc, fits,
          b.getStringAttr("output " + Twine(k) + " fits in its capacity"),
          b.getI32IntegerAttr(MODELC_STATUS_CAPACITY_EXCEEDED));
      func->setAttr(kCapacityChecksAttr, b.getUnitAttr());
      // A dense view of the caller's buffer at the actual sizes.
      auto mul = [&](OpFoldResult x, OpFoldResult y) -> OpFoldResult {
        std::optional<int64_t> cx = getConstantIntValue(x);
        std::optional<int64_t> cy = getConstantIntValue(y);
        if (cx && cy)
          return b.getIndexAttr(*cx * *cy);
        return b
            .create<arith::MulIOp>(loc,
                                   getValueOrCreateConstantIndexOp(b, loc, x),
                                   getValueOrCreateConstantIndexOp(b, loc, y))
            .getResult();
      };
      SmallVector<OpFoldResult> viewSizes, strides(type.getRank());
      for (int64_t d = 0; d < type.getRank(); ++d)
        viewSizes.push_back(type.isDynamicDim(d)
                                ? OpFoldResult(sizes[d])
                                : b.getIndexAttr(type.getDimSize(d)));
      OpFoldResult stride = b.getIndexAttr(1);
      for (int64_t d = type.getRank() - 1; d >= 0; --d) {
        strides[d] = stride;
        stride = mul(stride, viewSizes[d]);
      }
      Value view = b.create<memref::ReinterpretCastOp>(
          loc, type, out, b.getIndexAttr(0), viewSizes, strides);
      copy->getOutputsMutable()[0].set(view);

      // The shape argument gets the actual sizes.
      unsigned index = func.getNumArguments();
      auto shapeType = MemRefType::get({type.getRank()}, i64);
      std::string name = "output shape";
      if (auto n =
              func.getArgAttrOfType<StringAttr>(out.getArgNumber(), kNameAttr))
        name = (n.getValue() + " shape").str();
      func.insertArgument(
          index, shapeType,
          DictionaryAttr::get(ctx,
                              {NamedAttribute(StringAttr::get(ctx, kNameAttr),
                                              StringAttr::get(ctx, name))}),
          loc);
      Value shape = func.getArgument(index);
      b.setInsertionPointAfter(*copy);
      for (int64_t d = 0; d < type.getRank(); ++d)
        b.create<memref::StoreOp>(
            loc, b.create<arith::IndexCastOp>(loc, i64, sizes[d]), shape,
            ValueRange{b.create<arith::ConstantIndexOp>(loc, d)});
    }
    return success();
  }
};

} // namespace
