//===- CPUTarget.cpp - LLVM IR and object code for CPUs ---------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Target/CPU.h"

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
  constexpr int kInvalidArgument = 1;

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
    b.CreateRet(b.getInt32(kInvalidArgument));
    b.SetInsertPoint(good);
    SmallVector<llvm::Value *> args;
    for (llvm::Argument &arg : run->args())
      args.push_back(&arg);
    b.CreateCall(impl, args);
    b.CreateRet(b.getInt32(0));
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
    llvm::Value *invalid = b.getFalse();
    if (!model.inputs.empty())
      invalid = b.CreateOr(invalid, b.CreateIsNull(inputs));
    if (!model.outputs.empty())
      invalid = b.CreateOr(invalid, b.CreateIsNull(outputs));
    b.CreateCondBr(invalid, bad, good);
    b.SetInsertPoint(bad);
    b.CreateRet(b.getInt32(kInvalidArgument));
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
