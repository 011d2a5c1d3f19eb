//===- SignedInt8Products.cpp - int8 products on s8 activations -*- C++ -*-===//
//
// Part of modelc. See dialects/Codegen/Passes.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Codegen/CPU/Int8Product.h"
#include "modelc/Codegen/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_CPUSIGNEDINT8PRODUCTS
#include "Codegen/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::cpu;

/// The 1-D i32 constant that INIT, the accumulator of an int8 product,
/// starts from where it is the quantized lowering's initial value (a
/// generic that broadcasts the constant along its last dimension and that
/// only the product reads); none otherwise.
static std::optional<std::pair<linalg::GenericOp, DenseIntElementsAttr>>
initialValues(Value init) {
  auto generic = init.getDefiningOp<linalg::GenericOp>();
  if (!generic || !init.hasOneUse() || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 || generic.getNumReductionLoops() != 0)
    return std::nullopt;
  DenseIntElementsAttr values;
  if (!matchPattern(generic.getDpsInputs()[0], m_Constant(&values)) ||
      !values.getElementType().isInteger(32) ||
      cast<ShapedType>(values.getType()).getRank() != 1)
    return std::nullopt;
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  unsigned rank = maps[1].getNumDims();
  if (!maps[1].isIdentity() || maps[0].getNumResults() != 1 ||
      maps[0].getResult(0) != getAffineDimExpr(rank - 1, init.getContext()))
    return std::nullopt;
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (body.getOperations().size() != 1 ||
      yield.getOperand(0) != body.getArgument(0))
    return std::nullopt;
  return std::make_pair(generic, values);
}

/// Rewrites the int8 product OP (u8 A) to read sext(a ^ 0x80), adding 128
/// times each column's weight sum to its initial value. Fails, leaving OP
/// as it was, where its weights are not a constant or its initial value
/// not the lowering's.
static LogicalResult flipActivations(RewriterBase &rewriter,
                                     linalg::GenericOp op) {
  DenseIntElementsAttr weights;
  if (!matchPattern(op.getDpsInputs()[1], m_Constant(&weights)))
    return failure();
  auto init = initialValues(op.getDpsInits()[0]);
  if (!init)
    return failure();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  unsigned j = iterators.size() - 1;
  unsigned n = *dot4Columns(maps[1], j);
  // Every dimension of the weights but the last is summed over (no batch
  // of weights), and the columns are the result's last dimension.
  for (AffineExpr e : maps[1].getResults().drop_back()) {
    auto d = dyn_cast<AffineDimExpr>(e);
    if (!d || !linalg::isReductionIterator(iterators[d.getPosition()]))
      return failure();
  }
  if (maps[2].getResults().back() != getAffineDimExpr(n, op.getContext()))
    return failure();
  auto wType = cast<ShapedType>(weights.getType());
  int64_t row = wType.getShape().back();
  int64_t columns = init->second.getNumElements();
  if (row != 4 * columns)
    return failure();
  SmallVector<int64_t> sums(columns, 0);
  int64_t i = 0;
  for (const APInt &w : weights.getValues<APInt>())
    sums[(i++ % row) / 4] += w.getSExtValue();
  SmallVector<int32_t> values;
  int64_t c = 0;
  for (const APInt &v : init->second.getValues<APInt>()) {
    int64_t value = v.getSExtValue() + 128 * sums[c++];
    if (value < INT32_MIN || value > INT32_MAX)
      return failure();
    values.push_back(int32_t(value));
  }
  linalg::GenericOp initOp = init->first;
  rewriter.setInsertionPoint(initOp);
  auto type = RankedTensorType::get({columns}, rewriter.getI32Type());
  Value constant = rewriter.create<arith::ConstantOp>(
      initOp.getLoc(), DenseElementsAttr::get(type, ArrayRef(values)));
  rewriter.modifyOpInPlace(initOp, [&] { initOp->setOperand(0, constant); });
  // zext(a) becomes sext(a ^ 0x80).
  Block &body = op.getRegion().front();
  for (Operation &inner : llvm::make_early_inc_range(body)) {
    auto ext = dyn_cast<arith::ExtUIOp>(inner);
    if (!ext || ext.getIn() != body.getArgument(0))
      continue;
    rewriter.setInsertionPoint(ext);
    Location loc = ext.getLoc();
    Value bit = rewriter.create<arith::ConstantOp>(
        loc, rewriter.getIntegerAttr(rewriter.getI8Type(), -128));
    Value flipped = rewriter.create<arith::XOrIOp>(loc, ext.getIn(), bit);
    rewriter.replaceOpWithNewOp<arith::ExtSIOp>(ext, ext.getType(), flipped);
  }
  return success();
}

namespace {

struct CPUSignedInt8ProductsPass
    : public modelc::impl::CPUSignedInt8ProductsBase<
          CPUSignedInt8ProductsPass> {
  using CPUSignedInt8ProductsBase::CPUSignedInt8ProductsBase;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> products;
    getOperation().walk([&](linalg::GenericOp op) {
      if (op->hasAttr(kInt8ProductAttr) &&
          matchDot4Product(op) == Dot4Activations::Unsigned)
        products.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    // A product that cannot be flipped stays as it is (correct, widened).
    for (linalg::GenericOp op : products)
      (void)flipActivations(rewriter, op);
  }
};

} // namespace
