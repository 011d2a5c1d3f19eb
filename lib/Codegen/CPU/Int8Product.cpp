//===- Int8Product.cpp - the int8 product of quantized ops ------*- C++ -*-===//
//
// Part of modelc. See include/modelc/Codegen/CPU/Int8Product.h.
//
//===----------------------------------------------------------------------===//

#include "modelc/Codegen/CPU/Int8Product.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::cpu;

std::optional<unsigned> mlir::modelc::cpu::dot4Columns(AffineMap wMap,
                                                       unsigned j) {
  if (wMap.getNumResults() == 0)
    return std::nullopt;
  MLIRContext *ctx = wMap.getContext();
  for (unsigned n = 0; n < j; ++n)
    if (wMap.getResults().back() ==
        getAffineDimExpr(n, ctx) * 4 + getAffineDimExpr(j, ctx))
      return n;
  return std::nullopt;
}

std::optional<Dot4Activations>
mlir::modelc::cpu::matchDot4Product(linalg::LinalgOp op) {
  auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
  if (!generic || !generic.hasPureTensorSemantics() ||
      generic.getNumDpsInputs() != 2 || generic.getNumDpsInits() != 1)
    return std::nullopt;
  SmallVector<int64_t> ranges = generic.getStaticLoopRanges();
  unsigned j = ranges.size() - 1;
  SmallVector<utils::IteratorType> iterators = generic.getIteratorTypesArray();
  if (ranges.size() < 3 || ranges[j] != 4 ||
      !linalg::isReductionIterator(iterators[j]))
    return std::nullopt;
  Type i8 = IntegerType::get(op->getContext(), 8);
  Type i32 = IntegerType::get(op->getContext(), 32);
  if (getElementTypeOrSelf(generic.getDpsInputs()[0].getType()) != i8 ||
      getElementTypeOrSelf(generic.getDpsInputs()[1].getType()) != i8 ||
      getElementTypeOrSelf(generic.getDpsInits()[0].getType()) != i32)
    return std::nullopt;
  SmallVector<AffineMap> maps = generic.getIndexingMapsArray();
  AffineExpr dj = getAffineDimExpr(j, op->getContext());
  std::optional<unsigned> column = dot4Columns(maps[1], j);
  if (maps[0].getNumResults() < 2 || maps[0].getResults().back() != dj ||
      !column || !linalg::isParallelIterator(iterators[*column]) ||
      maps[2].isFunctionOfDim(j) || !maps[2].isProjectedPermutation())
    return std::nullopt;
  for (unsigned i = 0; i < 2; ++i)
    for (AffineExpr e : maps[i].getResults().drop_back())
      if (e.isFunctionOfDim(j))
        return std::nullopt;
  // acc + ext(a) * sext(b).
  Block &body = generic.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto add = yield.getOperand(0).getDefiningOp<arith::AddIOp>();
  if (!add)
    return std::nullopt;
  Value acc = body.getArgument(2);
  Value product = add.getLhs() == acc ? add.getRhs() : add.getLhs();
  auto mul = product.getDefiningOp<arith::MulIOp>();
  if (!mul || (add.getLhs() != acc && add.getRhs() != acc))
    return std::nullopt;
  auto b = mul.getRhs().getDefiningOp<arith::ExtSIOp>();
  if (!b || b.getIn() != body.getArgument(1))
    return std::nullopt;
  if (auto a = mul.getLhs().getDefiningOp<arith::ExtUIOp>();
      a && a.getIn() == body.getArgument(0))
    return Dot4Activations::Unsigned;
  // sext(a ^ 0x80).
  auto a = mul.getLhs().getDefiningOp<arith::ExtSIOp>();
  auto flip = a ? a.getIn().getDefiningOp<arith::XOrIOp>() : nullptr;
  APInt bit;
  if (flip && flip.getLhs() == body.getArgument(0) &&
      matchPattern(flip.getRhs(), m_ConstantInt(&bit)) &&
      bit.getZExtValue() == 0x80)
    return Dot4Activations::Flipped;
  return std::nullopt;
}
