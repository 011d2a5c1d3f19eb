//===- CPUTarget.cpp - LLVM IR and object code for CPUs ---------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Target/CPU.h"
#include "modelc/runtime.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/TargetParser/SubtargetFeature.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::modelc;

static void initializeTargets() {
  static bool done = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    llvm::InitializeAllAsmParsers();
    return true;
  }();
  (void)done;
}

FailureOr<std::unique_ptr<llvm::TargetMachine>>
mlir::modelc::createTargetMachine(const CPUTargetOptions &options,
                                  std::string &error) {
  initializeTargets();
  std::string triple = options.triple.empty()
                           ? llvm::sys::getDefaultTargetTriple()
                           : llvm::Triple::normalize(options.triple);
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return failure();
  std::string cpu = options.cpu;
  std::string features = options.features;
  if (cpu == "native") {
    if (!options.triple.empty() &&
        llvm::Triple(triple).getArch() !=
            llvm::Triple(llvm::sys::getDefaultTargetTriple()).getArch()) {
      error = "--mcpu=native needs the host's architecture; name a CPU for "
              "target '" + triple + "'";
      return failure();
    }
    cpu = llvm::sys::getHostCPUName().str();
    llvm::SubtargetFeatures host;
    for (const auto &feature : llvm::sys::getHostCPUFeatures())
      host.AddFeature(feature.first(), feature.second);
    std::string hostFeatures = host.getString();
    features = features.empty() ? hostFeatures : hostFeatures + "," + features;
  }
  // Check the CPU first: LLVM only warns about an unknown one.
  {
    std::unique_ptr<llvm::MCSubtargetInfo> info(
        target->createMCSubtargetInfo(triple, "", ""));
    if (!cpu.empty() && info && !info->isCPUStringValid(cpu)) {
      error = "unknown CPU '" + cpu + "' for target '" + triple + "'";
      return failure();
    }
  }
  llvm::TargetOptions targetOptions;
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, targetOptions, llvm::Reloc::PIC_, std::nullopt,
      options.optLevel >= 3   ? llvm::CodeGenOptLevel::Aggressive
      : options.optLevel == 0 ? llvm::CodeGenOptLevel::None
                              : llvm::CodeGenOptLevel::Default));
  if (!machine) {
    error = "cannot create a target machine for '" + triple + "' (cpu '" +
            cpu + "')";
    return failure();
  }
  return machine;
}

/// Whether ARRAY, an array of COUNT pointers, is NULL (false when COUNT is
/// 0: an empty array may be NULL).
static llvm::Value *isNullArray(llvm::IRBuilder<> &b, llvm::Value *array,
                                size_t count) {
  return count ? b.CreateIsNull(array) : b.getFalse();
}

/// Whether any of the COUNT pointers in ARRAY is NULL.
static llvm::Value *anyNullElement(llvm::IRBuilder<> &b, llvm::Value *array,
                                   size_t count) {
  llvm::Type *ptr = llvm::PointerType::getUnqual(b.getContext());
  llvm::Value *any = b.getFalse();
  for (size_t i = 0; i < count; ++i)
    any = b.CreateOr(any, b.CreateIsNull(b.CreateLoad(
                              ptr, b.CreateConstGEP1_64(ptr, array, i))));
  return any;
}

/// Whether any of the shape pointers in ARRAY, one per tensor of TENSORS,
/// is NULL; that of a 0-D tensor may be (its shape has no element).
static llvm::Value *anyNullShape(llvm::IRBuilder<> &b, llvm::Value *array,
                                 ArrayRef<TensorInfo> tensors) {
  llvm::Type *ptr = llvm::PointerType::getUnqual(b.getContext());
  llvm::Value *any = b.getFalse();
  for (auto [i, tensor] : llvm::enumerate(tensors))
    if (!tensor.shape.empty())
      any = b.CreateOr(any, b.CreateIsNull(b.CreateLoad(
                                ptr, b.CreateConstGEP1_64(ptr, array, i))));
  return any;
}

/// Adds NAME_run (checked entry), NAME_run_packed (pointer arrays) and
/// NAME_workspace_size around the generated NAME_impl.
static void addEntryPoints(llvm::Module &module, const ModelInterface &model) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Function *impl = module.getFunction(model.implSymbol());
  impl->setLinkage(llvm::GlobalValue::InternalLinkage);
  llvm::Type *ptr = llvm::PointerType::getUnqual(ctx);
  llvm::Type *i32 = llvm::Type::getInt32Ty(ctx);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  size_t numArgs = model.inputs.size() + model.outputs.size() + 1;

  auto *runType = llvm::FunctionType::get(
      i32, SmallVector<llvm::Type *>(numArgs, ptr), false);
  auto *run = llvm::Function::Create(runType, llvm::GlobalValue::ExternalLinkage,
                                     model.runSymbol(), module);
  {
    auto *entry = llvm::BasicBlock::Create(ctx, "entry", run);
    auto *bad = llvm::BasicBlock::Create(ctx, "invalid", run);
    auto *good = llvm::BasicBlock::Create(ctx, "run", run);
    llvm::IRBuilder<> b(entry);
    llvm::Value *invalid = b.getFalse();
    for (unsigned i = 0; i + 1 < numArgs; ++i)
      invalid = b.CreateOr(invalid, b.CreateIsNull(run->getArg(i)));
    // A model that needs a workspace needs one aligned as the planner
    // assumed; one that needs none accepts NULL.
    if (model.workspaceSize > 0) {
      llvm::Value *ws = run->getArg(numArgs - 1);
      llvm::Value *misaligned = b.CreateICmpNE(
          b.CreateAnd(b.CreatePtrToInt(ws, i64), 63), b.getInt64(0));
      invalid = b.CreateOr(invalid, b.CreateIsNull(ws));
      invalid = b.CreateOr(invalid, misaligned);
    }
    b.CreateCondBr(invalid, bad, good);
    b.SetInsertPoint(bad);
    b.CreateRet(b.getInt32(MODELC_STATUS_INVALID_ARGUMENT));
    b.SetInsertPoint(good);
    SmallVector<llvm::Value *> args;
    for (llvm::Argument &arg : run->args())
      args.push_back(&arg);
    b.CreateRet(b.CreateCall(impl, args));
  }

  auto *packedType = llvm::FunctionType::get(i32, {ptr, ptr, ptr}, false);
  auto *packed = llvm::Function::Create(
      packedType, llvm::GlobalValue::ExternalLinkage, model.packedSymbol(),
      module);
  {
    auto *entry = llvm::BasicBlock::Create(ctx, "entry", packed);
    auto *bad = llvm::BasicBlock::Create(ctx, "invalid", packed);
    auto *good = llvm::BasicBlock::Create(ctx, "load", packed);
    llvm::IRBuilder<> b(entry);
    llvm::Value *inputs = packed->getArg(0);
    llvm::Value *outputs = packed->getArg(1);
    llvm::Value *invalid =
        b.CreateOr(isNullArray(b, inputs, model.inputs.size()),
                   isNullArray(b, outputs, model.outputs.size()));
    b.CreateCondBr(invalid, bad, good);
    b.SetInsertPoint(bad);
    b.CreateRet(b.getInt32(MODELC_STATUS_INVALID_ARGUMENT));
    b.SetInsertPoint(good);
    SmallVector<llvm::Value *> args;
    for (size_t i = 0; i < model.inputs.size(); ++i)
      args.push_back(b.CreateLoad(
          ptr, b.CreateConstGEP1_64(ptr, inputs, i)));
    for (size_t i = 0; i < model.outputs.size(); ++i)
      args.push_back(b.CreateLoad(
          ptr, b.CreateConstGEP1_64(ptr, outputs, i)));
    args.push_back(packed->getArg(2));
    b.CreateRet(b.CreateCall(run, args));
  }

  new llvm::GlobalVariable(
      module, i64, /*isConstant=*/true, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantInt::get(i64, model.workspaceSize),
      model.name + "_workspace_size");
}

namespace {
/// Builds the entry points of a model with dynamic dimensions, whose
/// generated functions take memref descriptors: (allocated pointer,
/// aligned pointer, offset, sizes..., strides...) per argument.
class DynamicEntryPoints {
public:
  DynamicEntryPoints(llvm::Module &module, const ModelInterface &model)
      : module(module), model(model), ctx(module.getContext()),
        ptr(llvm::PointerType::getUnqual(ctx)),
        i32(llvm::Type::getInt32Ty(ctx)), i64(llvm::Type::getInt64Ty(ctx)) {}

  void build() {
    for (const std::string &name :
         {model.implSymbol(), model.workspaceSizeFn, model.outputDimsFn})
      if (!name.empty())
        if (llvm::Function *f = module.getFunction(name))
          f->setLinkage(llvm::GlobalValue::InternalLinkage);
    buildPrepare();
    buildRun();
  }

private:
  /// Appends the descriptor of a row-major tensor at DATA with DIMS.
  void appendDescriptor(llvm::IRBuilder<> &b,
                        SmallVectorImpl<llvm::Value *> &args,
                        llvm::Value *data, ArrayRef<llvm::Value *> dims) {
    args.push_back(data);
    args.push_back(data);
    args.push_back(b.getInt64(0));
    llvm::append_range(args, dims);
    SmallVector<llvm::Value *> strides(dims.size());
    llvm::Value *stride = b.getInt64(1);
    for (size_t i = dims.size(); i-- > 0;) {
      strides[i] = stride;
      stride = b.CreateMul(stride, dims[i]);
    }
    llvm::append_range(args, strides);
  }

  /// Appends, for each output with dimensions that depend on tensor
  /// values (or written into the workspace), the descriptor of its array
  /// in OUTPUTSHAPES, where the run writes its actual shape (null pointers
  /// where OUTPUTSHAPES is null: the size functions read no more than the
  /// sizes).
  void appendShapeArrays(llvm::IRBuilder<> &b,
                         SmallVectorImpl<llvm::Value *> &args,
                         llvm::Value *outputShapes) {
    for (auto [i, t] : llvm::enumerate(model.outputs)) {
      if (t.dataDependentDims.empty() && !t.inWorkspace)
        continue;
      llvm::Value *array =
          llvm::ConstantPointerNull::get(cast<llvm::PointerType>(ptr));
      if (outputShapes)
        array = b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, outputShapes, i));
      appendDescriptor(b, args, array, {b.getInt64(t.shape.size())});
    }
  }

  /// Loads the sizes of tensor I of SHAPES (an array of i64 arrays).
  SmallVector<llvm::Value *> loadDims(llvm::IRBuilder<> &b,
                                      llvm::Value *shapes, size_t i,
                                      size_t rank) {
    llvm::Value *array =
        b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, shapes, i));
    SmallVector<llvm::Value *> dims;
    for (size_t d = 0; d < rank; ++d)
      dims.push_back(b.CreateLoad(i64, b.CreateConstGEP1_64(i64, array, d)));
    return dims;
  }

  /// NAME_prepare(input_shapes, output_shapes, workspace_size).
  void buildPrepare() {
    auto *type = llvm::FunctionType::get(i32, {ptr, ptr, ptr}, false);
    auto *fn = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                      model.prepareSymbol(), module);
    auto *entry = llvm::BasicBlock::Create(ctx, "entry", fn);
    auto *invalid = llvm::BasicBlock::Create(ctx, "invalid", fn);
    auto *mismatch = llvm::BasicBlock::Create(ctx, "mismatch", fn);
    auto *check = llvm::BasicBlock::Create(ctx, "check", fn);
    llvm::IRBuilder<> b(entry);
    llvm::Value *inputShapes = fn->getArg(0);
    llvm::Value *outputShapes = fn->getArg(1);
    llvm::Value *bad =
        b.CreateOr(isNullArray(b, inputShapes, model.inputs.size()),
                   isNullArray(b, outputShapes, model.outputs.size()));
    b.CreateCondBr(bad, invalid, check);
    b.SetInsertPoint(invalid);
    b.CreateRet(b.getInt32(MODELC_STATUS_INVALID_ARGUMENT));
    b.SetInsertPoint(mismatch);
    b.CreateRet(b.getInt32(MODELC_STATUS_SHAPE_MISMATCH));

    b.SetInsertPoint(check);
    llvm::Value *nullShape =
        b.CreateOr(anyNullShape(b, inputShapes, model.inputs),
                   anyNullShape(b, outputShapes, model.outputs));
    auto *shapesOk = llvm::BasicBlock::Create(ctx, "shapes", fn);
    b.CreateCondBr(nullShape, invalid, shapesOk);
    b.SetInsertPoint(shapesOk);

    // Static sizes must match, dynamic ones be non-negative, and one name
    // have one size.
    llvm::Value *wrong = b.getFalse();
    llvm::StringMap<llvm::Value *> named;
    SmallVector<SmallVector<llvm::Value *>> inputDims;
    for (auto [i, t] : llvm::enumerate(model.inputs)) {
      inputDims.push_back(loadDims(b, inputShapes, i, t.shape.size()));
      for (auto [d, size] : llvm::enumerate(t.shape)) {
        llvm::Value *v = inputDims.back()[d];
        if (size >= 0) {
          wrong = b.CreateOr(wrong, b.CreateICmpNE(v, b.getInt64(size)));
          continue;
        }
        wrong = b.CreateOr(wrong, b.CreateICmpSLT(v, b.getInt64(0)));
        if (d < t.dimNames.size() && !t.dimNames[d].empty()) {
          auto [it, inserted] = named.try_emplace(t.dimNames[d], v);
          if (!inserted)
            wrong = b.CreateOr(wrong, b.CreateICmpNE(v, it->second));
        }
      }
    }
    auto *compute = llvm::BasicBlock::Create(ctx, "compute", fn);
    b.CreateCondBr(wrong, mismatch, compute);
    b.SetInsertPoint(compute);

    SmallVector<llvm::Value *> inputArgs;
    for (auto &dims : inputDims)
      appendDescriptor(b, inputArgs, llvm::ConstantPointerNull::get(cast<llvm::PointerType>(ptr)), dims);
    // The output dimensions: static, or from the output-dims function.
    SmallVector<llvm::Value *> computed;
    if (!model.outputDimsFn.empty()) {
      llvm::Function *dimsFn = module.getFunction(model.outputDimsFn);
      llvm::Value *result = b.CreateCall(dimsFn, inputArgs);
      if (auto *st = dyn_cast<llvm::StructType>(result->getType())) {
        for (unsigned k = 0; k < st->getNumElements(); ++k)
          computed.push_back(b.CreateExtractValue(result, k));
      } else {
        computed.push_back(result);
      }
    }
    SmallVector<llvm::Value *> outputArgs;
    size_t next = 0;
    for (auto [i, t] : llvm::enumerate(model.outputs)) {
      llvm::Value *array =
          b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, outputShapes, i));
      SmallVector<llvm::Value *> dims;
      for (auto [d, size] : llvm::enumerate(t.shape)) {
        // The output-dims function gives no dimension of an output that
        // the run writes into the workspace: only the run knows them.
        llvm::Value *v;
        if (size >= 0)
          v = b.getInt64(size);
        else if (t.inWorkspace)
          v = b.getInt64(-1);
        else if (next < computed.size())
          v = computed[next++];
        else
          v = b.getInt64(0);
        b.CreateStore(v, b.CreateConstGEP1_64(i64, array, d));
        dims.push_back(v);
      }
      // (Such an output's argument is the pointer the run sets.)
      if (t.inWorkspace)
        dims.assign({b.getInt64(1)});
      appendDescriptor(b, outputArgs, llvm::ConstantPointerNull::get(cast<llvm::PointerType>(ptr)),
                       dims);
    }
    llvm::Value *size = b.getInt64(model.workspaceSize);
    if (!model.workspaceSizeFn.empty()) {
      SmallVector<llvm::Value *> args(inputArgs);
      llvm::append_range(args, outputArgs);
      appendShapeArrays(b, args, nullptr);
      size = b.CreateCall(module.getFunction(model.workspaceSizeFn), args);
    }
    auto *store = llvm::BasicBlock::Create(ctx, "store", fn);
    auto *done = llvm::BasicBlock::Create(ctx, "done", fn);
    b.CreateCondBr(b.CreateIsNull(fn->getArg(2)), done, store);
    b.SetInsertPoint(store);
    b.CreateStore(size, fn->getArg(2));
    b.CreateBr(done);
    b.SetInsertPoint(done);
    b.CreateRet(b.getInt32(0));
  }

  /// NAME_run_packed(inputs, input_shapes, outputs, output_shapes,
  ///                 workspace, workspace_size).
  void buildRun() {
    auto *type =
        llvm::FunctionType::get(i32, {ptr, ptr, ptr, ptr, ptr, i64}, false);
    auto *fn = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                      model.packedSymbol(), module);
    auto *entry = llvm::BasicBlock::Create(ctx, "entry", fn);
    auto *fail = llvm::BasicBlock::Create(ctx, "fail", fn);
    auto *invalid = llvm::BasicBlock::Create(ctx, "invalid", fn);
    auto *check = llvm::BasicBlock::Create(ctx, "check", fn);
    llvm::IRBuilder<> b(entry);
    llvm::Value *inputs = fn->getArg(0), *inputShapes = fn->getArg(1),
                *outputs = fn->getArg(2), *outputShapes = fn->getArg(3),
                *workspace = fn->getArg(4), *workspaceSize = fn->getArg(5);
    llvm::Value *needed = b.CreateAlloca(i64);
    llvm::Value *status =
        b.CreateCall(module.getFunction(model.prepareSymbol()),
                     {inputShapes, outputShapes, needed});
    b.CreateCondBr(b.CreateICmpNE(status, b.getInt32(0)), fail, check);
    b.SetInsertPoint(fail);
    b.CreateRet(status);
    b.SetInsertPoint(invalid);
    b.CreateRet(b.getInt32(MODELC_STATUS_INVALID_ARGUMENT));

    b.SetInsertPoint(check);
    llvm::Value *bad =
        b.CreateOr(isNullArray(b, inputs, model.inputs.size()),
                   isNullArray(b, outputs, model.outputs.size()));
    auto *pointers = llvm::BasicBlock::Create(ctx, "pointers", fn);
    b.CreateCondBr(bad, invalid, pointers);
    b.SetInsertPoint(pointers);
    auto dataOf = [&](llvm::Value *array, size_t i) {
      return b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, array, i));
    };
    bad = b.CreateOr(anyNullElement(b, inputs, model.inputs.size()),
                     anyNullElement(b, outputs, model.outputs.size()));
    // The workspace: large enough, and aligned as the planner assumed.
    llvm::Value *need = b.CreateLoad(i64, needed);
    llvm::Value *hasNeed = b.CreateICmpNE(need, b.getInt64(0));
    llvm::Value *wsBad = b.CreateOr(
        b.CreateICmpULT(workspaceSize, need),
        b.CreateOr(b.CreateIsNull(workspace),
                   b.CreateICmpNE(b.CreateAnd(b.CreatePtrToInt(workspace, i64),
                                              63),
                                  b.getInt64(0))));
    bad = b.CreateOr(bad, b.CreateAnd(hasNeed, wsBad));
    auto *run = llvm::BasicBlock::Create(ctx, "run", fn);
    b.CreateCondBr(bad, invalid, run);
    b.SetInsertPoint(run);
    SmallVector<llvm::Value *> args;
    for (auto [i, t] : llvm::enumerate(model.inputs))
      appendDescriptor(b, args, dataOf(inputs, i),
                       loadDims(b, inputShapes, i, t.shape.size()));
    for (auto [i, t] : llvm::enumerate(model.outputs))
      appendDescriptor(b, args, dataOf(outputs, i),
                       t.inWorkspace
                           ? SmallVector<llvm::Value *>{b.getInt64(1)}
                           : loadDims(b, outputShapes, i, t.shape.size()));
    appendShapeArrays(b, args, outputShapes);
    appendDescriptor(b, args, workspace, {workspaceSize});
    llvm::Function *impl = module.getFunction(model.implSymbol());
    b.CreateRet(b.CreateCall(impl, args));
  }

  llvm::Module &module;
  const ModelInterface &model;
  llvm::LLVMContext &ctx;
  llvm::Type *ptr, *i32, *i64;
};
} // namespace

std::unique_ptr<llvm::Module>
mlir::modelc::translateModel(ModuleOp module, llvm::LLVMContext &context,
                             const ModelInterface &model,
                             llvm::TargetMachine &machine) {
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, context, model.name);
  if (!llvmModule)
    return nullptr;
  llvmModule->setTargetTriple(machine.getTargetTriple().str());
  llvmModule->setDataLayout(machine.createDataLayout());
  if (model.isDynamic())
    DynamicEntryPoints(*llvmModule, model).build();
  else
    addEntryPoints(*llvmModule, model);
  // Identical inputs give identical objects: no host-dependent metadata.
  for (llvm::Function &f : *llvmModule) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", machine.getTargetCPU());
    if (!machine.getTargetFeatureString().empty())
      f.addFnAttr("target-features", machine.getTargetFeatureString());
  }
  if (llvm::verifyModule(*llvmModule, &llvm::errs()))
    return nullptr;

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&machine);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::OptimizationLevel level = llvm::OptimizationLevel::O3;
  llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(level);
  mpm.run(*llvmModule, mam);
  return llvmModule;
}

LogicalResult mlir::modelc::emitMachineCode(llvm::Module &module,
                                            llvm::TargetMachine &machine,
                                            llvm::raw_pwrite_stream &os,
                                            bool assembly) {
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, os, nullptr,
                                  assembly ? llvm::CodeGenFileType::AssemblyFile
                                           : llvm::CodeGenFileType::ObjectFile))
    return failure();
  pm.run(module);
  return success();
}
