//===- Strings.cpp - string tensors to calls of the runtime -----*- C++ -*-===//
//
// Part of modelc. A string tensor becomes a tensor of i64, each element the
// address of a NUL-terminated UTF-8 string: in the caller's inputs, in
// read-only data (constants, stop words, "") or in the run's string arena
// in the workspace (the strings a run makes). Data movement ops move the
// addresses like any other element; the ops here call the runtime's string
// functions (runtime/include/modelc/runtime.h):
//
// - Cast from strings: a linalg.generic calling modelc_parse_*;
// - Cast to strings: an scf.for nest calling modelc_string_from_*, which
//   copy the text into the arena (serial: the arena is a bump allocator);
// - StringNormalizer: an scf.for over the input that compares each string
//   with the stop words (modelc_string_equal) and writes the kept ones,
//   case-changed (modelc_string_change_case), at the next position; the
//   number kept is checked against a static result size, or gives the
//   dynamic one (counted first);
// - constant strings: private LLVM globals (one per constant tensor, its
//   strings one after the other), whose address plus constant offsets fill
//   a tensor.
//
// After an op that puts strings in the arena, a modelc.check of status
// MODELC_STATUS_CAPACITY_EXCEEDED stops the run if they did not fit.
//
//===----------------------------------------------------------------------===//

#include "PopulatePatterns.h"

#include "modelc/Dialect/Modelc/ModelcRuntime.h"
#include "modelc/runtime.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

Type ptrType(OpBuilder &b) {
  return LLVM::LLVMPointerType::get(b.getContext());
}

/// The address (i64) of a copy of DATA in read-only data: a private LLVM
/// global of MODULE, shared by equal data.
Value globalData(OpBuilder &b, Location loc, ModuleOp module, StringRef data) {
  LLVM::GlobalOp global;
  unsigned count = 0;
  for (auto g : module.getOps<LLVM::GlobalOp>()) {
    if (!g.getSymName().starts_with("__modelc_string_"))
      continue;
    ++count;
    if (auto value = dyn_cast_or_null<StringAttr>(g.getValueOrNull());
        value && value.getValue() == data && g.getConstant())
      global = g;
  }
  if (!global) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    auto type = LLVM::LLVMArrayType::get(b.getI8Type(), data.size());
    std::string name = "__modelc_string_" + std::to_string(count);
    while (module.lookupSymbol(name))
      name += "_";
    global = b.create<LLVM::GlobalOp>(loc, type, /*isConstant=*/true,
                                      LLVM::Linkage::Private, name,
                                      b.getStringAttr(data), /*alignment=*/1);
  }
  Value address = b.create<LLVM::AddressOfOp>(loc, global);
  return pointerToAddress(b, loc, address);
}

/// The address (i64) of a NUL-terminated copy of TEXT in read-only data.
Value stringConstant(OpBuilder &b, Location loc, ModuleOp module,
                     StringRef text) {
  std::string data = text.str();
  data.push_back('\0');
  return globalData(b, loc, module, data);
}

/// Calls the runtime function NAME (declared in MODULE) with ARGS; null
/// when it cannot be declared (reported).
Value call(OpBuilder &b, Location loc, ModuleOp module, StringRef name,
           Type result, ValueRange args) {
  FailureOr<func::CallOp> op = callRuntime(
      b, loc, module, name, result ? TypeRange(result) : TypeRange(), args);
  if (failed(op) || !result)
    return Value();
  return op->getResult(0);
}

/// The string at ADDRESS (i64) as the runtime takes it.
Value toPointer(OpBuilder &b, Location loc, Value address) {
  return addressToPointer(b, loc, address);
}

/// Stops the run with MODELC_STATUS_CAPACITY_EXCEEDED when a string did not
/// fit in the arena at ARENA.
void checkArena(OpBuilder &b, Location loc, ModuleOp module, Value arena,
                StringRef what) {
  Value ok = call(b, loc, module, "modelc_string_arena_ok", b.getI32Type(),
                  {toPointer(b, loc, arena)});
  Value fits =
      b.create<arith::CmpIOp>(loc, arith::CmpIPredicate::ne, ok,
                              b.create<arith::ConstantIntOp>(loc, 0, 32));
  b.create<CheckOp>(
      loc, fits,
      b.getStringAttr(Twine("the strings of ") + what +
                      " fit in the string arena (--string-arena-bytes)"),
      b.getI32IntegerAttr(MODELC_STATUS_CAPACITY_EXCEEDED));
}

/// Whether casts between strings and ELEMENT are supported: floats of 32
/// and 64 bits, integers and bool.
bool castsWithStrings(Type element) {
  return element.isF32() || element.isF64() || isa<IntegerType>(element);
}

/// Cast to and from strings.
struct StringCastLowering : public OpConversionPattern<CastOp> {
  StringCastLowering(TypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, /*benefit=*/2) {}

  LogicalResult
  matchAndRewrite(CastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto from = cast<RankedTensorType>(op.getInput().getType());
    auto to = cast<RankedTensorType>(op.getType());
    bool fromString = isa<StringType>(from.getElementType());
    bool toString = isa<StringType>(to.getElementType());
    if (!fromString && !toString)
      return failure(); // An ordinary cast (Elementwise.cpp).
    if (fromString && toString) {
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Type number = fromString ? to.getElementType() : from.getElementType();
    if (!castsWithStrings(number)) {
      std::string name;
      llvm::raw_string_ostream os(name);
      os << number;
      return unsupported(op, "casts between strings and " + name +
                                 " are not supported (only float32, float64, "
                                 "integers and bool)");
    }
    if (fromString)
      return parse(op, adaptor.getInput(), to, rewriter);
    return format(op, adaptor.getInput(), from.getElementType(), rewriter);
  }

  /// Text to numbers: an elementwise linalg.generic (parsing is pure and
  /// thread-safe, so it may run in parallel).
  LogicalResult parse(CastOp op, Value input, RankedTensorType to,
                      ConversionPatternRewriter &rewriter) const {
    Type element = to.getElementType();
    auto type = convertTensorType(to);
    auto module = op->getParentOfType<ModuleOp>();
    Value result = buildElementwise(
        rewriter, op.getLoc(), type, input,
        [&](OpBuilder &b, Location loc, ValueRange args) -> Value {
          Value text = toPointer(b, loc, args[0]);
          if (element.isF32())
            return call(b, loc, module, "modelc_parse_float", b.getF32Type(),
                        text);
          if (element.isF64())
            return call(b, loc, module, "modelc_parse_double", b.getF64Type(),
                        text);
          auto intType = cast<IntegerType>(element);
          if (intType.getWidth() == 1) {
            Value v =
                call(b, loc, module, "modelc_parse_bool", b.getI32Type(), text);
            return b.create<arith::CmpIOp>(
                loc, arith::CmpIPredicate::ne, v,
                b.create<arith::ConstantIntOp>(loc, 0, 32));
          }
          Value v = call(b, loc, module,
                         intType.isUnsigned() ? "modelc_parse_uint64"
                                              : "modelc_parse_int64",
                         b.getI64Type(), text);
          if (intType.getWidth() < 64)
            v = b.create<arith::TruncIOp>(
                loc, b.getIntegerType(intType.getWidth()), v);
          return v;
        });
    rewriter.replaceOp(op, result);
    return success();
  }

  /// Numbers to text in the arena: serial loops.
  LogicalResult format(CastOp op, Value input, Type element,
                       ConversionPatternRewriter &rewriter) const {
    Location loc = op.getLoc();
    auto type = convertTensorType(op.getType());
    auto module = op->getParentOfType<ModuleOp>();
    auto intType = dyn_cast<IntegerType>(element);
    bool isBool = intType && intType.getWidth() == 1;
    Value arena =
        isBool ? Value() : rewriter.create<StringArenaOp>(loc).getResult();
    Value init = emptyLike(rewriter, loc, type, input);
    Value result =
        forEachElement(
            rewriter, loc, input, init,
            [&](OpBuilder &b, Location l, ValueRange ivs,
                ValueRange args) -> scf::ValueVector {
              Value v = b.create<tensor::ExtractOp>(l, input, ivs);
              Type ptr = ptrType(b);
              Value text;
              if (isBool) {
                text = call(
                    b, l, module, "modelc_string_from_bool", ptr,
                    b.create<arith::ExtUIOp>(l, b.getI32Type(), v).getResult());
              } else {
                Value a = toPointer(b, l, arena);
                if (element.isF32()) {
                  text = call(b, l, module, "modelc_string_from_float", ptr,
                              {a, v});
                } else if (element.isF64()) {
                  text = call(b, l, module, "modelc_string_from_double", ptr,
                              {a, v});
                } else {
                  bool isUnsigned = intType.isUnsigned();
                  if (intType.getWidth() < 64)
                    v = isUnsigned
                            ? b.create<arith::ExtUIOp>(l, b.getI64Type(), v)
                                  .getResult()
                            : b.create<arith::ExtSIOp>(l, b.getI64Type(), v)
                                  .getResult();
                  text = call(b, l, module,
                              isUnsigned ? "modelc_string_from_uint64"
                                         : "modelc_string_from_int64",
                              ptr, {a, v});
                }
              }
              Value address = pointerToAddress(b, l, text);
              return {b.create<tensor::InsertOp>(l, address, args[0], ivs)};
            })
            .front();
    if (arena)
      checkArena(rewriter, loc, module, arena, "the cast");
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// StringNormalizer: see the file comment.
struct StringNormalizerLowering
    : public OpConversionPattern<StringNormalizerOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(StringNormalizerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value x = adaptor.getInput();
    auto type = convertTensorType(op.getType());
    auto module = op->getParentOfType<ModuleOp>();
    int64_t rank = type.getRank();
    int64_t axis = rank - 1;
    int32_t change = static_cast<int32_t>(op.getCaseChangeAction());
    Type i32 = rewriter.getI32Type();
    Value ignoreCase = rewriter.create<arith::ConstantIntOp>(
        loc, op.getIsCaseSensitive() ? 0 : 1, 32);
    SmallVector<Value> stopwords;
    for (Attribute word : op.getStopwords())
      stopwords.push_back(stringConstant(rewriter, loc, module,
                                         cast<StringAttr>(word).getValue()));
    Value arena = change != MODELC_STRING_CASE_NONE
                      ? rewriter.create<StringArenaOp>(loc).getResult()
                      : Value();
    Value c0 = rewriter.create<arith::ConstantIndexOp>(loc, 0);
    Value c1 = rewriter.create<arith::ConstantIndexOp>(loc, 1);
    Value length = rewriter.createOrFold<tensor::DimOp>(loc, x, axis);
    auto position = [&](Value i) -> SmallVector<Value> {
      if (rank == 2)
        return {c0, i};
      return {i};
    };
    // Whether the string at ADDRESS is none of the stop words.
    auto kept = [&](OpBuilder &b, Location l, Value address) -> Value {
      Value keep = b.create<arith::ConstantIntOp>(l, 1, 1);
      Value text = toPointer(b, l, address);
      for (Value word : stopwords) {
        Value equal = call(b, l, module, "modelc_string_equal", i32,
                           {text, toPointer(b, l, word), ignoreCase});
        Value differs =
            b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, equal,
                                    b.create<arith::ConstantIntOp>(l, 0, 32));
        keep = b.create<arith::AndIOp>(l, keep, differs);
      }
      return keep;
    };
    // At least one element: an empty string when nothing is kept.
    auto resultSize = [&](OpBuilder &b, Location l, Value count) -> Value {
      Value none =
          b.create<arith::CmpIOp>(l, arith::CmpIPredicate::eq, count, c0);
      return b.create<arith::SelectOp>(l, none, c1, count);
    };

    // The result's size: declared (checked below), or counted first.
    Value size;
    if (type.isDynamicDim(axis)) {
      auto counting = rewriter.create<scf::ForOp>(
          loc, c0, length, c1, ValueRange{c0},
          [&](OpBuilder &b, Location l, Value i, ValueRange args) {
            Value s = b.create<tensor::ExtractOp>(l, x, position(i));
            b.create<scf::YieldOp>(
                l, ValueRange{countIf(b, l, kept(b, l, s), args[0])});
          });
      // At most all the strings, and at least one.
      size = boundedSize(
          rewriter, loc, resultSize(rewriter, loc, counting.getResult(0)),
          rewriter.createOrFold<arith::MaxSIOp>(loc, length, c1));
    } else {
      size =
          rewriter.create<arith::ConstantIndexOp>(loc, type.getDimSize(axis));
    }
    SmallVector<Value> dynamicSizes;
    for (int64_t d = 0; d < rank; ++d)
      if (type.isDynamicDim(d))
        dynamicSizes.push_back(d == axis ? size : c1);
    Value init = createEmpty(rewriter, loc, type, dynamicSizes);

    // The kept strings, case-changed, at the next position (never past the
    // result's end).
    auto filling = rewriter.create<scf::ForOp>(
        loc, c0, length, c1, ValueRange{init, c0},
        [&](OpBuilder &b, Location l, Value i, ValueRange args) {
          Value s = b.create<tensor::ExtractOp>(l, x, position(i));
          auto ifKept = b.create<scf::IfOp>(
              l, kept(b, l, s),
              [&](OpBuilder &tb, Location tl) {
                Value fits = tb.create<arith::CmpIOp>(
                    tl, arith::CmpIPredicate::ult, args[1], size);
                auto write = tb.create<scf::IfOp>(
                    tl, fits,
                    [&](OpBuilder &wb, Location wl) {
                      Value v = s;
                      if (arena) {
                        Value changed = call(
                            wb, wl, module, "modelc_string_change_case",
                            ptrType(wb),
                            {toPointer(wb, wl, arena), toPointer(wb, wl, s),
                             wb.create<arith::ConstantIntOp>(wl, change, 32)});
                        v = pointerToAddress(wb, wl, changed);
                      }
                      wb.create<scf::YieldOp>(
                          wl, ValueRange{wb.create<tensor::InsertOp>(
                                  wl, v, args[0], position(args[1]))});
                    },
                    [&](OpBuilder &eb, Location el) {
                      eb.create<scf::YieldOp>(el, args[0]);
                    });
                tb.create<scf::YieldOp>(
                    tl, ValueRange{write.getResult(0),
                                   tb.create<arith::AddIOp>(tl, args[1], c1)});
              },
              [&](OpBuilder &eb, Location el) {
                eb.create<scf::YieldOp>(el, args);
              });
          b.create<scf::YieldOp>(l, ifKept.getResults());
        });
    Value result = filling.getResult(0);
    Value count = filling.getResult(1);
    // Nothing kept: one empty string. (The first element is rewritten in
    // any case, not in an scf.if, so that the result's size stays the
    // filling loop's, which the output-dims function can follow.)
    Value none = rewriter.create<arith::CmpIOp>(loc, arith::CmpIPredicate::eq,
                                                count, c0);
    Value empty = stringConstant(rewriter, loc, module, "");
    Value first = rewriter.create<arith::SelectOp>(
        loc, none, empty,
        rewriter.create<tensor::ExtractOp>(loc, result, position(c0)));
    result =
        rewriter.create<tensor::InsertOp>(loc, first, result, position(c0));
    if (!type.isDynamicDim(axis))
      checkSizeEquals(rewriter, loc, resultSize(rewriter, loc, count),
                      rewriter.getIndexAttr(type.getDimSize(axis)),
                      "the number of strings StringNormalizer keeps equals "
                      "the result size " +
                          Twine(type.getDimSize(axis)));
    if (arena)
      checkArena(rewriter, loc, module, arena, "StringNormalizer");
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A constant string tensor: its strings, each followed by a NUL, make one
/// global; the addresses are its address plus a constant tensor of offsets.
struct StringConstantLowering : public OpConversionPattern<ConstantOp> {
  StringConstantLowering(TypeConverter &converter, MLIRContext *ctx)
      : OpConversionPattern(converter, ctx, /*benefit=*/2) {}

  LogicalResult
  matchAndRewrite(ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isStringTensor(op.getType()))
      return failure(); // Other constants (Shape.cpp).
    auto strings = dyn_cast<DenseStringElementsAttr>(op.getValue());
    auto type = convertTensorType(op.getType());
    if (!strings || !type.hasStaticShape())
      return unsupported(op, "a string constant must be dense and of static "
                             "shape");
    Location loc = op.getLoc();
    auto module = op->getParentOfType<ModuleOp>();
    if (type.getNumElements() == 0) {
      rewriter.replaceOp(op, createEmpty(rewriter, loc, type));
      return success();
    }
    if (strings.isSplat()) {
      Value address = stringConstant(rewriter, loc, module,
                                     strings.getRawStringData().front());
      rewriter.replaceOp(op, createFilled(rewriter, loc, type, address));
      return success();
    }
    std::string data;
    SmallVector<int64_t> offsets;
    for (StringRef text : strings.getRawStringData()) {
      offsets.push_back(data.size());
      data.append(text.begin(), text.end());
      data.push_back('\0');
    }
    Value base = globalData(rewriter, loc, module, data);
    Value offsetTensor = rewriter.create<arith::ConstantOp>(
        loc, DenseElementsAttr::get(type, ArrayRef<int64_t>(offsets)));
    rewriter.replaceOp(
        op, buildElementwise(rewriter, loc, type, offsetTensor,
                             [&](OpBuilder &b, Location l, ValueRange args) {
                               return b.create<arith::AddIOp>(l, args[0], base);
                             }));
    return success();
  }
};

} // namespace

void lowering::populateStringPatterns(TypeConverter &converter,
                                      RewritePatternSet &patterns) {
  patterns.add<StringCastLowering, StringNormalizerLowering,
               StringConstantLowering>(converter, patterns.getContext());
}
