//===- PlanWorkspace.cpp - place buffers in one workspace -------*- C++ -*-===//
//
// Part of modelc. See ModelcPasses.td for the pass description.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcDialect.h"
#include "modelc/Dialect/Modelc/Passes.h"

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

int64_t byteSize(MemRefType type) {
  // index is 64 bits on every target modelc supports.
  int64_t bits = type.getElementType().isIndex()
                     ? 64
                     : type.getElementTypeBitWidth();
  return type.getNumElements() * std::max<int64_t>(1, (bits + 7) / 8);
}

/// The index of the entry-block operation that contains OP.
int64_t topLevelIndex(Operation *op, Block &entry,
                      const DenseMap<Operation *, int64_t> &index) {
  while (op->getBlock() != &entry)
    op = op->getParentOp();
  return index.lookup(op);
}

/// The last entry-block index at which VALUE or any view of it is used.
int64_t lastUse(Value value, Block &entry,
                const DenseMap<Operation *, int64_t> &index) {
  int64_t last = 0;
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      last = std::max(last, topLevelIndex(user, entry, index));
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == v)
          llvm::append_range(worklist, user->getResults());
    }
  }
  return last;
}

int64_t alignTo(int64_t value, int64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

struct PlanWorkspacePass
    : public modelc::impl::PlanWorkspaceBase<PlanWorkspacePass> {
  using PlanWorkspaceBase::PlanWorkspaceBase;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (failed(planFunction(func)))
        return signalPassFailure();
    }
  }

  LogicalResult planFunction(func::FuncOp func) {
    Block &entry = func.getBody().front();
    DenseMap<Operation *, int64_t> index;
    for (auto [i, op] : llvm::enumerate(entry))
      index[&op] = i;

    std::vector<Buffer> buffers;
    WalkResult walk = func.walk([&](memref::AllocOp alloc) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity()) {
        alloc.emitError("cannot place a buffer of type ")
            << type << " in the workspace: only static shapes are supported";
        return WalkResult::interrupt();
      }
      if (alloc->getBlock() != &entry) {
        alloc.emitError("cannot place a buffer allocated inside a region in "
                        "the workspace");
        return WalkResult::interrupt();
      }
      Buffer buffer;
      buffer.alloc = alloc;
      buffer.size = byteSize(type);
      buffer.begin = index.lookup(alloc);
      buffer.end = std::max(buffer.begin,
                            lastUse(alloc.getResult(), entry, index));
      buffers.push_back(buffer);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();

    // Largest first, each at the lowest aligned offset that no placed buffer
    // with an overlapping lifetime occupies.
    std::vector<Buffer *> order;
    for (Buffer &b : buffers)
      order.push_back(&b);
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
    total = alignTo(total, alignment);

    // The workspace becomes the function's last argument.
    MLIRContext *ctx = func.getContext();
    // Bare-pointer calling conventions reject memrefs without elements; the
    // workspace argument always has at least one byte of type.
    auto workspaceType =
        MemRefType::get({std::max<int64_t>(total, 1)}, IntegerType::get(ctx, 8));
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
      Value view = b.create<memref::ViewOp>(buffer.alloc.getLoc(),
                                            buffer.alloc.getType(), workspace,
                                            offset, ValueRange{});
      buffer.alloc.replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
    // Arguments without elements (an empty input or output) become one-byte
    // pointers at the boundary; inside, an empty stack buffer stands in, as
    // nothing is ever read or written through them.
    OpBuilder entryBuilder = OpBuilder::atBlockBegin(&entry);
    for (BlockArgument arg : func.getArguments()) {
      auto type = dyn_cast<MemRefType>(arg.getType());
      if (!type || !type.hasStaticShape() || type.getNumElements() != 0)
        continue;
      Value empty = entryBuilder.create<memref::AllocaOp>(func.getLoc(), type);
      arg.replaceAllUsesWith(empty);
      arg.setType(MemRefType::get({1}, IntegerType::get(ctx, 8)));
    }
    SmallVector<Type> argTypes(entry.getArgumentTypes());
    func.setFunctionType(FunctionType::get(ctx, argTypes, func.getResultTypes()));
    // Nothing frees workspace memory.
    func.walk([](memref::DeallocOp dealloc) { dealloc.erase(); });
    func->setAttr(kWorkspaceSizeAttr,
                  IntegerAttr::get(IntegerType::get(ctx, 64), total));
    numBuffers += buffers.size();
    workspaceBytes += total;
    return success();
  }
};

} // namespace
