//===- TileAndVectorize.cpp - tiling and vectorization for CPUs -*- C++ -*-===//
//
// Part of modelc. See dialects/Codegen/Passes.td for the pass description
// and ../shared/docs/cpu-codegen.md for the recipe it follows.
//
// A root (product, convolution, pool) goes through:
//   task tiles    scf.forall over its parallel dimensions, its elementwise
//                 consumer tiled with it (the root and its accumulator
//                 initialization fused in);
//   register tiles scf.for over the parallel dimensions at the register
//                 block, the initialization fused; non-dividing loops
//                 peeled;
//   reduction tiles scf.for over the reduction dimensions;
// then convolutions become 1-D, everything in the task is vectorized and
// the accumulators are hoisted out of the reduction loops. An attention
// (modelc.attention's ops) is one root whose task takes a few rows of all
// its ops.
//
//===----------------------------------------------------------------------===//

#include "modelc/Codegen/CPU/Int8Product.h"
#include "modelc/Codegen/CPU/TileTables.h"
#include "modelc/Codegen/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/IR/Dominance.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

#include <numeric>

namespace mlir::modelc {
#define GEN_PASS_DEF_CPUTILEANDVECTORIZE
#include "Codegen/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::cpu;

/// Marks the register-level loops that still have to be peeled.
static constexpr llvm::StringLiteral kPeelAttr = "modelc.peel";
/// Marks the root being tiled and its tiles (tiling clones attributes).
static constexpr llvm::StringLiteral kRootAttr = "modelc.root";
/// Marks the partial reductions that splitting a row reduction made.
static constexpr llvm::StringLiteral kLaneReductionAttr =
    "modelc.lane_reduction";

namespace {

/// The three levels of tile sizes of a root, one entry per loop of the
/// root (0: not tiled at that level).
struct RootTiles {
  SmallVector<int64_t> task;
  SmallVector<int64_t> registers;
  SmallVector<int64_t> reduction;
  /// The operand whose constant value is re-laid in panels of the register
  /// block's columns (a convolution's filter, B of a product), -1 for none;
  /// the dimension of those columns in it.
  int64_t panelOperand = -1;
  unsigned panelDim = 0;
  int64_t panelWidth = 0;
  /// The loop that the vectors run along (the register block's columns).
  unsigned columnLoop = 0;
};

} // namespace

/// A register tile for a loop of SIZE (ShapedType::kDynamic where only the
/// run knows it) near PREFERRED, a multiple of STEP (the vector width for
/// the dimension that the vectors run along, whose tile must fill whole
/// registers): SIZE itself where it is no larger, a divisor of SIZE above
/// 3/4 of PREFERRED where there is one (no remainder), otherwise
/// PREFERRED, and the loop is peeled.
static int64_t registerTile(int64_t size, int64_t preferred,
                            int64_t step = 1) {
  if (ShapedType::isDynamic(size))
    return preferred;
  if (size <= preferred)
    return size;
  for (int64_t t = preferred; 4 * t > 3 * preferred; t -= step)
    if (size % t == 0)
      return t;
  return preferred;
}

/// A reduction tile for a loop of SIZE: its largest divisor up to
/// PREFERRED (reductions are not peeled), 1 where SIZE is dynamic.
static int64_t reductionTile(int64_t size, int64_t preferred) {
  if (ShapedType::isDynamic(size))
    return 1;
  for (int64_t t = std::min(size, preferred); t > 1; --t)
    if (size % t == 0)
      return t;
  return 1;
}

/// A task tile for a loop of SIZE: the largest multiple of REG up to
/// PREFERRED that divides SIZE into two or more tasks, or 0 (the whole loop
/// in each task) where none does. A dynamic SIZE gets PREFERRED rounded to
/// REG. Where other loops already make tasks enough (SPLIT false: the
/// batch of a batched product), a SIZE up to PREFERRED stays whole: a task
/// of a few rows would read its block of B for those rows only.
static int64_t taskTile(int64_t size, int64_t reg, int64_t preferred,
                        bool split = true) {
  int64_t top = std::max<int64_t>(reg, preferred / reg * reg);
  if (ShapedType::isDynamic(size))
    return top;
  if (!split && size <= preferred)
    return 0;
  for (int64_t t = top; t >= reg; t -= reg)
    if (size % t == 0 && t < size)
      return t;
  return 0;
}

/// The output rows of a convolution task: enough rows of WIDTH positions
/// for PIXELS positions, rounded up to a divisor of the ROWS where one is
/// near; 1 where a size is dynamic.
static int64_t taskRows(int64_t rows, int64_t width, int64_t pixels) {
  if (ShapedType::isDynamic(rows) || ShapedType::isDynamic(width))
    return 1;
  int64_t wanted = std::min(rows, (pixels + width - 1) / width);
  for (int64_t r = wanted; r <= std::min(rows, 2 * wanted); ++r)
    if (rows % r == 0)
      return r;
  return wanted;
}

/// Whether OP reduces its innermost loop only (parallel loops, then the
/// reduction), in f32, with static sizes, the reduction's one that vectors
/// of WIDTH lanes split evenly: a row reduction (Softmax's max and sum,
/// LayerNormalization's mean and variance, ReduceSum over the last axis).
static bool isInnerReduction(linalg::GenericOp op, int64_t width) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumLoops() < 2 || op.getNumReductionLoops() != 1 ||
      !linalg::isReductionIterator(op.getIteratorTypesArray().back()))
    return false;
  auto element = dyn_cast<FloatType>(
      getElementTypeOrSelf(op.getDpsInits()[0].getType()));
  // Static shapes only: linalg::splitReduction makes its partial result
  // with a static tensor.empty.
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  int64_t size = ranges.back();
  return element && element.isF32() &&
         llvm::none_of(ranges, ShapedType::isDynamic) &&
         size % width == 0 && size >= 2 * width &&
         llvm::all_of(op.getIndexingMapsArray(), [](AffineMap map) {
           return map.isProjectedPermutation();
         });
}

/// Whether ROOT reduces over outer loops only, its innermost loop parallel
/// and read contiguously by every operand (a global average pool in
/// NHWC: the positions summed, the channels innermost), in f32 with static
/// sizes and at least a vector of WIDTH columns.
static bool isOuterReduction(linalg::LinalgOp root, int64_t width) {
  auto generic = dyn_cast<linalg::GenericOp>(root.getOperation());
  if (!generic || generic.getNumReductionLoops() == 0 ||
      generic.getNumDpsInits() != 1 ||
      !linalg::isParallelIterator(generic.getIteratorTypesArray().back()))
    return false;
  SmallVector<int64_t> ranges = generic.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic) || ranges.back() < width)
    return false;
  unsigned inner = ranges.size() - 1;
  for (AffineMap map : generic.getIndexingMapsArray()) {
    if (!map.isProjectedPermutation() || map.getNumResults() == 0)
      return false;
    auto last = dyn_cast<AffineDimExpr>(map.getResults().back());
    if (!last || last.getPosition() != inner)
      return false;
  }
  return true;
}

/// Whether ROOT is the first half of a split row reduction: loops
/// (parallel..., reduction, lanes) with a vector of WIDTH lanes.
static bool isLaneReduction(linalg::LinalgOp root, int64_t width) {
  auto generic = dyn_cast<linalg::GenericOp>(root.getOperation());
  if (!generic || !generic->hasAttr(kLaneReductionAttr))
    return false;
  SmallVector<utils::IteratorType> iterators =
      generic.getIteratorTypesArray();
  int64_t n = iterators.size();
  return n >= 2 && generic.getStaticLoopRanges().back() == width &&
         linalg::isParallelIterator(iterators[n - 1]) &&
         linalg::isReductionIterator(iterators[n - 2]) &&
         generic.getNumReductionLoops() == 1;
}

/// The tiles of an int8 product (isDot4Product): the table's int8 block
/// over its rows (the innermost parallel loop other than the columns) and
/// columns (B's dimension before the bytes), the other parallel loops one
/// at a time; every reduction but the bytes stepped by one. A convolution
/// (a 4-D result, rows on its third loop) takes a convolution's tasks,
/// a product a product's.
static RootTiles dot4Tiles(linalg::GenericOp root, const TileTable &table) {
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  int64_t numLoops = ranges.size();
  RootTiles t{SmallVector<int64_t>(numLoops, 0),
              SmallVector<int64_t>(numLoops, 0),
              SmallVector<int64_t>(numLoops, 0)};
  AffineMap wMap = root.getIndexingMapsArray()[1];
  unsigned n = *dot4Columns(wMap, numLoops - 1);
  SmallVector<utils::IteratorType> iterators = root.getIteratorTypesArray();
  int64_t rows = -1;
  for (int64_t d = 0; d < numLoops - 1; ++d) {
    if (linalg::isReductionIterator(iterators[d])) {
      t.reduction[d] = 1;
      continue;
    }
    t.task[d] = 1;
    t.registers[d] = 1;
    if (d != n)
      rows = d;
  }
  t.registers[n] = registerTile(ranges[n], table.int8.cols, table.vectorWidth);
  t.columnLoop = n;
  bool conv = root.getNumParallelLoops() == 4 && rows == 2 && n == 3;
  if (rows >= 0)
    t.registers[rows] = registerTile(ranges[rows], table.int8.rows);
  if (conv) {
    t.task[1] = taskRows(ranges[1], ranges[2], table.convTaskPixels);
    t.task[2] = 0;
    t.task[n] = taskTile(ranges[n], t.registers[n], table.convTaskChannels);
  } else {
    int64_t batchTasks = 1;
    for (int64_t d = 0; d < numLoops - 1; ++d)
      if (d != n && d != rows && linalg::isParallelIterator(iterators[d]) &&
          !ShapedType::isDynamic(ranges[d]))
        batchTasks *= ranges[d];
    if (rows >= 0)
      t.task[rows] = taskTile(ranges[rows], t.registers[rows],
                              table.matmulTask.rows, batchTasks < 4);
    t.task[n] = taskTile(ranges[n], t.registers[n], table.matmulTask.cols);
  }
  // Panels of the block's columns' bytes.
  t.panelOperand = 1;
  t.panelDim = wMap.getNumResults() - 1;
  t.panelWidth = 4 * t.registers[n];
  return t;
}

/// The tile sizes of ROOT with TABLE, or failure where ROOT is not a root
/// that this pass handles.
static FailureOr<RootTiles> computeTiles(linalg::LinalgOp root,
                                         const TileTable &table) {
  if (!root.hasPureTensorSemantics())
    return failure();
  if (isDot4Product(root)) {
    if (ShapedType::isDynamicShape(root.getStaticLoopRanges()))
      return failure();
    return dot4Tiles(cast<linalg::GenericOp>(root.getOperation()), table);
  }
  // f32, the max pooling of int8 (quantized) tensors, or the depthwise
  // convolution of int8 into i32 (the vectorizer sign-extends and
  // multiplies in i32 lanes, as many as f32's).
  Type resultElement = getElementTypeOrSelf(root->getResult(0).getType());
  bool int8MaxPool =
      resultElement.isInteger(8) &&
      isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcMaxUnsignedOp>(root);
  bool int8Depthwise =
      resultElement.isInteger(32) &&
      isa<linalg::DepthwiseConv2DNhwcHwcOp>(root) &&
      getElementTypeOrSelf(root.getDpsInputs()[0].getType()).isInteger(8);
  if (!resultElement.isF32() && !int8MaxPool && !int8Depthwise)
    return failure();
  SmallVector<int64_t> ranges = root.getStaticLoopRanges();
  int64_t numLoops = ranges.size();
  RootTiles t{SmallVector<int64_t>(numLoops, 0),
              SmallVector<int64_t>(numLoops, 0),
              SmallVector<int64_t>(numLoops, 0)};

  // Windowed ops, NHWC: loops (n, oh, ow, c|f, ...reductions).
  auto windowed = [&](RegisterBlock block, int64_t taskChannels) {
    t.task[0] = 1;
    t.task[1] = 1;
    t.registers[0] = 1;
    t.registers[1] = 1;
    t.registers[2] = registerTile(ranges[2], block.rows);
    t.registers[3] =
        registerTile(ranges[3], block.cols, table.vectorWidth);
    t.columnLoop = 3;
    t.task[3] = taskTile(ranges[3], t.registers[3], taskChannels);
  };
  if (isa<linalg::Conv2DNhwcHwcfOp>(root)) {
    // (n, oh, ow, f, kh, kw, c)
    windowed(table.conv, table.convTaskChannels);
    // A row that the block leaves a remainder takes a larger block that
    // divides it, where one fits the registers.
    int64_t width = ranges[2];
    if (!ShapedType::isDynamic(width) && width % t.registers[2] != 0)
      for (int64_t rows = table.conv.rows + 1; rows <= table.convMaxRows;
           ++rows)
        if (width % rows == 0) {
          t.registers[2] = rows;
          break;
        }
    t.task[1] = taskRows(ranges[1], ranges[2], table.convTaskPixels);
    // Output channels that no multiple of the block divides (SqueezeNet's
    // 1000) stay whole in each task; where the rows alone then make few
    // tasks and the channels are many (a few, such as 112, would lose
    // more to narrower blocks than they gain), the channels are split
    // anyway, in the largest part of half vectors that divides them
    // (1000: 5 x 200, each 6 blocks of 32 and one of 8): a task then reads
    // a fifth of the filters, and the threads get tasks enough to balance.
    int64_t rowTasks = ShapedType::isDynamic(ranges[1])
                           ? INT64_MAX
                           : llvm::divideCeil(ranges[1], t.task[1]);
    if (t.task[3] == 0 && !ShapedType::isDynamic(ranges[3]) &&
        ranges[3] % t.registers[3] != 0 &&
        ranges[3] > 4 * table.convTaskChannels &&
        rowTasks < table.convMinTasks) {
      int64_t step = std::max<int64_t>(1, table.vectorWidth / 2);
      for (int64_t c = 8 * table.convTaskChannels / step * step;
           c >= t.registers[3]; c -= step)
        if (ranges[3] % c == 0 && c < ranges[3]) {
          t.task[3] = c;
          break;
        }
    }
    t.reduction[4] = 1;
    t.reduction[5] = 1;
    t.reduction[6] = reductionTile(ranges[6], table.convInputChannels);
    t.panelOperand = 1;
    t.panelDim = 3;
    t.panelWidth = t.registers[3];
    return t;
  }
  if (isa<linalg::DepthwiseConv2DNhwcHwcOp, linalg::PoolingNhwcMaxOp,
          linalg::PoolingNhwcMaxUnsignedOp, linalg::PoolingNhwcSumOp>(root)) {
    // (n, oh, ow, c, kh, kw): one kernel row per step, the whole row of
    // taps unrolled by the 1-D vectorization.
    bool pool = !isa<linalg::DepthwiseConv2DNhwcHwcOp>(root);
    windowed(pool ? table.pool : table.depthwise,
             4 * (pool ? table.pool.cols : table.depthwise.cols));
    t.reduction[4] = 1;
    return t;
  }
  if (isLaneReduction(root, table.vectorWidth)) {
    // (rows..., k, lanes): tasks of a few rows, one row and one vector of
    // lanes in registers, k stepped by one.
    int64_t lanes = numLoops - 1, k = numLoops - 2;
    for (int64_t d = 0; d < k; ++d) {
      t.task[d] = 1;
      t.registers[d] = 1;
    }
    if (k > 0)
      t.task[k - 1] = ShapedType::isDynamic(ranges[k - 1])
                          ? table.reductionTaskRows
                          : std::min(ranges[k - 1], table.reductionTaskRows);
    t.registers[lanes] = ranges[lanes];
    t.reduction[k] = 1;
    t.columnLoop = lanes;
    return t;
  }
  if (isOuterReduction(root, table.vectorWidth)) {
    // (parallel and reduction loops..., columns): tasks of a few vectors
    // of columns, the accumulators in registers while the reductions step
    // one at a time (a global average pool: channels in vectors, the
    // positions stepped).
    int64_t columns = numLoops - 1;
    SmallVector<utils::IteratorType> iterators =
        root.getIteratorTypesArray();
    for (int64_t d = 0; d < columns; ++d) {
      bool reduced = linalg::isReductionIterator(iterators[d]);
      t.task[d] = reduced ? 0 : 1;
      t.registers[d] = reduced ? 0 : 1;
      t.reduction[d] = reduced ? 1 : 0;
    }
    t.registers[columns] = registerTile(ranges[columns], table.pool.cols,
                                        table.vectorWidth);
    t.task[columns] = taskTile(ranges[columns], t.registers[columns],
                               4 * table.pool.cols);
    t.columnLoop = columns;
    return t;
  }
  if (!linalg::isaContractionOpInterface(root))
    return failure();
  FailureOr<linalg::ContractionDimensions> dims =
      linalg::inferContractionDims(root);
  if (failed(dims) || dims->m.empty() || dims->n.empty())
    return failure();
  for (unsigned b : dims->batch) {
    t.task[b] = 1;
    t.registers[b] = 1;
  }
  // The largest M and N dimensions take the block (the innermost among
  // equals); others step by one. A batch dimension that B does not have
  // (a product by a weight, batched) counts as an M dimension.
  for (unsigned m : dims->m) {
    t.task[m] = 1;
    t.registers[m] = 1;
  }
  for (unsigned n : dims->n) {
    t.task[n] = 1;
    t.registers[n] = 1;
  }
  auto largest = [&](ArrayRef<unsigned> candidates) {
    unsigned best = candidates.back();
    for (unsigned d : llvm::reverse(candidates)) {
      auto size = [&](unsigned i) {
        return ShapedType::isDynamic(ranges[i]) ? INT64_MAX : ranges[i];
      };
      if (size(d) > size(best))
        best = d;
    }
    return best;
  };
  unsigned m = largest(dims->m), n = largest(dims->n);
  t.registers[m] = registerTile(ranges[m], table.matmul.rows);
  t.registers[n] =
      registerTile(ranges[n], table.matmul.cols, table.vectorWidth);
  t.columnLoop = n;
  // A batch of a few products makes tasks of its own.
  int64_t batchTasks = 1;
  for (unsigned b : dims->batch)
    batchTasks *= ShapedType::isDynamic(ranges[b]) ? 1 : ranges[b];
  t.task[m] = taskTile(ranges[m], t.registers[m], table.matmulTask.rows,
                       /*split=*/batchTasks < 4);
  t.task[n] = taskTile(ranges[n], t.registers[n], table.matmulTask.cols);
  for (unsigned k : dims->k)
    t.reduction[k] = 1;
  // B: the input indexed by N and not by M.
  AffineExpr nExpr = getAffineDimExpr(n, root->getContext());
  for (OpOperand *input : root.getDpsInputOperands()) {
    AffineMap map = root.getMatchingIndexingMap(input);
    std::optional<unsigned> pos = map.getResultPosition(nExpr);
    if (!pos || !map.isProjectedPermutation() ||
        llvm::any_of(dims->m, [&](unsigned m) {
          return map.getResultPosition(getAffineDimExpr(m, root->getContext()))
              .has_value();
        }))
      continue;
    t.panelOperand = input->getOperandNumber();
    t.panelDim = *pos;
    t.panelWidth = t.registers[n];
    break;
  }
  return t;
}

/// The elementwise consumer of ROOT that a task computes with it: the
/// single user of its result, a linalg.generic of parallel loops that reads
/// it through a permutation. Null where there is none.
static linalg::GenericOp elementwiseConsumer(linalg::LinalgOp root) {
  if (root->getNumResults() != 1 || !root->getResult(0).hasOneUse())
    return nullptr;
  OpOperand &use = *root->getResult(0).use_begin();
  auto user = dyn_cast<linalg::GenericOp>(use.getOwner());
  if (!user || user->getBlock() != root->getBlock() ||
      !linalg::isElementwise(user) || !user.hasPureTensorSemantics() ||
      user.getNumDpsInits() != 1)
    return nullptr;
  AffineMap map = user.getMatchingIndexingMap(&use);
  if (!map.isPermutation())
    return nullptr;
  return user;
}

/// ROOT's task tile sizes carried to the loops of CONSUMER, which reads
/// ROOT's result through a permutation.
static SmallVector<int64_t> consumerTiles(linalg::LinalgOp root,
                                          linalg::GenericOp consumer,
                                          ArrayRef<int64_t> rootTiles) {
  OpOperand &use = *root->getResult(0).use_begin();
  AffineMap consumerMap = consumer.getMatchingIndexingMap(&use);
  AffineMap rootMap =
      root.getIndexingMapMatchingResult(cast<OpResult>(root->getResult(0)));
  SmallVector<int64_t> tiles(consumer.getNumLoops(), 0);
  for (unsigned j = 0; j < rootMap.getNumResults(); ++j) {
    unsigned rootLoop = cast<AffineDimExpr>(rootMap.getResult(j)).getPosition();
    unsigned consumerLoop =
        cast<AffineDimExpr>(consumerMap.getResult(j)).getPosition();
    tiles[consumerLoop] = rootTiles[rootLoop];
  }
  return tiles;
}

static SmallVector<OpFoldResult> asFoldResults(OpBuilder &b,
                                               ArrayRef<int64_t> sizes) {
  return llvm::map_to_vector(
      sizes, [&](int64_t s) -> OpFoldResult { return b.getIndexAttr(s); });
}

/// Tiles CONSUMER with SIZES and LOOPTYPE, fusing the producers that
/// CONTROL accepts, and replaces CONSUMER's uses with the loops' results.
/// Returns the tiled ops and the loops.
static FailureOr<scf::SCFTileAndFuseResult>
tileAndFuseWith(RewriterBase &rewriter, Operation *consumer,
                ArrayRef<int64_t> sizes,
                scf::SCFTilingOptions::LoopType loopType,
                scf::SCFTileAndFuseOptions::ControlFnTy control) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(asFoldResults(rewriter, sizes)).setLoopType(loopType);
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tiling);
  options.setFusionControlFn(std::move(control));
  rewriter.setInsertionPoint(consumer);
  FailureOr<scf::SCFTileAndFuseResult> result =
      scf::tileConsumerAndFuseProducersUsingSCF(
          rewriter, cast<TilingInterface>(consumer), options);
  if (failed(result))
    return failure();
  for (OpResult r : consumer->getResults())
    if (Value replacement = result->replacements.lookup(r))
      rewriter.replaceAllUsesWith(r, replacement);
  return result;
}

/// Tiles CONSUMER (the root or its elementwise consumer) with SIZES and
/// LOOPTYPE, fusing the root (marked kRootAttr) and the op that
/// initializes its accumulator (ROOTINIT: a fill or a broadcast of the
/// bias). Returns the tiled ops and the loops.
static FailureOr<scf::SCFTileAndFuseResult>
tileAndFuse(RewriterBase &rewriter, Operation *consumer, Value rootInit,
            ArrayRef<int64_t> sizes, scf::SCFTilingOptions::LoopType loopType,
            bool yieldRoot) {
  return tileAndFuseWith(
      rewriter, consumer, sizes, loopType,
      [rootInit, yieldRoot](tensor::ExtractSliceOp, OpResult producer, bool) {
        Operation *op = producer.getOwner();
        bool fuse =
            op->hasAttr(kRootAttr) ||
            (Value(producer) == rootInit &&
             (isa<linalg::FillOp>(op) ||
              (isa<linalg::GenericOp>(op) &&
               cast<linalg::LinalgOp>(op).getNumReductionLoops() == 0)));
        // The root's tile is yielded from the loops: a task then writes it
        // into its slice of the whole result, not into a buffer private to
        // the task (which the workspace planner would share between
        // threads).
        return std::make_tuple(fuse, yieldRoot && op->hasAttr(kRootAttr));
      });
}

/// The copies of the root in SCOPE (tiling and peeling clone its
/// kRootAttr), in program order.
static SmallVector<linalg::LinalgOp> rootCopies(Operation *scope) {
  SmallVector<linalg::LinalgOp> copies;
  scope->walk([&](linalg::LinalgOp op) {
    if (op->hasAttr(kRootAttr))
      copies.push_back(op);
  });
  return copies;
}

/// Tiles OP with SIZES into scf.for loops (no fusion) and replaces it.
static FailureOr<scf::SCFTilingResult>
tileWithLoopsResult(RewriterBase &rewriter, Operation *op,
                    ArrayRef<int64_t> sizes) {
  scf::SCFTilingOptions tiling;
  tiling.setTileSizes(asFoldResults(rewriter, sizes));
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> result =
      scf::tileUsingSCF(rewriter, cast<TilingInterface>(op), tiling);
  if (failed(result) || result->tiledOps.size() != 1)
    return failure();
  rewriter.replaceOp(op, result->replacements);
  return result;
}

/// The same, returning the tiled op (OP itself where no size is set).
static FailureOr<Operation *>
tileWithLoops(RewriterBase &rewriter, Operation *op, ArrayRef<int64_t> sizes) {
  if (llvm::all_of(sizes, [](int64_t s) { return s == 0; }))
    return op;
  FailureOr<scf::SCFTilingResult> result =
      tileWithLoopsResult(rewriter, op, sizes);
  if (failed(result))
    return failure();
  return result->tiledOps.front();
}

/// Vectorizes OP. Its loops whose size only the run knows (the remainders
/// of dynamic dimensions) are first stepped one at a time, so that the
/// vectors have static shapes and need no masks.
static LogicalResult vectorizeOp(RewriterBase &rewriter, linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> sizes = llvm::map_to_vector(
      ranges, [](int64_t r) -> int64_t { return ShapedType::isDynamic(r); });
  FailureOr<Operation *> tiled = tileWithLoops(rewriter, op, sizes);
  if (failed(tiled))
    return failure();
  auto tiledOp = cast<linalg::LinalgOp>(*tiled);
  if (ShapedType::isDynamicShape(tiledOp.getStaticLoopRanges()))
    return failure();
  rewriter.setInsertionPoint(tiledOp);
  return linalg::vectorize(rewriter, tiledOp);
}

/// The x86 instructions that sum products of unsigned and signed bytes
/// into i32 lanes, by the lanes of their result (4, 8 or 16).
static StringRef vpdpbusdIntrinsic(int64_t lanes) {
  return lanes == 16  ? "llvm.x86.avx512.vpdpbusd.512"
         : lanes == 8 ? "llvm.x86.avx512.vpdpbusd.256"
                      : "llvm.x86.avx512.vpdpbusd.128";
}
static StringRef vpmaddubswIntrinsic(int64_t lanes) {
  return lanes == 16  ? "llvm.x86.avx512.pmaddubs.w.512"
         : lanes == 8 ? "llvm.x86.avx2.pmadd.ub.sw"
                      : "llvm.x86.ssse3.pmadd.ub.sw.128";
}
static StringRef vpmaddwdIntrinsic(int64_t lanes) {
  return lanes == 16  ? "llvm.x86.avx512.pmaddw.d.512"
         : lanes == 8 ? "llvm.x86.avx2.pmadd.wd"
                      : "llvm.x86.sse2.pmadd.wd";
}

/// Whether vpmaddubsw is exact on the weights W whatever the unsigned
/// bytes it meets: it adds the products of each pair of bytes (2i, 2i + 1)
/// into an int16 with saturation, which cannot saturate where the pair's
/// positive weights sum to at most 128 and its negative ones to at least
/// -128 (255 x 128 < 2^15). W must be a constant, seen through slices of
/// unit stride (a panel of the packed weights keeps the pairs); CACHE
/// keeps the answer per constant.
static bool maddPairsFit(Value w, DenseMap<Attribute, bool> &cache) {
  while (auto slice = w.getDefiningOp<tensor::ExtractSliceOp>()) {
    if (!slice.hasUnitStride())
      return false;
    w = slice.getSource();
  }
  auto constant = w.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return false;
  auto value = dyn_cast<DenseIntElementsAttr>(constant.getValue());
  if (!value || !value.getElementType().isInteger(8))
    return false;
  auto [it, inserted] = cache.try_emplace(value, false);
  if (!inserted)
    return it->second;
  if (value.isSplat()) {
    int64_t v = value.getSplatValue<APInt>().getSExtValue();
    return it->second = v >= -64 && v <= 64;
  }
  ArrayRef<char> raw = value.getRawData();
  if (raw.size() % 2 != 0)
    return false;
  for (size_t i = 0; i < raw.size(); i += 2) {
    int64_t a = static_cast<int8_t>(raw[i]),
            b = static_cast<int8_t>(raw[i + 1]);
    if (std::max<int64_t>(a, 0) + std::max<int64_t>(b, 0) > 128 ||
        std::min<int64_t>(a, 0) + std::min<int64_t>(b, 0) < -128)
      return false;
  }
  return it->second = true;
}

/// Writes out the register tile OP of an int8 product (isDot4Product):
/// loops of size 1 but its rows and columns (the register block) and the
/// four bytes. The accumulators are read once as a vector of the result
/// tile's shape; for each row, the row's four bytes of A broadcast as one
/// i32 to every lane meet each block of 16, 8 or 4 columns' 4 x N bytes of
/// B (one contiguous run: B is [..., N x 4]) in the instructions INT8DOT
/// names:
/// - vnni512, vnni256: one vpdpbusd;
/// - madd512, madd256 (AVX-512BW, AVX2): vpmaddubsw (pairs of bytes into
///   int16) then vpmaddwd by ones (pairs of int16 into the i32 lanes). Where
///   the weights can saturate the int16 (maddPairsFit), A's bytes are split
///   into their low seven bits and their top bit, each exact in vpmaddubsw,
///   and the two summed by vpmaddwd by 1 and by 128;
/// - usdot (aarch64 with i8mm): one usdot per 4 columns;
/// - sdot (aarch64 with dotprod): one sdot per 4 columns, on products whose
///   activations modelc-cpu-signed-int8-products flipped to s8 (the row's
///   bytes ^ 0x80);
/// - none, fewer columns, or activations the instruction does not take
///   (flipped ones on x86, unsigned ones for sdot): widening multiplies
///   summed by four.
static LogicalResult vectorizeDot4(RewriterBase &rewriter, linalg::GenericOp op,
                                   StringRef int8Dot,
                                   DenseMap<Attribute, bool> &pairsFit) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (ShapedType::isDynamicShape(ranges))
    return failure();
  int64_t numLoops = ranges.size();
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  AffineMap aMap = maps[0], wMap = maps[1], outMap = maps[2];
  unsigned n = *dot4Columns(wMap, numLoops - 1);
  int64_t rowsLoop = -1;
  for (int64_t d = 0; d < numLoops - 1; ++d) {
    if (d == int64_t(n) || ranges[d] == 1)
      continue;
    if (rowsLoop >= 0 ||
        !linalg::isParallelIterator(op.getIteratorTypesArray()[d]))
      return failure();
    rowsLoop = d;
  }
  Value a = op.getDpsInputs()[0], w = op.getDpsInputs()[1];
  Value init = op.getDpsInits()[0];
  auto accType = cast<RankedTensorType>(init.getType());
  auto wType = cast<RankedTensorType>(w.getType());
  int64_t outRank = accType.getRank();
  int64_t cols = ranges[n];
  std::optional<unsigned> colDim =
      outMap.getResultPosition(getAffineDimExpr(n, op->getContext()));
  if (!accType.hasStaticShape() || !wType.hasStaticShape() || !colDim ||
      *colDim != outRank - 1)
    return failure();
  std::optional<unsigned> rowDim;
  if (rowsLoop >= 0) {
    rowDim =
        outMap.getResultPosition(getAffineDimExpr(rowsLoop, op->getContext()));
    if (!rowDim)
      return failure();
  }
  int64_t rows = rowsLoop >= 0 ? ranges[rowsLoop] : 1;
  bool flipped = matchDot4Product(op) == Dot4Activations::Flipped;
  // The instruction's kind and widest block (in i32 lanes), where it takes
  // these activations.
  enum class Dot { None, Vnni, Madd, Sdot, Usdot } dot = Dot::None;
  int64_t widest = 0;
  if (int8Dot == "sdot" || int8Dot == "usdot") {
    if (flipped == (int8Dot == "sdot")) {
      dot = flipped ? Dot::Sdot : Dot::Usdot;
      widest = 4;
    }
  } else if (!flipped && int8Dot != "none") {
    dot = int8Dot.starts_with("madd") ? Dot::Madd : Dot::Vnni;
    widest = int8Dot.ends_with("512") ? 16 : 8;
  }
  bool split = dot == Dot::Madd && !maddPairsFit(w, pairsFit);

  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Type i8 = rewriter.getI8Type(), i32 = rewriter.getI32Type();
  auto index = [&](int64_t v) -> Value {
    return rewriter.create<arith::ConstantIndexOp>(loc, v);
  };
  auto indices = [&](ArrayRef<int64_t> values) {
    return llvm::map_to_vector(values, index);
  };
  SmallVector<bool> inBounds1{true};
  SmallVector<bool> inBoundsAcc(outRank, true);
  auto accVectorType = VectorType::get(accType.getShape(), i32);
  Value acc = rewriter.create<vector::TransferReadOp>(
      loc, accVectorType, init, indices(SmallVector<int64_t>(outRank, 0)),
      inBoundsAcc);
  // B's columns, read once per block and reused by every row.
  struct Block {
    int64_t offset, width;
    Value b;
  };
  SmallVector<Block> blocks;
  for (int64_t c = 0; c < cols;) {
    // Blocks as wide as the dot-product instruction's (or a zmm's) lanes.
    int64_t width = std::min<int64_t>(widest ? widest : 16, cols - c);
    if (!llvm::isPowerOf2_64(width))
      return failure();
    // The block's bytes: 4 x width in a row of B.
    SmallVector<int64_t> point(numLoops, 0);
    point[n] = c;
    Value b = rewriter.create<vector::TransferReadOp>(
        loc, VectorType::get({4 * width}, i8), w, indices(wMap.compose(point)),
        inBounds1);
    blocks.push_back({c, width, b});
    c += width;
  }
  for (int64_t r = 0; r < rows; ++r) {
    SmallVector<int64_t> point(numLoops, 0);
    if (rowsLoop >= 0)
      point[rowsLoop] = r;
    Value a4 = rewriter.create<vector::TransferReadOp>(
        loc, VectorType::get({4}, i8), a, indices(aMap.compose(point)),
        inBounds1);
    if (flipped)
      a4 = rewriter.create<arith::XOrIOp>(
          loc, a4,
          rewriter.create<arith::ConstantOp>(
              loc, DenseElementsAttr::get(VectorType::get({4}, i8),
                                          rewriter.getI8IntegerAttr(-128))));
    Value a32 = rewriter.create<vector::ExtractOp>(
        loc,
        rewriter.create<vector::BitCastOp>(loc, VectorType::get({1}, i32), a4),
        ArrayRef<int64_t>{0});
    // A's bytes split for vpmaddubsw: the low seven bits and the top bit.
    Value aLow, aHigh;
    if (split) {
      auto splat = [&](int64_t v) {
        return rewriter.create<arith::ConstantOp>(
            loc, i32, rewriter.getI32IntegerAttr(v));
      };
      aLow = rewriter.create<arith::AndIOp>(loc, a32, splat(0x7f7f7f7f));
      aHigh = rewriter.create<arith::AndIOp>(
          loc, rewriter.create<arith::ShRUIOp>(loc, a32, splat(7)),
          splat(0x01010101));
    }
    SmallVector<int64_t> rowPos(outRank - 1, 0);
    if (rowDim)
      rowPos[*rowDim] = r;
    Value row = rewriter.create<vector::ExtractOp>(loc, acc, rowPos);
    for (const Block &block : blocks) {
      auto lanes = VectorType::get({block.width}, i32);
      Value sums =
          block.width == cols
              ? row
              : rewriter.create<vector::ExtractStridedSliceOp>(
                    loc, row, ArrayRef<int64_t>{block.offset},
                    ArrayRef<int64_t>{block.width}, ArrayRef<int64_t>{1});
      bool fits = block.width >= 4 && block.width <= widest;
      if (fits && dot == Dot::Vnni) {
        Value bLanes = rewriter.create<vector::BitCastOp>(loc, lanes, block.b);
        Value aLanes = rewriter.create<vector::BroadcastOp>(loc, lanes, a32);
        sums = rewriter
                   .create<LLVM::CallIntrinsicOp>(
                       loc, lanes, vpdpbusdIntrinsic(block.width),
                       ValueRange{sums, aLanes, bLanes})
                   .getResult(0);
      } else if (fits && (dot == Dot::Sdot || dot == Dot::Usdot)) {
        // aarch64: the 16 bytes of 4 columns by the row's 4 bytes in every
        // lane, signed by signed (sdot) or unsigned by signed (usdot).
        Value aBytes = rewriter.create<vector::BitCastOp>(
            loc, VectorType::get({16}, i8),
            rewriter.create<vector::BroadcastOp>(loc, lanes, a32));
        sums = rewriter
                   .create<LLVM::CallIntrinsicOp>(
                       loc, lanes,
                       dot == Dot::Sdot ? "llvm.aarch64.neon.sdot.v4i32.v16i8"
                                        : "llvm.aarch64.neon.usdot.v4i32.v16i8",
                       ValueRange{sums, aBytes, block.b})
                   .getResult(0);
      } else if (fits) {
        auto bytes = VectorType::get({4 * block.width}, i8);
        auto halves = VectorType::get({2 * block.width}, rewriter.getI16Type());
        // The pairs of bytes times B's, summed into int16 and then, by
        // vpmaddwd times FACTOR, into the i32 lanes.
        auto pairs = [&](Value a, int64_t factor) -> Value {
          Value aBytes = rewriter.create<vector::BitCastOp>(
              loc, bytes, rewriter.create<vector::BroadcastOp>(loc, lanes, a));
          Value words = rewriter
                            .create<LLVM::CallIntrinsicOp>(
                                loc, halves, vpmaddubswIntrinsic(block.width),
                                ValueRange{aBytes, block.b})
                            .getResult(0);
          Value scale = rewriter.create<arith::ConstantOp>(
              loc, halves,
              DenseElementsAttr::get(halves,
                                     rewriter.getI16IntegerAttr(factor)));
          return rewriter
              .create<LLVM::CallIntrinsicOp>(loc, lanes,
                                             vpmaddwdIntrinsic(block.width),
                                             ValueRange{words, scale})
              .getResult(0);
        };
        if (split) {
          sums = rewriter.create<arith::AddIOp>(loc, sums, pairs(aLow, 1));
          sums = rewriter.create<arith::AddIOp>(loc, sums, pairs(aHigh, 128));
        } else {
          sums = rewriter.create<arith::AddIOp>(loc, sums, pairs(a32, 1));
        }
      } else {
        auto bytes = VectorType::get({block.width, 4}, i8);
        auto wide = VectorType::get({block.width, 4}, i32);
        Value aBytes = rewriter.create<vector::BroadcastOp>(loc, bytes, a4);
        Value bBytes =
            rewriter.create<vector::ShapeCastOp>(loc, bytes, block.b);
        Value aWide =
            flipped
                ? rewriter.create<arith::ExtSIOp>(loc, wide, aBytes).getResult()
                : rewriter.create<arith::ExtUIOp>(loc, wide, aBytes)
                      .getResult();
        Value product = rewriter.create<arith::MulIOp>(
            loc, aWide, rewriter.create<arith::ExtSIOp>(loc, wide, bBytes));
        sums = rewriter.create<vector::MultiDimReductionOp>(
            loc, product, sums, ArrayRef<bool>{false, true},
            vector::CombiningKind::ADD);
      }
      row = block.width == cols
                ? sums
                : rewriter.create<vector::InsertStridedSliceOp>(
                      loc, sums, row, ArrayRef<int64_t>{block.offset},
                      ArrayRef<int64_t>{1});
    }
    acc = rewriter.create<vector::InsertOp>(loc, row, acc, rowPos);
  }
  Value result = rewriter
                     .create<vector::TransferWriteOp>(
                         loc, acc, init,
                         indices(SmallVector<int64_t>(outRank, 0)), inBoundsAcc)
                     .getResult();
  rewriter.replaceOp(op, result);
  return success();
}

/// Whether OFR, an offset of a tile, is a multiple of N: a constant, an
/// induction variable of loops whose start and step are, or sums and
/// products of such (the affine.apply of tiling).
static bool isMultipleOf(OpFoldResult ofr, int64_t n);

static bool isMultipleOf(AffineExpr expr, ValueRange operands,
                         unsigned numDims, int64_t n) {
  if (auto c = dyn_cast<AffineConstantExpr>(expr))
    return c.getValue() % n == 0;
  if (auto d = dyn_cast<AffineDimExpr>(expr))
    return isMultipleOf(operands[d.getPosition()], n);
  if (auto s = dyn_cast<AffineSymbolExpr>(expr))
    return isMultipleOf(operands[numDims + s.getPosition()], n);
  auto binary = dyn_cast<AffineBinaryOpExpr>(expr);
  if (!binary)
    return false;
  bool lhs = isMultipleOf(binary.getLHS(), operands, numDims, n);
  bool rhs = isMultipleOf(binary.getRHS(), operands, numDims, n);
  if (expr.getKind() == AffineExprKind::Add)
    return lhs && rhs;
  if (expr.getKind() == AffineExprKind::Mul) {
    // c * x is a multiple of n where x is one of n / gcd(c, n).
    if (auto c = dyn_cast<AffineConstantExpr>(binary.getRHS())) {
      int64_t g = std::gcd(c.getValue(), n);
      return g != 0 && isMultipleOf(binary.getLHS(), operands, numDims, n / g);
    }
    return lhs || rhs;
  }
  return false;
}

static bool isMultipleOf(OpFoldResult ofr, int64_t n) {
  if (std::optional<int64_t> c = getConstantIntValue(ofr))
    return *c % n == 0;
  Value v = cast<Value>(ofr);
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    Operation *owner = arg.getOwner()->getParentOp();
    if (auto loop = dyn_cast<scf::ForOp>(owner))
      return arg == loop.getInductionVar() &&
             isMultipleOf(loop.getLowerBound(), n) &&
             isMultipleOf(loop.getStep(), n);
    if (auto forall = dyn_cast<scf::ForallOp>(owner)) {
      unsigned i = arg.getArgNumber();
      return i < forall.getRank() &&
             isMultipleOf(forall.getMixedLowerBound()[i], n) &&
             isMultipleOf(forall.getMixedStep()[i], n);
    }
    return false;
  }
  if (auto apply = v.getDefiningOp<affine::AffineApplyOp>())
    return isMultipleOf(apply.getAffineMap().getResult(0),
                        apply.getMapOperands(),
                        apply.getAffineMap().getNumDims(), n);
  return false;
}

/// VALUE (a constant of shape [..., N at DIM, ...]) in panels of WIDTH
/// columns: shape [ceil(N / WIDTH), ..., WIDTH, ...], the panel index
/// outermost, the columns past N zero. A register block's columns of the
/// whole reduction are then one contiguous run of memory, not WIDTH
/// columns of rows N apart (at N = 1024 floats, every row maps to the same
/// cache set).
static DenseElementsAttr packPanels(DenseElementsAttr value, unsigned dim,
                                    int64_t width) {
  auto type = cast<RankedTensorType>(value.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t columns = shape[dim];
  int64_t panels = llvm::divideCeil(columns, width);
  SmallVector<int64_t> packedShape{panels};
  llvm::append_range(packedShape, shape);
  packedShape[dim + 1] = width;
  auto packedType = RankedTensorType::get(packedShape, type.getElementType());
  if (value.isSplat() && columns % width == 0)
    return value.resizeSplat(packedType);
  // The source as [outer, columns, inner], the result as
  // [panels, outer, width, inner].
  int64_t outer = 1, inner = 1;
  for (unsigned d = 0; d < dim; ++d)
    outer *= shape[d];
  for (unsigned d = dim + 1; d < shape.size(); ++d)
    inner *= shape[d];
  size_t bytes = type.getElementTypeBitWidth() / 8;
  std::vector<char> out(panels * outer * width * inner * bytes, 0);
  auto element = [&](int64_t index) -> const char * {
    return value.isSplat() ? value.getRawData().data()
                           : value.getRawData().data() + index * bytes;
  };
  int64_t at = 0;
  for (int64_t p = 0; p < panels; ++p)
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t w = 0; w < width; ++w, at += inner) {
        int64_t column = p * width + w;
        if (column >= columns)
          continue;
        int64_t from = (o * columns + column) * inner;
        if (value.isSplat()) {
          for (int64_t i = 0; i < inner; ++i)
            std::memcpy(&out[(at + i) * bytes], element(0), bytes);
        } else {
          std::memcpy(&out[at * bytes], element(from), inner * bytes);
        }
      }
  return DenseElementsAttr::getFromRawBuffer(packedType, out);
}

namespace {

/// The map of a transfer on a slice, as a map on the slice's source: the
/// slice's dimensions are the source's, DROPPED (rank-reduced) excepted.
AffineMap mapOnSource(AffineMap map, const llvm::SmallBitVector &dropped) {
  MLIRContext *ctx = map.getContext();
  SmallVector<AffineExpr> sliceDims;
  for (unsigned d = 0; d < dropped.size(); ++d)
    if (!dropped[d])
      sliceDims.push_back(getAffineDimExpr(d, ctx));
  return map.replaceDimsAndSymbols(sliceDims, {}, dropped.size(), 0);
}

/// The indices on the slice's source of INDICES on a slice at OFFSETS (unit
/// strides).
SmallVector<Value> indicesOnSource(OpBuilder &b, Location loc,
                                   ArrayRef<OpFoldResult> offsets,
                                   const llvm::SmallBitVector &dropped,
                                   ValueRange indices) {
  AffineExpr d0, d1;
  bindDims(b.getContext(), d0, d1);
  SmallVector<Value> result;
  unsigned next = 0;
  for (unsigned d = 0; d < offsets.size(); ++d) {
    OpFoldResult index = offsets[d];
    if (!dropped[d])
      index = affine::makeComposedFoldedAffineApply(
          b, loc, d0 + d1, {offsets[d], indices[next++]});
    result.push_back(getValueOrCreateConstantIndexOp(b, loc, index));
  }
  return result;
}

/// transfer_read(extract_slice(x)) -> transfer_read(x), unit strides, no
/// mask.
struct TransferReadOfSlice : public OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto slice = read.getSource().getDefiningOp<tensor::ExtractSliceOp>();
    if (!slice || read.getMask() || !slice.hasUnitStride())
      return failure();
    llvm::SmallBitVector dropped = slice.getDroppedDims();
    SmallVector<Value> indices = indicesOnSource(
        rewriter, read.getLoc(), slice.getMixedOffsets(), dropped,
        read.getIndices());
    rewriter.replaceOpWithNewOp<vector::TransferReadOp>(
        read, read.getVectorType(), slice.getSource(), indices,
        AffineMapAttr::get(mapOnSource(read.getPermutationMap(), dropped)),
        read.getPadding(), /*mask=*/Value(), read.getInBoundsAttr());
    return success();
  }
};

/// insert_slice(transfer_write(v, t), dest) -> transfer_write(v, dest)
/// where the write covers all of t (MLIR 19's
/// InsertSliceOfTransferWriteOpFolder does not check it, and drops what
/// else t holds: a block of columns written into a tile that another block
/// wrote before).
struct InsertSliceOfCoveringWrite
    : public OpRewritePattern<tensor::InsertSliceOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tensor::InsertSliceOp insert,
                                PatternRewriter &rewriter) const override {
    auto write = insert.getSource().getDefiningOp<vector::TransferWriteOp>();
    if (!write || write.getMask() || !insert.hasUnitStride() ||
        !write->hasOneUse())
      return failure();
    auto tile = cast<RankedTensorType>(write.getSource().getType());
    VectorType vector = write.getVectorType();
    if (!tile.hasStaticShape() || vector.getRank() > tile.getRank())
      return failure();
    // The vector fills the tile: its dimensions, through the map, are the
    // tile's, the others of size 1, and it starts at 0.
    SmallVector<int64_t> written(tile.getRank(), 1);
    for (auto [i, expr] :
         llvm::enumerate(write.getPermutationMap().getResults())) {
      auto dim = dyn_cast<AffineDimExpr>(expr);
      if (!dim)
        return failure();
      written[dim.getPosition()] = vector.getDimSize(i);
    }
    if (ArrayRef<int64_t>(written) != tile.getShape() ||
        !llvm::all_of(write.getIndices(),
                      [](Value v) { return isConstantIntValue(v, 0); }))
      return failure();
    llvm::SmallBitVector dropped = insert.getDroppedDims();
    SmallVector<Value> indices =
        indicesOnSource(rewriter, insert.getLoc(), insert.getMixedOffsets(),
                        dropped, write.getIndices());
    rewriter.replaceOpWithNewOp<vector::TransferWriteOp>(
        insert, write.getVector(), insert.getDest(), indices,
        AffineMapAttr::get(mapOnSource(write.getPermutationMap(), dropped)),
        /*mask=*/Value(), write.getInBoundsAttr());
    return success();
  }
};

/// The region of a tensor that a transfer with a minor identity map and all
/// dimensions in bounds covers from its indices: the vector's shape, with
/// leading 1s to the tensor's rank. Empty where the transfer has another
/// form.
static SmallVector<int64_t> coveredRegion(VectorTransferOpInterface op) {
  auto tensor = dyn_cast<RankedTensorType>(op.getSource().getType());
  VectorType vector = op.getVectorType();
  if (!tensor || op.getMask() || !op.getPermutationMap().isMinorIdentity() ||
      vector.isScalable() ||
      !llvm::all_of(op.getInBoundsValues(), [](bool b) { return b; }))
    return {};
  SmallVector<int64_t> region(tensor.getRank() - vector.getRank(), 1);
  llvm::append_range(region, vector.getShape());
  return region;
}

/// transfer_read(transfer_write(v, t, idx), idx) -> shape_cast(v) where the
/// two cover the same region and differ in unit dimensions only (a
/// convolution's 1-D accumulator, written into its 2-D tile, read back by
/// the epilogue), which the upstream fold (same vector types) leaves.
struct TransferReadOfWriteUnitDims
    : public OpRewritePattern<vector::TransferReadOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(vector::TransferReadOp read,
                                PatternRewriter &rewriter) const override {
    auto write = read.getSource().getDefiningOp<vector::TransferWriteOp>();
    if (!write || write.getVectorType() == read.getVectorType() ||
        write.getVectorType().getElementType() !=
            read.getVectorType().getElementType() ||
        write.getIndices().size() != read.getIndices().size() ||
        !llvm::all_of(llvm::zip(write.getIndices(), read.getIndices()),
                      [](auto pair) {
                        auto [a, b] = pair;
                        std::optional<int64_t> ca = getConstantIntValue(a);
                        return a == b || (ca && ca == getConstantIntValue(b));
                      }))
      return failure();
    SmallVector<int64_t> written = coveredRegion(write);
    if (written.empty() || written != coveredRegion(read))
      return failure();
    rewriter.replaceOpWithNewOp<vector::ShapeCastOp>(
        read, read.getVectorType(), write.getVector());
    return success();
  }
};

} // namespace

static void applyPatterns(Operation *op, RewritePatternSet &&patterns) {
  GreedyRewriteConfig config;
  (void)applyPatternsAndFoldGreedily(op, std::move(patterns), config);
}

static void canonicalize(Operation *op) {
  MLIRContext *ctx = op->getContext();
  RewritePatternSet patterns(ctx);
  for (RegisteredOperationName name : ctx->getRegisteredOperations())
    name.getCanonicalizationPatterns(patterns, ctx);
  for (Dialect *dialect : ctx->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  affine::AffineMinOp::getCanonicalizationPatterns(patterns, ctx);
  applyPatterns(op, std::move(patterns));
}

namespace {

struct CPUTileAndVectorizePass
    : public modelc::impl::CPUTileAndVectorizeBase<CPUTileAndVectorizePass> {
  using CPUTileAndVectorizeBase::CPUTileAndVectorizeBase;

  void runOnOperation() override {
    std::optional<TileTable> table = lookupTileTable(vectorISA);
    if (!table) {
      getOperation().emitError("unknown vector instruction set '")
          << vectorISA << "' (expected avx512, avx2, sse2 or neon)";
      return signalPassFailure();
    }
    int64_t vectorized = 0, scalar = 0;
    SmallVector<linalg::GenericOp> attentions;
    getOperation().walk([&](linalg::GenericOp op) {
      if (op->hasAttr(kAttentionProductAttr))
        attentions.push_back(op);
    });
    for (linalg::GenericOp product : attentions) {
      FailureOr<bool> tiled = tileAttention(product, *table);
      // Not matched: its ops are tiled one by one below.
      if (failed(tiled))
        continue;
      ++(*tiled ? vectorized : scalar);
    }
    splitInnerReductions(table->vectorWidth);
    SmallVector<std::pair<linalg::LinalgOp, RootTiles>> roots;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op->getParentOfType<scf::ForallOp>())
        return;
      FailureOr<RootTiles> tiles = computeTiles(op, *table);
      if (succeeded(tiles))
        roots.emplace_back(op, std::move(*tiles));
    });
    for (auto &[root, tiles] : roots) {
      if (succeeded(tileRoot(root, tiles, *table)))
        ++vectorized;
      else
        ++scalar;
    }
    numVectorizedRoots += vectorized;
    numScalarRoots += scalar;
    // Release builds of LLVM count no statistics: the counts also stay on
    // the function, for `modelc --stats`.
    Builder b(&getContext());
    getOperation()->setAttr(kVectorizedRootsAttr,
                            b.getI64IntegerAttr(vectorized));
    getOperation()->setAttr(kScalarRootsAttr, b.getI64IntegerAttr(scalar));
  }

  /// The ops of modelc.attention's lowering (Attention.cpp) around PRODUCT,
  /// the product of the exponentials by v, where they have that form and
  /// no other users: the exponentials, the scores' product, the row maxima
  /// and sums, and the division after PRODUCT (its elementwise consumer).
  struct AttentionOps {
    linalg::GenericOp scores, maxima, exps, sums, product, result;
  };
  static std::optional<AttentionOps> matchAttention(linalg::GenericOp product) {
    AttentionOps ops;
    ops.product = product;
    ops.result = elementwiseConsumer(product);
    if (!ops.result || product.getNumDpsInputs() != 2)
      return std::nullopt;
    auto generic = [](Value v) { return v.getDefiningOp<linalg::GenericOp>(); };
    auto isRowReduction = [](linalg::GenericOp op) {
      return op && op.getNumReductionLoops() == 1 &&
             linalg::isReductionIterator(op.getIteratorTypesArray().back());
    };
    ops.exps = generic(product.getDpsInputs()[0]);
    if (!ops.exps || !linalg::isElementwise(ops.exps) ||
        ops.exps.getNumDpsInputs() < 2)
      return std::nullopt;
    ops.scores = generic(ops.exps.getDpsInputs().front());
    ops.maxima = generic(ops.exps.getDpsInputs().back());
    if (!ops.scores || !linalg::isaContractionOpInterface(ops.scores) ||
        !isRowReduction(ops.maxima))
      return std::nullopt;
    for (Value input : ops.result.getDpsInputs())
      if (linalg::GenericOp op = generic(input);
          isRowReduction(op) &&
          op.getDpsInputs().front() == ops.exps.getResult(0))
        ops.sums = op;
    if (!ops.sums)
      return std::nullopt;
    // Nothing outside uses what the task computes.
    auto usedOnlyBy = [](linalg::GenericOp op,
                         std::initializer_list<Operation *> users) {
      return llvm::all_of(op->getUsers(), [&](Operation *user) {
        return llvm::is_contained(users, user);
      });
    };
    if (!usedOnlyBy(ops.scores, {ops.maxima, ops.exps}) ||
        !usedOnlyBy(ops.maxima, {ops.exps}) ||
        !usedOnlyBy(ops.exps, {ops.sums, ops.product}) ||
        !usedOnlyBy(ops.sums, {ops.result}))
      return std::nullopt;
    return ops;
  }

  /// Tiles the attention around PRODUCT: one task per batch index and
  /// block of a register block's rows of the scores computes those rows'
  /// scores, maxima, exponentials, sums, their product by v and the
  /// division, in buffers private to the task. Returns whether everything
  /// was vectorized; fails (changing nothing) where the ops do not have the
  /// form of modelc.attention's lowering or their sizes are dynamic.
  FailureOr<bool> tileAttention(linalg::GenericOp product,
                                const TileTable &table) {
    std::optional<AttentionOps> ops = matchAttention(product);
    if (!ops)
      return failure();
    for (linalg::GenericOp op : {ops->scores, ops->maxima, ops->exps, ops->sums,
                                 ops->product, ops->result}) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      auto element =
          dyn_cast<FloatType>(getElementTypeOrSelf(op->getResult(0).getType()));
      if (llvm::any_of(ranges, ShapedType::isDynamic) || !element ||
          !element.isF32())
        return failure();
    }
    // The product's loops: (batch..., m, n, d).
    int64_t numLoops = product.getNumLoops();
    SmallVector<int64_t> taskSizes(numLoops, 1);
    taskSizes[numLoops - 3] = table.matmul.rows;
    taskSizes[numLoops - 2] = 0;
    taskSizes[numLoops - 1] = 0;
    SmallVector<int64_t> resultSizes =
        consumerTiles(product, ops->result, taskSizes);

    IRRewriter rewriter(product->getContext());
    llvm::SmallPtrSet<Operation *, 8> fused;
    for (linalg::GenericOp op :
         {ops->scores, ops->maxima, ops->exps, ops->sums, ops->product})
      fused.insert(op);
    FailureOr<scf::SCFTileAndFuseResult> task = tileAndFuseWith(
        rewriter, ops->result, resultSizes,
        scf::SCFTilingOptions::LoopType::ForallOp,
        [&](tensor::ExtractSliceOp, OpResult producer, bool) {
          Operation *op = producer.getOwner();
          // The accumulators' initializations too: a task fills its own.
          bool fuse = fused.contains(op) || isa<linalg::FillOp>(op);
          return std::make_tuple(fuse, false);
        });
    if (failed(task) || task->loops.empty())
      return failure();
    Operation *forall = task->loops.front();
    // The ops outside are dead now, and the fills of their accumulators
    // (fusion leaves the slices it read them through).
    auto eraseIfDead = [&](Operation *op) {
      for (Operation *user : llvm::make_early_inc_range(op->getUsers()))
        if (isa<tensor::ExtractSliceOp>(user) && user->use_empty())
          rewriter.eraseOp(user);
      if (op->use_empty())
        rewriter.eraseOp(op);
    };
    for (linalg::GenericOp op : {ops->result, ops->product, ops->sums,
                                 ops->exps, ops->maxima, ops->scores}) {
      SmallVector<Operation *> fills;
      for (Value init : op.getDpsInits())
        if (auto fill = init.getDefiningOp<linalg::FillOp>())
          fills.push_back(fill);
      eraseIfDead(op);
      for (Operation *fill : fills)
        eraseIfDead(fill);
    }

    // Each value computed once (the scores and the exponentials have two
    // users, each of which fused its own copy), in tensors of the task's
    // size.
    {
      RewritePatternSet patterns(forall->getContext());
      tensor::populateFoldTensorEmptyPatterns(patterns);
      applyPatterns(forall, std::move(patterns));
      DominanceInfo dominance;
      eliminateCommonSubExpressions(rewriter, dominance, forall);
    }

    // The products at the register block; the other ops one row at a
    // time, the row in vectors (peeled steps of a few vectors where it is
    // long).
    SmallVector<linalg::LinalgOp> products, rows;
    forall->walk([&](linalg::LinalgOp op) {
      if (isa<linalg::FillOp>(op))
        return;
      if (linalg::isaContractionOpInterface(op))
        products.push_back(op);
      else
        rows.push_back(op);
    });
    for (linalg::LinalgOp op : rows) {
      SmallVector<int64_t> sizes(op.getNumLoops(), 1);
      int64_t inner = op.getStaticLoopRanges().back();
      sizes.back() =
          ShapedType::isDynamic(inner) || inner > table.attentionRowElements
              ? 4 * table.elementwise
              : 0;
      FailureOr<scf::SCFTilingResult> tiled =
          tileWithLoopsResult(rewriter, op, sizes);
      if (failed(tiled))
        return false;
      if (sizes.back() != 0 && !tiled->loops.empty())
        tiled->loops.back()->setAttr(kPeelAttr, rewriter.getUnitAttr());
    }
    peelMarkedLoops(rewriter, forall);
    for (linalg::LinalgOp op : products) {
      FailureOr<RootTiles> tiles = computeTiles(op, table);
      if (failed(tiles) ||
          failed(tileRegisters(rewriter, forall, op, *tiles, table)))
        return false;
      forall->walk([](linalg::LinalgOp copy) { copy->removeAttr(kRootAttr); });
    }
    return succeeded(vectorizeTask(rewriter, forall));
  }

  /// Splits each row reduction of a static length that vectors of WIDTH
  /// lanes divide: a partial reduction into WIDTH lanes per row, each lane
  /// in a fixed order (a root of its own, vectorized), then a reduction of
  /// the lanes. The order of the sums does not depend on the threads.
  void splitInnerReductions(int64_t width) {
    SmallVector<linalg::GenericOp> rows;
    getOperation().walk([&](linalg::GenericOp op) {
      if (!op->getParentOfType<scf::ForallOp>() && isInnerReduction(op, width))
        rows.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : rows) {
      unsigned kept = op.getNumParallelLoops();
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::SplitReductionResult> split = linalg::splitReduction(
          rewriter, op, [&](linalg::LinalgOp) {
            return linalg::SplitReductionOptions{width, kept,
                                                 /*innerParallel=*/true};
          });
      if (succeeded(split))
        split->splitLinalgOp->setAttr(kLaneReductionAttr,
                                      rewriter.getUnitAttr());
    }
  }

  /// Tiles, decomposes and vectorizes ROOT; fails where part of it stays
  /// scalar (it is still correct).
  LogicalResult tileRoot(linalg::LinalgOp root, const RootTiles &tiles,
                         const TileTable &table) {
    IRRewriter rewriter(root->getContext());
    root->setAttr(kRootAttr, rewriter.getUnitAttr());
    Value rootInit = root.getDpsInits()[0];

    // Task level: an scf.forall over the consumer's tiles, root fused.
    Operation *consumer = root;
    SmallVector<int64_t> taskSizes = tiles.task;
    // An epilogue that reads the root's result in the order the root writes
    // it is computed at the register block, on the accumulators, where the
    // root is a convolution (dense or depthwise) or a product: the root's
    // result is then never stored whole.
    bool epilogueInRegisters = false;
    if (linalg::GenericOp user = elementwiseConsumer(root)) {
      consumer = user;
      taskSizes = consumerTiles(root, user, tiles.task);
      OpOperand &use = *root->getResult(0).use_begin();
      epilogueInRegisters =
          (tiles.panelOperand >= 0 ||
           isa<linalg::DepthwiseConv2DNhwcHwcOp>(root.getOperation())) &&
          user.getMatchingIndexingMap(&use).isIdentity() &&
          user.getMatchingIndexingMap(user.getDpsInitOperand(0))
              .isIdentity();
    }
    // One task at least: the whole of the outermost parallel loop.
    if (llvm::all_of(taskSizes, [](int64_t s) { return s == 0; })) {
      auto consumerOp = cast<linalg::LinalgOp>(consumer);
      SmallVector<int64_t> ranges = consumerOp.getStaticLoopRanges();
      if (ShapedType::isDynamic(ranges[0]))
        return failure();
      taskSizes[0] = ranges[0];
    }
    FailureOr<scf::SCFTileAndFuseResult> task =
        tileAndFuse(rewriter, consumer, rootInit, taskSizes,
                    scf::SCFTilingOptions::LoopType::ForallOp,
                    /*yieldRoot=*/!epilogueInRegisters);
    if (failed(task) || task->loops.empty())
      return failure();
    Operation *forall = task->loops.front();

    linalg::LinalgOp taskRoot;
    linalg::LinalgOp taskConsumer;
    for (Operation *op : task->tiledAndFusedOps) {
      if (op->hasAttr(kRootAttr))
        taskRoot = cast<linalg::LinalgOp>(op);
    }
    if (consumer != root.getOperation())
      taskConsumer = cast<linalg::LinalgOp>(task->tiledAndFusedOps.front());
    if (!taskRoot)
      return failure();

    // The epilogue: steps along its innermost dimension (peeled where the
    // step does not divide it).
    if (taskConsumer && !epilogueInRegisters) {
      SmallVector<int64_t> sizes(taskConsumer.getNumLoops(), 1);
      sizes.back() = registerTile(taskConsumer.getStaticLoopRanges().back(),
                                  4 * table.elementwise, table.elementwise);
      FailureOr<scf::SCFTilingResult> epilogue =
          tileWithLoopsResult(rewriter, taskConsumer, sizes);
      if (failed(epilogue))
        return failure();
      if (!epilogue->loops.empty())
        epilogue->loops.back()->setAttr(kPeelAttr, rewriter.getUnitAttr());
    }

    if (failed(tileRegisters(rewriter, forall, taskRoot, tiles, table,
                             epilogueInRegisters ? taskConsumer : nullptr)))
      return failure();
    return vectorizeTask(rewriter, forall);
  }

  /// The register and reduction levels of ROOT, a product, convolution or
  /// pool in the task FORALL: the parallel loops at the register block, the
  /// accumulator's initialization fused, what the block does not divide
  /// peeled; then the reduction loops; constant operands read in panels.
  LogicalResult tileRegisters(RewriterBase &rewriter, Operation *forall,
                              linalg::LinalgOp root, const RootTiles &tiles,
                              const TileTable &table,
                              linalg::LinalgOp epilogue = nullptr) {
    root->setAttr(kRootAttr, rewriter.getUnitAttr());
    // With an EPILOGUE (the root's elementwise consumer, which reads its
    // result in the same order), the epilogue is tiled at the register
    // block and the root fused into it.
    FailureOr<scf::SCFTileAndFuseResult> regs = tileAndFuse(
        rewriter, epilogue ? epilogue.getOperation() : root.getOperation(),
        root.getDpsInits()[0],
        epilogue ? consumerTiles(root, cast<linalg::GenericOp>(*epilogue),
                                 tiles.registers)
                 : tiles.registers,
        scf::SCFTilingOptions::LoopType::ForOp, /*yieldRoot=*/false);
    if (failed(regs))
      return failure();
    for (LoopLikeOpInterface loop : regs->loops)
      loop->setAttr(kPeelAttr, rewriter.getUnitAttr());
    peelMarkedLoops(rewriter, forall);
    canonicalize(forall);
    if (failed(splitUnevenColumns(rewriter, forall, tiles.columnLoop,
                                  table.vectorWidth)))
      return failure();
    for (linalg::LinalgOp op : rootCopies(forall))
      if (failed(tileWithLoops(rewriter, op, tiles.reduction)))
        return failure();
    readConstantPanels(rewriter, forall, tiles);
    return success();
  }

  /// Vectorizes the ops of the task FORALL (convolutions made 1-D first)
  /// and keeps the accumulators in registers; fails where a product,
  /// convolution, pool or reduction stays scalar (the code is still
  /// correct).
  LogicalResult vectorizeTask(RewriterBase &rewriter, Operation *forall) {
    {
      RewritePatternSet patterns(forall->getContext());
      linalg::populateDecomposeConvolutionPatterns(patterns);
      applyPatterns(forall, std::move(patterns));
    }
    canonicalize(forall);
    bool scalar = false;
    SmallVector<linalg::LinalgOp> ops;
    forall->walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    for (linalg::LinalgOp op : ops) {
      if (isDot4Product(op)) {
        if (failed(vectorizeDot4(rewriter, cast<linalg::GenericOp>(*op),
                                 int8Dot, pairsFitCache)))
          scalar = true;
        continue;
      }
      bool isRoot = !linalg::isElementwise(op) && !isa<linalg::FillOp>(op);
      if (failed(vectorizeOp(rewriter, op)) && isRoot)
        scalar = true;
    }
    cleanUpVectors(forall);
    hoistAccumulators(rewriter, forall);
    cleanUpVectors(forall);
    return failure(scalar);
  }

  /// Splits the columns of each copy of the root in SCOPE into blocks of a
  /// whole number of vector registers or a power of two lanes (24 columns
  /// into 16 and 8; 56 into 32, 16 and 8): LLVM scalarizes vectors of
  /// other lengths that a loop carries, as the accumulators are.
  static LogicalResult splitUnevenColumns(RewriterBase &rewriter,
                                          Operation *scope, unsigned column,
                                          int64_t vectorWidth) {
    auto even = [&](int64_t n) {
      return n % vectorWidth == 0 || llvm::isPowerOf2_64(n);
    };
    // Each round splits off one block; a column count takes a few.
    for (int round = 0; round < 8; ++round) {
      SmallVector<linalg::LinalgOp> uneven;
      for (linalg::LinalgOp op : rootCopies(scope)) {
        int64_t n = op.getStaticLoopRanges()[column];
        if (!ShapedType::isDynamic(n) && !even(n))
          uneven.push_back(op);
      }
      if (uneven.empty())
        return success();
      for (linalg::LinalgOp op : uneven) {
        int64_t n = op.getStaticLoopRanges()[column];
        SmallVector<int64_t> sizes(op.getNumLoops(), 0);
        sizes[column] = n > vectorWidth ? n / vectorWidth * vectorWidth
                                        : int64_t(llvm::bit_floor(uint64_t(n)));
        FailureOr<scf::SCFTileAndFuseResult> split =
            tileAndFuse(rewriter, op, op.getDpsInits()[0], sizes,
                        scf::SCFTilingOptions::LoopType::ForOp,
                        /*yieldRoot=*/false);
        if (failed(split))
          return failure();
        for (LoopLikeOpInterface loop : split->loops)
          loop->setAttr(kPeelAttr, rewriter.getUnitAttr());
      }
      peelMarkedLoops(rewriter, scope);
      canonicalize(scope);
    }
    return failure();
  }

  /// Makes each copy of the root in SCOPE read its panel operand (after
  /// tiling, a chain of slices of a constant) from the constant re-laid in
  /// panels of the register block's columns (packPanels), where the block's
  /// columns start at a multiple of the panel width.
  void readConstantPanels(RewriterBase &rewriter, Operation *scope,
                          const RootTiles &tiles) {
    if (tiles.panelOperand < 0 || tiles.panelWidth <= 1)
      return;
    MLIRContext *ctx = scope->getContext();
    unsigned dim = tiles.panelDim;
    int64_t width = tiles.panelWidth;
    for (linalg::LinalgOp op : rootCopies(scope)) {
      OpOperand &operand = op->getOpOperand(tiles.panelOperand);
      SmallVector<tensor::ExtractSliceOp> chain;
      Value source = operand.get();
      while (auto slice = source.getDefiningOp<tensor::ExtractSliceOp>()) {
        if (!slice.hasUnitStride() ||
            slice.getSourceType().getRank() != slice.getType().getRank())
          break;
        chain.push_back(slice);
        source = slice.getSource();
      }
      auto constant = source.getDefiningOp<arith::ConstantOp>();
      if (chain.empty() || !constant)
        continue;
      auto value = dyn_cast<DenseElementsAttr>(constant.getValue());
      if (!value)
        continue;
      auto type = cast<RankedTensorType>(value.getType());
      int64_t rank = type.getRank();
      if (type.getElementTypeBitWidth() % 8 != 0 ||
          (dim + 1 == rank && type.getDimSize(dim) <= width))
        continue;
      SmallVector<OpFoldResult> sizes = chain.front().getMixedSizes();
      std::optional<int64_t> columns = getConstantIntValue(sizes[dim]);
      if (!columns || *columns > width)
        continue;
      // The offsets of the slice of the whole constant.
      rewriter.setInsertionPoint(op);
      Location loc = op.getLoc();
      AffineExpr d0, d1;
      bindDims(ctx, d0, d1);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      for (tensor::ExtractSliceOp slice : chain)
        for (auto [d, offset] : llvm::enumerate(slice.getMixedOffsets()))
          offsets[d] = affine::makeComposedFoldedAffineApply(
              rewriter, loc, d0 + d1, {offsets[d], offset});
      if (!isMultipleOf(offsets[dim], width))
        continue;
      DenseElementsAttr &packed = packedConstants[{value, dim, width}];
      if (!packed)
        packed = packPanels(value, dim, width);
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(scope);
      Value panels = rewriter.create<arith::ConstantOp>(constant.getLoc(),
                                                        packed);
      rewriter.setInsertionPoint(op);
      SmallVector<OpFoldResult> panelOffsets{
          affine::makeComposedFoldedAffineApply(rewriter, loc,
                                                d0.floorDiv(width),
                                                {offsets[dim]})};
      SmallVector<OpFoldResult> panelSizes{rewriter.getIndexAttr(1)};
      offsets[dim] = rewriter.getIndexAttr(0);
      llvm::append_range(panelOffsets, offsets);
      llvm::append_range(panelSizes, sizes);
      SmallVector<OpFoldResult> strides(rank + 1, rewriter.getIndexAttr(1));
      Value read = rewriter.create<tensor::ExtractSliceOp>(
          loc, cast<RankedTensorType>(operand.get().getType()), panels,
          panelOffsets, panelSizes, strides);
      rewriter.modifyOpInPlace(op, [&] { operand.set(read); });
    }
  }

  /// Whether vpmaddubsw is exact on a constant of int8 weights, by
  /// constant (maddPairsFit).
  DenseMap<Attribute, bool> pairsFitCache;

  /// The constants re-laid in panels, by constant, dimension and width.
  DenseMap<std::tuple<Attribute, unsigned, int64_t>, DenseElementsAttr>
      packedConstants;

  /// Peels the loops marked with kPeelAttr, outermost first (peeling an
  /// outer loop copies the loops inside it).
  static void peelMarkedLoops(RewriterBase &rewriter, Operation *scope) {
    while (true) {
      scf::ForOp marked;
      scope->walk<WalkOrder::PreOrder>([&](scf::ForOp loop) {
        if (!loop->hasAttr(kPeelAttr))
          return WalkResult::advance();
        marked = loop;
        return WalkResult::interrupt();
      });
      if (!marked)
        return;
      marked->removeAttr(kPeelAttr);
      rewriter.setInsertionPoint(marked);
      scf::ForOp partial;
      if (succeeded(
              scf::peelForLoopAndSimplifyBounds(rewriter, marked, partial)))
        partial->removeAttr(kPeelAttr);
    }
  }

  /// The clean-ups of the vector ops of a task (as upstream's
  /// vectorize_children_and_apply_patterns): transfers with permutations
  /// to plain ones, reductions to contractions, tensor slices folded into
  /// transfers.
  static void cleanUpVectors(Operation *scope) {
    MLIRContext *ctx = scope->getContext();
    RewritePatternSet patterns(ctx);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateSinkVectorBroadcastPatterns(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
    patterns.add<TransferReadOfSlice, InsertSliceOfCoveringWrite,
                 TransferReadOfWriteUnitDims>(ctx);
    for (Dialect *dialect : ctx->getLoadedDialects())
      dialect->getCanonicalizationPatterns(patterns);
    for (RegisteredOperationName name : ctx->getRegisteredOperations())
      name.getCanonicalizationPatterns(patterns, ctx);
    applyPatterns(scope, std::move(patterns));
  }

  /// Moves the accumulator reads and writes out of the reduction loops, so
  /// that it stays in registers: innermost loops first.
  static void hoistAccumulators(RewriterBase &rewriter, Operation *scope) {
    SmallVector<scf::ForOp> loops;
    scope->walk([&](scf::ForOp loop) { loops.push_back(loop); });
    for (scf::ForOp loop : loops)
      (void)hoistLoopInvariantSubsets(rewriter, loop);
  }
};

} // namespace
