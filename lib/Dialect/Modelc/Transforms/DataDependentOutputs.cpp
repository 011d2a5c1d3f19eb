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
      auto inWorkspace =
          func->getAttrOfType<DenseI64ArrayAttr>(kWorkspaceOutputsAttr);
      if (!dims || func.isExternal())
        continue;
      if (failed(rewriteFunction(func, dims, inWorkspace)))
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

  /// Adds an argument for the actual shape of output OUT after the others,
  /// and stores SIZES into it after the op at B's insertion point.
  static void storeShape(func::FuncOp func, BlockArgument out,
                         ArrayRef<Value> sizes, OpBuilder &b, Location loc) {
    MLIRContext *ctx = func.getContext();
    Type i64 = IntegerType::get(ctx, 64);
    unsigned index = func.getNumArguments();
    auto shapeType = MemRefType::get({int64_t(sizes.size())}, i64);
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
    for (auto [d, size] : llvm::enumerate(sizes))
      b.create<memref::StoreOp>(
          loc, b.create<arith::IndexCastOp>(loc, i64, size), shape,
          ValueRange{b.create<arith::ConstantIndexOp>(loc, d)});
  }

  /// The sizes of SOURCE, the result copied into an output of rank RANK.
  static SmallVector<Value> sizesOf(OpBuilder &b, Location loc, Value source,
                                    int64_t rank) {
    SmallVector<Value> sizes;
    for (int64_t d = 0; d < rank; ++d)
      sizes.push_back(b.create<memref::DimOp>(loc, source, d));
    return sizes;
  }

  /// Output K (OUT), with dimensions that depend on tensor values: the copy
  /// into the caller's buffer, of the capacity NAME_prepare gave, goes to a
  /// dense view of it at the actual sizes, after a check that they fit.
  static LogicalResult writeAtActualSizes(func::FuncOp func, BlockArgument out,
                                          unsigned k) {
    FailureOr<linalg::CopyOp> copy = copyInto(out);
    if (failed(copy))
      return failure();
    Location loc = copy->getLoc();
    OpBuilder b(*copy);
    auto type = cast<MemRefType>(out.getType());
    SmallVector<Value> sizes =
        sizesOf(b, loc, copy->getInputs()[0], type.getRank());
    // The elements the actual sizes hold, and the caller's buffer holds.
    Value actual = b.create<arith::ConstantIndexOp>(loc, 1);
    Value capacity = actual;
    for (int64_t d = 0; d < type.getRank(); ++d) {
      actual = b.create<arith::MulIOp>(loc, actual, sizes[d]);
      capacity = b.create<arith::MulIOp>(loc, capacity,
                                         b.create<memref::DimOp>(loc, out, d));
    }
    Value fits = b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, actual,
                                         capacity);
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
    b.setInsertionPointAfter(*copy);
    storeShape(func, out, sizes, b, loc);
    return success();
  }

  /// Output OUT, whose size only the run knows: the copy into it becomes a
  /// copy into a buffer of the dynamic arena, whose address OUT (now a
  /// memref<1xi64>) receives.
  static LogicalResult writeToWorkspace(func::FuncOp func, BlockArgument out) {
    FailureOr<linalg::CopyOp> copy = copyInto(out);
    if (failed(copy))
      return failure();
    Location loc = copy->getLoc();
    OpBuilder b(*copy);
    Value source = copy->getInputs()[0];
    auto type = cast<MemRefType>(out.getType());
    SmallVector<Value> sizes = sizesOf(b, loc, source, type.getRank());
    SmallVector<Value> dynamicSizes;
    for (int64_t d = 0; d < type.getRank(); ++d)
      if (type.isDynamicDim(d))
        dynamicSizes.push_back(sizes[d]);
    // A result computed in a buffer of its own is the output: that buffer
    // goes to the arena, where nothing else takes its place. Otherwise (a
    // view, an input, a constant) the copy goes to an arena buffer.
    auto denseType = MemRefType::get(type.getShape(), type.getElementType());
    auto buffer = source.getDefiningOp<memref::AllocOp>();
    if (buffer && buffer.getType() == denseType) {
      b.setInsertionPoint(copy->getOperation()->getNextNode());
      copy->erase();
    } else {
      buffer = b.create<memref::AllocOp>(loc, denseType, dynamicSizes);
      copy->getOutputsMutable()[0].set(buffer);
      b.setInsertionPointAfter(*copy);
    }
    buffer->setAttr(kArenaAllocAttr, b.getUnitAttr());
    Type i64 = b.getI64Type();
    out.setType(MemRefType::get({1}, i64));
    Value address = b.create<arith::IndexCastOp>(
        loc, i64,
        b.create<memref::ExtractAlignedPointerAsIndexOp>(loc, buffer));
    b.create<memref::StoreOp>(
        loc, address, out,
        ValueRange{b.create<arith::ConstantIndexOp>(loc, 0)});
    storeShape(func, out, sizes, b, loc);
    return success();
  }

  LogicalResult rewriteFunction(func::FuncOp func, ArrayAttr dims,
                                DenseI64ArrayAttr inWorkspace) {
    // buffer-results-to-out-params appended one out-parameter per result.
    unsigned numOutputs = dims.size();
    if (func.getNumResults() != 0 || func.getNumArguments() < numOutputs)
      return func.emitError("expected the results as out-parameters");
    unsigned firstOutput = func.getNumArguments() - numOutputs;
    for (unsigned k = 0; k < numOutputs; ++k) {
      BlockArgument out = func.getArgument(firstOutput + k);
      if (inWorkspace && llvm::is_contained(inWorkspace.asArrayRef(), k)) {
        if (failed(writeToWorkspace(func, out)))
          return failure();
      } else if (!cast<DenseI64ArrayAttr>(dims[k]).empty()) {
        if (failed(writeAtActualSizes(func, out, k)))
          return failure();
      }
    }
    // (Arguments whose type changed.)
    func.setFunctionType(FunctionType::get(
        func.getContext(), func.getBody().getArgumentTypes(), {}));
    return success();
  }
};

} // namespace
