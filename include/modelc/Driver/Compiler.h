//===- Compiler.h - the compilation driver ----------------------*- C++ -*-===//
//
// Part of modelc. The steps of compiling a model, shared by the modelc and
// modelc-run tools, and the command-line options they both accept.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DRIVER_COMPILER_H
#define MODELC_DRIVER_COMPILER_H

#include "modelc/Driver/Quantize.h"
#include "modelc/Importer/ONNXImporter.h"
#include "modelc/Pipelines/Pipelines.h"
#include "modelc/Target/CPU.h"
#include "modelc/Target/ModelInterface.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>

namespace mlir::modelc {

/// What modelc writes.
enum class EmitKind { MLIR, LLVM, Assembly, Object, Library, QDQ };

/// Everything one compilation needs.
struct CompilerOptions {
  std::string inputPath;
  /// Output path without extension: NAME.o, NAME.h, libNAME.a in its folder.
  std::string outputBase;
  /// C identifier prefix of the generated symbols (NAME_run, ...).
  std::string name;
  EmitKind emit = EmitKind::Object;
  ImportOptions import;
  CPUTargetOptions target;
  bool parallel = true;
  /// Tile and vectorize convolutions, products and pools
  /// (modelc-cpu-tile-and-vectorize).
  bool vectorize = true;
  /// Compute 3x3 stride-1 convolutions as Winograd products where the
  /// target's tile table says they pay (modelc-cpu-winograd).
  bool winograd = true;
  /// --int8-products=signed or unsigned: whether the int8 products read
  /// the u8 activations flipped to s8 (modelc-cpu-signed-int8-products);
  /// unset (auto), where the target's instruction is sdot.
  std::optional<bool> signedInt8Products;
  /// Print the code generation's counts (roots vectorized, left scalar).
  bool stats = false;
  /// Time each kernel (modelc-instrument-kernels).
  bool profile = false;
  /// --report: the compile report to write (HTML), and --report-profile:
  /// modelc-run --profile's output for its measured times.
  std::string reportPath;
  std::string reportProfilePath;
  /// Capacity in bytes of the string arena of a model that makes strings.
  int64_t stringArenaBytes = 65536;
  /// Capacity in bytes of the dynamic arena of a model with buffers whose
  /// sizes only the run knows.
  int64_t dynamicArenaBytes = 1048576;
  /// Calibrated int8 quantization (--quantize=int8 and its options).
  QuantizeOptions quantize;
  /// The runtime archive and header to bundle (--emit=lib) or link.
  std::string runtimeLibrary;
  std::string runtimeHeader;
};

/// Registers the shared command-line options (call before parsing).
void registerCompilerOptions();

/// The category of those options, for --help.
llvm::cl::OptionCategory &getCompilerOptionCategory();

/// Builds CompilerOptions from the parsed command line; ARGV0 locates the
/// runtime next to the tool. Reports problems on stderr.
FailureOr<CompilerOptions> getCompilerOptions(const char *argv0);

/// The result of compiling a model to LLVM IR.
struct CompiledModel {
  ModelInterface interface;
  /// What each kernel does (modelc-kernel-report), with --report.
  DictionaryAttr kernelReport;
  std::unique_ptr<llvm::TargetMachine> machine;
  std::unique_ptr<llvm::Module> module;
};

/// Imports the model and runs the graph passes.
OwningOpRef<ModuleOp> importAndOptimize(MLIRContext &context,
                                        const CompilerOptions &options);

/// Lowers an imported module to optimized LLVM IR.
FailureOr<CompiledModel> lowerToLLVM(MLIRContext &context, ModuleOp module,
                                     const CompilerOptions &options,
                                     llvm::LLVMContext &llvmContext);

/// Writes an object file of a compiled model.
LogicalResult writeObjectFile(CompiledModel &model, llvm::StringRef path);

/// Writes libNAME.a: the object and every member of the runtime archive,
/// which must be built for TRIPLE's architecture.
LogicalResult writeLibrary(llvm::StringRef objectPath,
                           llvm::StringRef runtimeArchive,
                           llvm::StringRef triple, llvm::StringRef path);

/// Runs the whole compilation of the modelc tool; 0 on success.
int runCompiler(const CompilerOptions &options);

/// Sets up a context with every dialect and a diagnostic handler that
/// prints "error: ..." lines to stderr.
void configureContext(MLIRContext &context);

} // namespace mlir::modelc

#endif // MODELC_DRIVER_COMPILER_H
