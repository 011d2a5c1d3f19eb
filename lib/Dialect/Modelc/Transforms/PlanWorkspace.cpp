//===- PlanWorkspace.cpp - place buffers in one workspace -------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcDialect.h"
#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/ModelcRuntime.h"
#include "modelc/Dialect/Modelc/Passes.h"
#include "modelc/runtime.h"

#include "mlir/Analysis/SliceAnalysis.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/LoopLikeInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_PLANWORKSPACE
#include "Modelc/ModelcPasses.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// One buffer to place: its allocation, size and lifetime, as indices of
/// operations in the function's entry block.
struct Buffer {
  memref::AllocOp alloc;
  int64_t size = 0;
  int64_t begin = 0;
  int64_t end = 0;
  int64_t offset = 0;
};

/// The bytes of an element of TYPE times its static dimensions: its size
/// in bytes when it has no dynamic dimension, and the factor of the
/// dynamic sizes' product otherwise.
int64_t byteFactor(MemRefType type) {
  // index is 64 bits on every target modelc supports.
  int64_t bits = type.getElementType().isIndex()
                     ? 64
                     : type.getElementTypeBitWidth();
  int64_t bytes = std::max<int64_t>(1, (bits + 7) / 8);
  for (int64_t d : type.getShape())
    if (!ShapedType::isDynamic(d))
      bytes *= d;
  return bytes;
}

/// VALUE rounded up to a multiple of ALIGNMENT.
int64_t alignTo(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// Places BUFFERS largest first, each at the lowest offset (a multiple of
/// ALIGNMENT) that no placed buffer with an overlapping lifetime occupies;
/// returns the bytes they need, rounded up to ALIGNMENT.
int64_t placeByLifetime(ArrayRef<Buffer *> buffers, int64_t alignment) {
  std::vector<Buffer *> order(buffers.begin(), buffers.end());
  std::stable_sort(order.begin(), order.end(),
                   [](Buffer *a, Buffer *b) { return a->size > b->size; });
  std::vector<Buffer *> placed;
  int64_t total = 0;
  for (Buffer *buffer : order) {
    std::vector<std::pair<int64_t, int64_t>> busy;
    for (Buffer *other : placed)
      if (other->begin <= buffer->end && buffer->begin <= other->end)
        busy.push_back({other->offset, other->offset + other->size});
    llvm::sort(busy);
    int64_t offset = 0;
    for (auto [lo, hi] : busy) {
      if (offset + buffer->size <= lo)
        break;
      offset = std::max(offset, alignTo(hi, alignment));
    }
    buffer->offset = offset;
    total = std::max(total, offset + buffer->size);
    placed.push_back(buffer);
  }
  return alignTo(total, alignment);
}

/// The entry-block operation that contains OP.
Operation *topLevelOp(Operation *op, Block &entry) {
  while (op->getBlock() != &entry)
    op = op->getParentOp();
  return op;
}

/// The index of the entry-block operation that contains OP.
int64_t topLevelIndex(Operation *op, Block &entry,
                      const DenseMap<Operation *, int64_t> &index) {
  return index.lookup(topLevelOp(op, entry));
}

/// The memref results of OP, which may alias its memref operands or the
/// values its regions yield.
void appendMemRefResults(Operation *op, SmallVectorImpl<Value> &worklist) {
  for (Value result : op->getResults())
    if (isa<BaseMemRefType>(result.getType()))
      worklist.push_back(result);
}

/// The last entry-block index at which the buffer of ALLOC is used: through
/// its views, the results of ops with regions that take it (a loop's
/// iter_args), and the results of the ops whose regions yield it (scf.if).
/// A buffer allocated in a loop that one iteration passes to the next (or
/// out of the loop) would be overwritten by the next iteration's
/// allocation at the same place: that is an error.
FailureOr<int64_t> lastUse(memref::AllocOp alloc, Block &entry,
                           const DenseMap<Operation *, int64_t> &index) {
  int64_t last = 0;
  SmallVector<Value> worklist{alloc.getResult()};
  llvm::SmallPtrSet<Value, 8> seen;
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    if (!seen.insert(v).second)
      continue;
    for (Operation *user : v.getUsers()) {
      last = std::max(last, topLevelIndex(user, entry, index));
      if (auto view = dyn_cast<ViewLikeOpInterface>(user)) {
        if (view.getViewSource() == v)
          llvm::append_range(worklist, user->getResults());
        continue;
      }
      if (user->hasTrait<OpTrait::IsTerminator>()) {
        Operation *parent = user->getParentOp();
        if (parent == entry.getParentOp())
          continue; // The function's return.
        if (isa<LoopLikeOpInterface>(parent) && parent->isProperAncestor(alloc))
          return alloc.emitError("cannot place a buffer in the workspace "
                                 "that a loop iteration passes on: the next "
                                 "iteration's buffer would overwrite it");
        appendMemRefResults(parent, worklist);
        continue;
      }
      if (user->getNumRegions() != 0)
        appendMemRefResults(user, worklist);
    }
  }
  return last;
}

/// Replaces ALLOC by VIEW, a memref.view of the workspace. The address of
/// its data (memref.extract_aligned_pointer_as_index) becomes that of the
/// workspace plus the view's byte offset, which the address of a view does
/// not include once its metadata is expanded.
void replaceByView(memref::AllocOp alloc, memref::ViewOp view) {
  for (Operation *user : llvm::make_early_inc_range(alloc->getUsers())) {
    auto address = dyn_cast<memref::ExtractAlignedPointerAsIndexOp>(user);
    if (!address)
      continue;
    OpBuilder b(address);
    Value base = b.create<memref::ExtractAlignedPointerAsIndexOp>(
        address.getLoc(), view.getSource());
    Value shifted =
        b.create<arith::AddIOp>(address.getLoc(), base, view.getByteShift());
    address.replaceAllUsesWith(shifted);
    address.erase();
  }
  alloc.replaceAllUsesWith(view.getResult());
  alloc.erase();
}

/// Whether the size V can be planned before the run: computed in ENTRY by
/// pure ops from the input dimensions and constants, where a bounded size
/// counts as its bound. Other sizes (read from tensors, computed in a loop)
/// only the run knows: their buffers go to the dynamic arena.
bool isPlannable(Value v, Block &entry, DenseMap<Value, bool> &memo) {
  if (auto it = memo.find(v); it != memo.end())
    return it->second;
  bool result = false;
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    result = arg.getOwner() == &entry;
  } else if (Operation *def = v.getDefiningOp(); def->getBlock() == &entry) {
    if (auto bounded = dyn_cast<BoundedSizeOp>(def))
      result = isPlannable(bounded.getBound(), entry, memo);
    else
      result = def->getNumRegions() == 0 && isMemoryEffectFree(def) &&
               llvm::all_of(def->getOperands(), [&](Value operand) {
                 return isPlannable(operand, entry, memo);
               });
  }
  memo[v] = result;
  return result;
}

/// The capacities (upper bounds) of sizes that depend on
/// modelc.bounded_size, computed from the bounds.
class Capacities {
public:
  /// Whether V's value depends on a bounded size.
  bool isBounded(Value v) {
    if (auto it = bounded.find(v); it != bounded.end())
      return it->second;
    bool result = false;
    if (Operation *def = v.getDefiningOp())
      result = isa<BoundedSizeOp>(def) ||
               llvm::any_of(def->getOperands(),
                            [&](Value operand) { return isBounded(operand); });
    bounded[v] = result;
    return result;
  }

  /// The capacity of the size V, computed at B's insertion point: V
  /// itself unless it depends on a bounded size.
  FailureOr<Value> capacityOf(OpBuilder &b, Value v) {
    FailureOr<Range> range = rangeOf(b, v);
    if (failed(range))
      return failure();
    return range->upper;
  }

private:
  /// The lowest and highest values a size can take.
  struct Range {
    Value lower, upper;
  };

  /// The range of V over the values its bounded sizes can take (from 0 to
  /// their bounds), by interval arithmetic on the index ops that size
  /// computations use; other pure ops are applied to the ends of their
  /// operands' ranges (the run checks the sizes against the capacities in
  /// any case).
  FailureOr<Range> rangeOf(OpBuilder &b, Value v) {
    if (!isBounded(v))
      return Range{v, v};
    Operation *def = v.getDefiningOp();
    Location loc = def->getLoc();
    if (auto op = dyn_cast<BoundedSizeOp>(def)) {
      FailureOr<Range> bound = rangeOf(b, op.getBound());
      if (failed(bound))
        return failure();
      return Range{b.create<arith::ConstantIndexOp>(loc, 0), bound->upper};
    }
    if (def->getNumRegions() != 0 || !isMemoryEffectFree(def))
      return def->emitError("cannot bound a buffer size computed by this "
                            "operation from a size that depends on tensor "
                            "values");
    SmallVector<Range> operands;
    for (Value operand : def->getOperands()) {
      FailureOr<Range> r = rangeOf(b, operand);
      if (failed(r))
        return failure();
      operands.push_back(*r);
    }
    auto apply = [&](auto op, Value x, Value y) -> Value {
      return b.create<decltype(op)>(loc, x, y);
    };
    auto both = [&](auto op) {
      return Range{apply(op, operands[0].lower, operands[1].lower),
                   apply(op, operands[0].upper, operands[1].upper)};
    };
    if (isa<arith::AddIOp>(def))
      return both(arith::AddIOp());
    if (isa<arith::MulIOp>(def)) // Sizes are not negative.
      return both(arith::MulIOp());
    if (isa<arith::MinSIOp, arith::MinUIOp>(def))
      return both(arith::MinSIOp());
    if (isa<arith::MaxSIOp, arith::MaxUIOp>(def))
      return both(arith::MaxSIOp());
    if (isa<arith::SubIOp>(def))
      return Range{
          apply(arith::SubIOp(), operands[0].lower, operands[1].upper),
          apply(arith::SubIOp(), operands[0].upper, operands[1].lower)};
    if (isa<arith::DivUIOp, arith::DivSIOp, arith::FloorDivSIOp,
            arith::CeilDivSIOp, arith::CeilDivUIOp>(def) &&
        !isBounded(def->getOperand(1))) {
      auto divide = [&](Value x) {
        IRMapping mapping;
        mapping.map(def->getOperand(0), x);
        return b.clone(*def, mapping)->getResult(0);
      };
      return Range{divide(operands[0].lower), divide(operands[0].upper)};
    }
    if (isa<arith::SelectOp>(def) && !isBounded(def->getOperand(0)))
      return Range{
          apply(arith::MinSIOp(), operands[1].lower, operands[2].lower),
          apply(arith::MaxSIOp(), operands[1].upper, operands[2].upper)};
    auto atEnds = [&](bool upper) {
      IRMapping mapping;
      for (auto [operand, range] : llvm::zip(def->getOperands(), operands))
        mapping.map(operand, upper ? range.upper : range.lower);
      return b.clone(*def, mapping)
          ->getResult(cast<OpResult>(v).getResultNumber());
    };
    return Range{atEnds(false), atEnds(true)};
  }

  DenseMap<Value, bool> bounded;
};

struct PlanWorkspacePass
    : public modelc::impl::PlanWorkspaceBase<PlanWorkspacePass> {
  using PlanWorkspaceBase::PlanWorkspaceBase;

  void runOnOperation() override {
    for (auto func :
         llvm::to_vector(getOperation().getOps<func::FuncOp>())) {
      if (func.isExternal() || func->hasAttr(kShapeFunctionAttr))
        continue;
      if (failed(planFunction(func)))
        return signalPassFailure();
    }
  }

  /// Puts the string arena at OFFSET in WORKSPACE: empties it when FUNC
  /// starts and replaces ARENAS by its address.
  LogicalResult placeStringArena(func::FuncOp func,
                                 ArrayRef<StringArenaOp> arenas,
                                 Value workspace, int64_t offset) {
    Location loc = func.getLoc();
    OpBuilder b = OpBuilder::atBlockBegin(&func.getBody().front());
    Value base =
        b.create<memref::ExtractAlignedPointerAsIndexOp>(loc, workspace);
    Value address = b.create<arith::IndexCastOp>(
        loc, b.getI64Type(),
        b.create<arith::AddIOp>(loc, base,
                                b.create<arith::ConstantIndexOp>(loc, offset)));
    Value capacity = b.create<arith::ConstantIntOp>(loc, stringArenaBytes, 64);
    if (failed(callRuntime(b, loc, getOperation(), "modelc_string_arena_init",
                           {}, {addressToPointer(b, loc, address), capacity})))
      return failure();
    for (StringArenaOp arena : arenas) {
      arena.replaceAllUsesWith(address);
      arena.erase();
    }
    func->setAttr(kStringArenaSizeAttr, b.getI64IntegerAttr(stringArenaBytes));
    return success();
  }

  /// Puts the dynamic arena at OFFSET in WORKSPACE: a header of
  /// `alignment` bytes whose first 8 hold the bytes in use (0 when FUNC
  /// starts), then `dynamicArenaBytes` of data. Each of BUFFERS takes the
  /// next aligned bytes when it is allocated, after a check that they fit
  /// (status MODELC_STATUS_CAPACITY_EXCEEDED); nothing is freed before the
  /// next run, so buffers that a loop iteration passes on stay valid.
  LogicalResult placeDynamicArena(func::FuncOp func,
                                  ArrayRef<memref::AllocOp> buffers,
                                  Value workspace, int64_t offset) {
    Location loc = func.getLoc();
    OpBuilder b = OpBuilder::atBlockBegin(&func.getBody().front());
    Type i64 = b.getI64Type();
    Value used = b.create<memref::ViewOp>(
        loc, MemRefType::get({}, i64), workspace,
        b.create<arith::ConstantIndexOp>(loc, offset), ValueRange{});
    b.create<memref::StoreOp>(loc, b.create<arith::ConstantIntOp>(loc, 0, 64),
                              used);
    for (memref::AllocOp alloc : buffers) {
      Location allocLoc = alloc.getLoc();
      b.setInsertionPoint(alloc);
      MemRefType type = alloc.getType();
      int64_t factor = byteFactor(type);
      // The bytes, checked not to exceed the capacity at every step (a
      // size read from a tensor may be anything: compared unsigned, a
      // negative one exceeds it; the products never overflow).
      Value capacity =
          b.create<arith::ConstantIntOp>(allocLoc, dynamicArenaBytes, 64);
      Value one = b.create<arith::ConstantIntOp>(allocLoc, 1, 64);
      Value bytes = b.create<arith::ConstantIntOp>(allocLoc, factor, 64);
      Value fits = b.create<arith::CmpIOp>(allocLoc, arith::CmpIPredicate::ule,
                                           bytes, capacity);
      for (Value size : alloc.getDynamicSizes()) {
        Value n = b.create<arith::IndexCastOp>(allocLoc, i64, size);
        Value limit = b.create<arith::DivUIOp>(
            allocLoc, capacity, b.create<arith::MaxUIOp>(allocLoc, n, one));
        fits = b.create<arith::AndIOp>(
            allocLoc, fits,
            b.create<arith::CmpIOp>(allocLoc, arith::CmpIPredicate::ule, bytes,
                                    limit));
        bytes = b.create<arith::MulIOp>(allocLoc, bytes, n);
      }
      Value mask = b.create<arith::ConstantIntOp>(allocLoc, alignment - 1, 64);
      Value start = b.create<arith::AndIOp>(
          allocLoc,
          b.create<arith::AddIOp>(
              allocLoc, b.create<memref::LoadOp>(allocLoc, used), mask),
          b.create<arith::ConstantIntOp>(allocLoc, ~(alignment - 1), 64));
      Value end = b.create<arith::AddIOp>(allocLoc, start, bytes);
      b.create<CheckOp>(
          allocLoc,
          b.create<arith::AndIOp>(
              allocLoc, fits,
              b.create<arith::CmpIOp>(allocLoc, arith::CmpIPredicate::ule, end,
                                      capacity)),
          b.getStringAttr("the buffers whose sizes only the run knows fit "
                          "in the dynamic arena"),
          b.getI32IntegerAttr(MODELC_STATUS_CAPACITY_EXCEEDED));
      b.create<memref::StoreOp>(allocLoc, end, used);
      Value at = b.create<arith::AddIOp>(
          allocLoc,
          b.create<arith::IndexCastOp>(allocLoc, b.getIndexType(), start),
          b.create<arith::ConstantIndexOp>(allocLoc, offset + alignment));
      auto view = b.create<memref::ViewOp>(allocLoc, type, workspace, at,
                                           alloc.getDynamicSizes());
      replaceByView(alloc, view);
    }
    func->setAttr(kCapacityChecksAttr, b.getUnitAttr());
    func->setAttr(kDynamicArenaSizeAttr,
                  b.getI64IntegerAttr(dynamicArenaBytes));
    return success();
  }

  /// Places BUFFERS (dynamic sizes) after the STATICBYTES of static ones,
  /// at run-time offsets; adds the workspace size function. Buffers whose
  /// dynamic sizes are the same values (a batch dimension, say) form a
  /// group, planned like the static buffers in units of the product P of
  /// those sizes: a buffer of F * P bytes gets the offset O * P, where O is
  /// its offset in a plan of the sizes F, so that buffers of different
  /// shapes share memory wherever their lifetimes allow (scaling a valid
  /// plan by P keeps it valid, and keeps its offsets aligned). Sizes that
  /// depend on bounded sizes are planned for their capacities instead: each
  /// slot holds buffers of one size expression with disjoint lifetimes;
  /// so do buffers of fewer than kMinGroupedFactor alignments per unit of
  /// P, which a plan in units of P would pad to whole alignments.
  static constexpr int64_t kMinGroupedFactor = 16;
  LogicalResult placeDynamicBuffers(func::FuncOp func,
                                    std::vector<Buffer> &buffers,
                                    int64_t staticBytes, Value workspace) {
    struct Slot {
      int64_t factor;                   // bytes per element * static dims
      SmallVector<Value> dynamicSizes;  // sorted by pointer
      SmallVector<Buffer *> users;
      Value offset;
      Value capacity; // bytes, when the sizes depend on bounded sizes
    };
    struct Group {
      SmallVector<Value> dynamicSizes; // sorted by pointer
      std::vector<Buffer *> members;
      int64_t unitBytes = 0;           // the plan's bytes per unit of P
      Value base, product;             // set at the first member
    };
    Capacities capacities;
    Block &entry = func.getBody().front();
    auto sortedSizes = [](Buffer &buffer) {
      SmallVector<Value> sizes(buffer.alloc.getDynamicSizes());
      llvm::sort(sizes, [](Value a, Value b) {
        return a.getAsOpaquePointer() < b.getAsOpaquePointer();
      });
      return sizes;
    };
    auto isBounded = [&](ArrayRef<Value> sizes) {
      return llvm::any_of(
          sizes, [&](Value size) { return capacities.isBounded(size); });
    };

    // The groups, each planned in units of its product.
    std::vector<Group> groups;
    DenseMap<Buffer *, size_t> groupOf;
    for (Buffer &buffer : buffers) {
      SmallVector<Value> sizes = sortedSizes(buffer);
      for (Value size : sizes)
        if (size.getParentBlock() != &entry)
          return buffer.alloc.emitError(
              "cannot place a buffer whose size is computed inside a loop or "
              "branch in the workspace");
      // Small buffers keep slots of their own: a plan in units of P aligns
      // each offset to a whole alignment per unit.
      int64_t factor = byteFactor(buffer.alloc.getType());
      if (isBounded(sizes) || factor < kMinGroupedFactor * alignment)
        continue;
      auto it = llvm::find_if(
          groups, [&](const Group &g) { return g.dynamicSizes == sizes; });
      if (it == groups.end()) {
        groups.push_back(Group{sizes, {}, 0, Value(), Value()});
        it = std::prev(groups.end());
      }
      buffer.size = factor;
      it->members.push_back(&buffer);
      groupOf[&buffer] = it - groups.begin();
    }
    for (Group &group : groups)
      group.unitBytes = placeByLifetime(group.members, alignment);

    std::vector<Slot> slots;
    Value end;
    auto nextStart = [&](OpBuilder &b, Location loc) -> Value {
      return end ? end
                 : b.create<arith::ConstantIndexOp>(
                       loc, alignTo(staticBytes, alignment));
    };
    for (Buffer &buffer : buffers) {
      MemRefType type = buffer.alloc.getType();
      SmallVector<Value> sizes = sortedSizes(buffer);
      Location loc = buffer.alloc.getLoc();
      // A buffer inside a loop or branch: its offset is computed before the
      // op that holds it, from sizes that must be known there.
      Operation *top = topLevelOp(buffer.alloc, entry);
      OpBuilder b(top);
      Value offset;
      if (auto it = groupOf.find(&buffer); it != groupOf.end()) {
        Group &group = groups[it->second];
        if (!group.base) {
          // The group's region: P times its plan's bytes, aligned as they
          // are.
          group.base = nextStart(b, loc);
          group.product = b.create<arith::ConstantIndexOp>(loc, 1);
          for (Value size : group.dynamicSizes)
            group.product = b.create<arith::MulIOp>(loc, group.product, size);
          end = b.create<arith::AddIOp>(
              loc, group.base,
              b.create<arith::MulIOp>(
                  loc, group.product,
                  b.create<arith::ConstantIndexOp>(loc, group.unitBytes)));
        }
        offset = b.create<arith::AddIOp>(
            loc, group.base,
            b.create<arith::MulIOp>(
                loc, group.product,
                b.create<arith::ConstantIndexOp>(loc, buffer.offset)));
      } else {
        int64_t factor = byteFactor(type);
        Slot *slot = nullptr;
        for (Slot &s : slots) {
          if (s.factor != factor || s.dynamicSizes != sizes)
            continue;
          if (llvm::none_of(s.users, [&](Buffer *other) {
                return other->begin <= buffer.end &&
                       buffer.begin <= other->end;
              })) {
            slot = &s;
            break;
          }
        }
        if (!slot) {
          // A new slot right after the previous one, sized for the
          // capacities of sizes that depend on tensor values.
          Value start = nextStart(b, loc);
          Value bytes = b.create<arith::ConstantIndexOp>(loc, factor);
          for (Value size : sizes) {
            FailureOr<Value> capacity = capacities.capacityOf(b, size);
            if (failed(capacity))
              return failure();
            bytes = b.create<arith::MulIOp>(loc, bytes, *capacity);
          }
          // Round up to the alignment.
          Value mask = b.create<arith::ConstantIndexOp>(loc, alignment - 1);
          Value rounded = b.create<arith::AndIOp>(
              loc, b.create<arith::AddIOp>(loc, bytes, mask),
              b.create<arith::ConstantIndexOp>(loc, ~(alignment - 1)));
          end = b.create<arith::AddIOp>(loc, start, rounded);
          slots.push_back(Slot{factor, sizes, {}, start, bytes});
          slot = &slots.back();
        }
        // A bounded size never exceeds its bound, but sizes computed from
        // one need not grow with it (a difference, say): the run checks
        // that such a buffer fits.
        bool derived = llvm::any_of(sizes, [&](Value size) {
          return capacities.isBounded(size) &&
                 !size.getDefiningOp<BoundedSizeOp>();
        });
        if (derived) {
          Value bytes = b.create<arith::ConstantIndexOp>(loc, factor);
          for (Value size : sizes)
            bytes = b.create<arith::MulIOp>(loc, bytes, size);
          b.create<CheckOp>(
              loc,
              b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ule, bytes,
                                      slot->capacity),
              b.getStringAttr("a buffer sized by tensor values fits in the "
                              "capacity planned for it"),
              b.getI32IntegerAttr(MODELC_STATUS_CAPACITY_EXCEEDED));
          func->setAttr(kCapacityChecksAttr, b.getUnitAttr());
        }
        slot->users.push_back(&buffer);
        offset = slot->offset;
      }
      b.setInsertionPoint(buffer.alloc);
      auto view = b.create<memref::ViewOp>(loc, type, workspace, offset,
                                           buffer.alloc.getDynamicSizes());
      replaceByView(buffer.alloc, view);
    }
    return addWorkspaceSizeFunction(func, end);
  }

  /// NAME_workspace_size(args but the workspace) -> index: the backward
  /// slice of TOTAL, which must read nothing but dimensions.
  LogicalResult addWorkspaceSizeFunction(func::FuncOp func, Value total) {
    SetVector<Operation *> slice;
    BackwardSliceOptions options;
    options.inclusive = true;
    getBackwardSlice(total, &slice, options);
    for (Operation *op : slice) {
      if (op->getNumRegions() != 0 || !isMemoryEffectFree(op) ||
          op->getBlock() != &func.getBody().front())
        return op->emitError("the size of a buffer depends on tensor values, "
                             "not only on the input dimensions: dynamic "
                             "shapes of this kind are not supported yet");
      for (Value operand : op->getOperands())
        if (auto arg = dyn_cast<BlockArgument>(operand);
            arg && arg.getOwner() != &func.getBody().front())
          return op->emitError("a buffer size uses a nested block argument");
    }
    MLIRContext *ctx = func.getContext();
    OpBuilder b(func);
    b.setInsertionPointAfter(func);
    SmallVector<Type> argTypes(func.getArgumentTypes());
    argTypes.pop_back(); // The workspace.
    std::string name = (func.getSymName() + "_workspace_size").str();
    auto sizeFunc = b.create<func::FuncOp>(
        func.getLoc(), name,
        FunctionType::get(ctx, argTypes, {b.getIndexType()}));
    sizeFunc->setAttr(kShapeFunctionAttr, UnitAttr::get(ctx));
    Block *body = sizeFunc.addEntryBlock();
    IRMapping mapping;
    for (unsigned i = 0; i < argTypes.size(); ++i)
      mapping.map(func.getArgument(i), body->getArgument(i));
    b.setInsertionPointToStart(body);
    for (Operation *op : slice)
      b.clone(*op, mapping);
    b.create<func::ReturnOp>(func.getLoc(), mapping.lookup(total));
    func->setAttr(kWorkspaceSizeFnAttr, FlatSymbolRefAttr::get(sizeFunc));
    return success();
  }

  LogicalResult planFunction(func::FuncOp func) {
    Block &entry = func.getBody().front();
    DenseMap<Operation *, int64_t> index;
    for (auto [i, op] : llvm::enumerate(entry))
      index[&op] = i;

    std::vector<Buffer> buffers, dynamicBuffers;
    SmallVector<memref::AllocOp> arenaBuffers;
    DenseMap<Value, bool> plannable;
    WalkResult walk = func.walk([&](memref::AllocOp alloc) {
      MemRefType type = alloc.getType();
      if (!type.getLayout().isIdentity()) {
        alloc.emitError("cannot place a buffer of type ")
            << type << " in the workspace: only identity layouts are "
            << "supported";
        return WalkResult::interrupt();
      }
      if (alloc->hasAttr(kArenaAllocAttr) ||
          llvm::any_of(alloc.getDynamicSizes(), [&](Value size) {
            return !isPlannable(size, entry, plannable);
          })) {
        arenaBuffers.push_back(alloc);
        return WalkResult::advance();
      }
      // A buffer inside a loop or branch lives as long as the op of the
      // entry block that holds it (or longer, if that op returns it).
      FailureOr<int64_t> end = lastUse(alloc, entry, index);
      if (failed(end))
        return WalkResult::interrupt();
      Buffer buffer;
      buffer.alloc = alloc;
      buffer.size = type.hasStaticShape() ? byteFactor(type) : 0;
      buffer.begin = topLevelIndex(alloc, entry, index);
      buffer.end = std::max(buffer.begin, *end);
      (type.hasStaticShape() ? buffers : dynamicBuffers).push_back(buffer);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();

    // Largest first, each at the lowest aligned offset that no placed buffer
    // with an overlapping lifetime occupies.
    int64_t total = placeByLifetime(
        llvm::map_to_vector(buffers, [](Buffer &b) { return &b; }),
        alignment);

    // The string arena follows the static buffers: its header, then the
    // string data.
    SmallVector<StringArenaOp> arenas;
    func.walk([&](StringArenaOp op) { arenas.push_back(op); });
    int64_t arenaOffset = total;
    if (!arenas.empty()) {
      if (stringArenaBytes < 0)
        return func.emitError("the string arena needs a capacity of at least "
                              "0 bytes, not ")
               << stringArenaBytes;
      total = alignTo(arenaOffset +
                          static_cast<int64_t>(sizeof(modelc_string_arena)) +
                          stringArenaBytes,
                      alignment);
    }

    // The dynamic arena follows: its header (the bytes in use), then the
    // buffers whose sizes only the run knows.
    int64_t dynamicArenaOffset = total;
    if (!arenaBuffers.empty()) {
      if (dynamicArenaBytes < 0)
        return func.emitError("the dynamic arena needs a capacity of at "
                              "least 0 bytes, not ")
               << dynamicArenaBytes;
      total = alignTo(dynamicArenaOffset + alignment + dynamicArenaBytes,
                      alignment);
    }

    // The workspace becomes the function's last argument.
    MLIRContext *ctx = func.getContext();
    // Bare-pointer calling conventions reject memrefs without elements; the
    // workspace argument always has at least one byte of type.
    auto workspaceType =
        dynamicBuffers.empty()
            ? MemRefType::get({std::max<int64_t>(total, 1)},
                              IntegerType::get(ctx, 8))
            : MemRefType::get({ShapedType::kDynamic}, IntegerType::get(ctx, 8));
    unsigned argIndex = func.getNumArguments();
    func.insertArgument(
        argIndex, workspaceType,
        DictionaryAttr::get(ctx, {NamedAttribute(
                                     StringAttr::get(ctx, kNameAttr),
                                     StringAttr::get(ctx, "workspace"))}),
        func.getLoc());
    Value workspace = func.getArgument(argIndex);
    for (Buffer &buffer : buffers) {
      OpBuilder b(buffer.alloc);
      Value offset =
          b.create<arith::ConstantIndexOp>(buffer.alloc.getLoc(), buffer.offset);
      auto view = b.create<memref::ViewOp>(buffer.alloc.getLoc(),
                                           buffer.alloc.getType(), workspace,
                                           offset, ValueRange{});
      replaceByView(buffer.alloc, view);
    }
    // Arguments without elements (an empty input or output) become one-byte
    // pointers at the boundary; inside, an empty stack buffer stands in, as
    // nothing is ever read or written through them.
    OpBuilder entryBuilder = OpBuilder::atBlockBegin(&entry);
    // (Only with bare pointers: a function with dynamic arguments takes
    // memref descriptors, which need no stand-in.)
    bool anyDynamicArg = llvm::any_of(func.getArgumentTypes(), [](Type t) {
      auto m = dyn_cast<MemRefType>(t);
      return m && !m.hasStaticShape();
    });
    for (BlockArgument arg : func.getArguments()) {
      if (anyDynamicArg)
        break;
      auto type = dyn_cast<MemRefType>(arg.getType());
      if (!type || !type.hasStaticShape() || type.getNumElements() != 0)
        continue;
      Value empty = entryBuilder.create<memref::AllocaOp>(func.getLoc(), type);
      arg.replaceAllUsesWith(empty);
      arg.setType(MemRefType::get({1}, IntegerType::get(ctx, 8)));
    }
    if (!arenas.empty() &&
        failed(placeStringArena(func, arenas, workspace, arenaOffset)))
      return failure();
    if (!arenaBuffers.empty() &&
        failed(placeDynamicArena(func, arenaBuffers, workspace,
                                 dynamicArenaOffset)))
      return failure();
    if (!dynamicBuffers.empty() &&
        failed(placeDynamicBuffers(func, dynamicBuffers, total, workspace)))
      return failure();
    // The buffers are planned for the bounds: at run time a bounded size
    // is its size.
    func.walk([](BoundedSizeOp op) {
      op.replaceAllUsesWith(op.getSize());
      op.erase();
    });
    SmallVector<Type> argTypes(entry.getArgumentTypes());
    func.setFunctionType(FunctionType::get(ctx, argTypes, func.getResultTypes()));
    // Nothing frees workspace memory.
    func.walk([](memref::DeallocOp dealloc) { dealloc.erase(); });
    func->setAttr(kWorkspaceSizeAttr,
                  IntegerAttr::get(IntegerType::get(ctx, 64), total));
    numBuffers += buffers.size() + dynamicBuffers.size() + arenaBuffers.size();
    workspaceBytes += total;
    return success();
  }
};

} // namespace
