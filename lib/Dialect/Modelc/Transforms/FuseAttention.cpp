//===- FuseAttention.cpp - the attention pattern into one op --------------===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "ScalarConstant.h"
#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_FUSEATTENTION
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

/// Where VALUE is `x * c`, `c * x` or `x / c` with c a one-element float
/// constant, of VALUE's type, and nothing else uses VALUE: x, and the
/// factor multiplies SCALE. VALUE itself otherwise.
static Value stripScale(Value value, double &scale) {
  Operation *op = value.getDefiningOp();
  if (!op || !value.hasOneUse() || op->getNumOperands() != 2 ||
      !isa<MulOp, DivOp>(op))
    return value;
  for (unsigned side : {0u, 1u}) {
    if (side == 0 && isa<DivOp>(op))
      continue;
    Value x = op->getOperand(1 - side);
    std::optional<double> c = scalarConstant(op->getOperand(side));
    if (!c || x.getType() != value.getType() || *c == 0.0)
      continue;
    scale *= isa<DivOp>(op) ? 1.0 / *c : *c;
    return x;
  }
  return value;
}

/// The MatMul that VALUE is, where it can be part of an attention: no
/// fused bias, residual or activation, used by nothing else.
static MatMulOp plainMatMul(Value value) {
  auto matmul = value.getDefiningOp<MatMulOp>();
  if (!matmul || !value.hasOneUse() || matmul.getBias() ||
      matmul.getResidual() || matmul.getActivation() != ActivationKind::none)
    return nullptr;
  return matmul;
}

/// Whether Q, K and V have one rank (2 or more), one float element type and
/// the same static batch dimensions.
static bool fitAttention(Value q, Value k, Value v) {
  auto qt = cast<RankedTensorType>(q.getType());
  auto kt = cast<RankedTensorType>(k.getType());
  auto vt = cast<RankedTensorType>(v.getType());
  int64_t rank = qt.getRank();
  if (rank < 2 || kt.getRank() != rank || vt.getRank() != rank ||
      !isa<FloatType>(qt.getElementType()) ||
      kt.getElementType() != qt.getElementType() ||
      vt.getElementType() != qt.getElementType())
    return false;
  for (int64_t i = 0; i + 2 < rank; ++i) {
    int64_t d = qt.getDimSize(i);
    if (ShapedType::isDynamic(d) || kt.getDimSize(i) != d ||
        vt.getDimSize(i) != d)
      return false;
  }
  return true;
}

namespace {

/// matmul(softmax(s * matmul(q, k) + mask), v) -> attention(q, k, v, mask).
struct FuseSoftmaxAttention : public OpRewritePattern<SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SoftmaxOp softmax,
                                PatternRewriter &rewriter) const override {
    auto type = cast<RankedTensorType>(softmax.getType());
    int64_t rank = type.getRank();
    if (rank < 2 || (softmax.getAxis() != -1 && softmax.getAxis() != rank - 1))
      return rewriter.notifyMatchFailure(softmax, "not along the last axis");
    if (!softmax->hasOneUse())
      return failure();
    auto pv = dyn_cast<MatMulOp>(*softmax->user_begin());
    if (!pv || pv.getA() != softmax.getResult() || pv.getBias() ||
        pv.getResidual() ||
        pv.getActivation() != ActivationKind::none)
      return rewriter.notifyMatchFailure(softmax, "no MatMul by v after it");

    SmallVector<Location> locs{softmax.getLoc(), pv.getLoc()};
    double scale = 1.0;
    Value scores = softmax.getInput();
    Value mask;
    if (auto add = scores.getDefiningOp<AddOp>(); add && scores.hasOneUse()) {
      for (unsigned side : {0u, 1u}) {
        double s = 1.0;
        Value x = stripScale(add->getOperand(side), s);
        if (!plainMatMul(x) || x.getType() != type)
          continue;
        mask = add->getOperand(1 - side);
        scale = s;
        locs.push_back(add.getLoc());
        if (Operation *scaling = add->getOperand(side).getDefiningOp();
            scaling && scaling != x.getDefiningOp())
          locs.push_back(scaling->getLoc());
        scores = x;
        break;
      }
      if (!mask)
        return rewriter.notifyMatchFailure(softmax, "the Add has no MatMul");
    } else {
      Value x = stripScale(scores, scale);
      if (x != scores)
        locs.push_back(scores.getDefiningOp()->getLoc());
      scores = x;
    }
    MatMulOp qk = plainMatMul(scores);
    if (!qk || qk.getType() != type)
      return rewriter.notifyMatchFailure(softmax, "no MatMul of q and k");
    locs.push_back(qk.getLoc());

    Value q = qk.getA(), k = qk.getB(), v = pv.getB();
    if (!fitAttention(q, k, v))
      return rewriter.notifyMatchFailure(softmax, "batch dimensions differ");
    if (mask) {
      auto maskType = cast<RankedTensorType>(mask.getType());
      FailureOr<SmallVector<int64_t>> shape =
          broadcastShapes(type.getShape(), maskType.getShape());
      if (maskType.getElementType() != type.getElementType() || failed(shape) ||
          ArrayRef<int64_t>(*shape) != type.getShape())
        return rewriter.notifyMatchFailure(softmax, "the mask broadcasts");
    }
    // A scaling of q or of k (used by nothing else) joins the scale.
    for (Value *operand : {&q, &k}) {
      Value x = stripScale(*operand, scale);
      if (x != *operand) {
        locs.push_back(operand->getDefiningOp()->getLoc());
        *operand = x;
      }
    }

    rewriter.setInsertionPoint(pv);
    auto attention = rewriter.create<AttentionOp>(
        rewriter.getFusedLoc(locs), pv.getType(), q, k, v, mask,
        rewriter.getF32FloatAttr(static_cast<float>(scale)));
    rewriter.replaceOp(pv, attention.getResult());
    return success();
  }
};

struct FuseAttentionPass
    : public modelc::impl::FuseAttentionBase<FuseAttentionPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseSoftmaxAttention>(&getContext());
    if (failed(
            applyPatternsAndFoldGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
