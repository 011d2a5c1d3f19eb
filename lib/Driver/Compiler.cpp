//===- Compiler.cpp - the compilation driver --------------------*- C++ -*-===//
//
// Part of modelc.
//
//===----------------------------------------------------------------------===//

#include "modelc/Driver/Compiler.h"
#include "modelc/Codegen/CPU/TileTables.h"
#include "modelc/Codegen/Passes.h"
#include "modelc/Dialect/Modelc/ModelcOps.h"
#include "modelc/Dialect/Modelc/Passes.h"
#include "modelc/Driver/Report.h"
#include "modelc/Pipelines/Registration.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/ArchiveWriter.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::modelc;
namespace cl = llvm::cl;

//===----------------------------------------------------------------------===//
// Command-line options
//===----------------------------------------------------------------------===//

/// The folder under <prefix>/lib of the runtime for TRIPLE (--target), as
/// Debian names multiarch folders ("aarch64-linux-gnu"); none for the host's
/// architecture and operating system, whose runtime is <prefix>/lib's.
static std::optional<std::string> runtimeTargetDir(llvm::StringRef triple) {
  if (triple.empty())
    return std::nullopt;
  llvm::Triple target(llvm::Triple::normalize(triple));
  llvm::Triple host(llvm::sys::getDefaultTargetTriple());
  if (target.getArch() == host.getArch() && target.getOS() == host.getOS())
    return std::nullopt;
  std::string dir = (llvm::Triple::getArchTypeName(target.getArch()) + "-" +
                     llvm::Triple::getOSTypeName(target.getOS()))
                        .str();
  if (target.getEnvironment() != llvm::Triple::UnknownEnvironment)
    dir += "-" +
           llvm::Triple::getEnvironmentTypeName(target.getEnvironment()).str();
  return dir;
}

/// The description of --accuracy-budget, with its default. cl::desc keeps
/// a StringRef: the string must outlive the option.
static llvm::StringRef accuracyBudgetDescription() {
  static const std::string description =
      std::string("what the quantized model's outputs must keep of the float "
                  "model's, or layers go back to float, the noisiest first: "
                  "comma-separated sqnr:DB (least SQNR of every output), "
                  "cosine:C (least cosine similarity), top1:POINTS (most "
                  "top-1 points a classifier output may lose); 'off' "
                  "(default: ") +
      kDefaultAccuracyBudget + ")";
  return description;
}

namespace {
struct CommandLine {
  cl::OptionCategory category{"modelc options"};
  cl::opt<std::string> input{cl::Positional, cl::desc("<model.onnx>"),
                             cl::Required, cl::cat(category)};
  cl::opt<std::string> output{
      "o",
      cl::desc("output path without extension: writes NAME.o and NAME.h "
               "(--emit=obj), libNAME.a and NAME.h (--emit=lib), NAME.mlir, "
               "NAME.ll or NAME.s; '-' prints text outputs to stdout "
               "(default: the model's file name in the current directory)"),
      cl::value_desc("NAME"), cl::cat(category)};
  cl::opt<EmitKind> emit{
      "emit", cl::desc("what to write"), cl::init(EmitKind::Object),
      cl::values(
          clEnumValN(EmitKind::MLIR, "mlir",
                     "the modelc dialect after import and graph passes"),
          clEnumValN(EmitKind::LLVM, "llvm", "optimized LLVM IR"),
          clEnumValN(EmitKind::Assembly, "asm", "target assembly"),
          clEnumValN(EmitKind::Object, "obj",
                     "object file NAME.o and C header NAME.h (default)"),
          clEnumValN(EmitKind::Library, "lib",
                     "static library libNAME.a (model and runtime) and C "
                     "header NAME.h"),
          clEnumValN(EmitKind::QDQ, "qdq",
                     "with --quantize=int8: the quantized model as a QDQ "
                     "ONNX model NAME.onnx (QuantizeLinear / "
                     "DequantizeLinear around its int8 nodes), which ONNX "
                     "Runtime runs too")),
      cl::cat(category)};
  cl::opt<std::string> quantize{
      "quantize",
      cl::desc("quantize the float model: 'int8' (calibrated: u8 "
               "activations, s8 weights per output channel, on the int8 "
               "kernels; needs --calibration-dir or --calibration-table), "
               "'int8-weights' (the weights of MatMul and Gemm only, s8 per "
               "column, converted in the float kernel: a quarter of the "
               "memory traffic of products of few rows; no calibration)"),
      cl::value_desc("int8|int8-weights"), cl::cat(category)};
  cl::list<std::string> calibrationDirs{
      "calibration-dir",
      cl::desc("calibration inputs for --quantize: a folder of input_K.pb "
               "files (as modelc-run's --input-dir), or of test_data_set_* "
               "folders of them; repeatable"),
      cl::value_desc("DIR"), cl::cat(category)};
  cl::opt<std::string> calibrationTable{
      "calibration-table",
      cl::desc("the activation ranges of --quantize: written after a "
               "calibration (--calibration-dir), read without one"),
      cl::value_desc("FILE"), cl::cat(category)};
  cl::opt<std::string> calibrationMethod{
      "calibration-method",
      cl::desc("how a calibration turns the values it saw into a range: "
               "minmax (smallest to largest), percentile[:P] (the range "
               "holding P % of the values, default 99.99) or entropy (the "
               "clipping with the least KL divergence, as TensorRT) "
               "(default: minmax)"),
      cl::value_desc("METHOD"), cl::init("minmax"), cl::cat(category)};
  cl::list<std::string> evalDirs{
      "eval-dir",
      cl::desc("inputs the accuracy guard of --quantize judges on (default: "
               "the calibration inputs), as --calibration-dir; expected "
               "outputs (output_K.pb) beside them are the labels top-1 "
               "accuracy counts against; repeatable"),
      cl::value_desc("DIR"), cl::cat(category)};
  cl::opt<std::string> accuracyBudget{
      "accuracy-budget",
      cl::desc(accuracyBudgetDescription()),
      cl::value_desc("SPEC"), cl::init(kDefaultAccuracyBudget),
      cl::cat(category)};
  cl::opt<std::string> quantReport{
      "quant-report",
      cl::desc("write what --quantize did with each layer (precision and "
               "why, scales, clipping, SQNR, kernel) and the accuracy "
               "guard's steps as JSON"),
      cl::value_desc("FILE"), cl::cat(category)};
  cl::opt<std::string> quantReduceRange{
      "quant-reduce-range",
      cl::desc("int8 weights in [-64, 64] instead of [-127, 127]: on x86 "
               "CPUs without VNNI, whose int8 kernel (vpmaddubsw) would "
               "otherwise take two passes to stay exact, about twice as "
               "fast, at some accuracy. auto (default): where the target's "
               "int8 kernel is vpmaddubsw; on; off"),
      cl::value_desc("auto|on|off"), cl::init("auto"), cl::cat(category)};
  cl::list<std::string> quantExclude{
      "quant-exclude",
      cl::desc("keep in float the nodes of this name or operator type "
               "(--quant-exclude=conv1,MatMul); repeatable"),
      cl::CommaSeparated, cl::value_desc("NODE|OPTYPE"), cl::cat(category)};
  cl::list<std::string> shapes{
      "shape",
      cl::desc("pin the shape of a graph input, e.g. --shape "
               "input=1x3x224x224, or of an element of a sequence input, "
               "e.g. --shape 'seq[0]=2x3' (repeatable)"),
      cl::value_desc("NAME=DxDx..."), cl::cat(category)};
  cl::list<std::string> sequenceLengths{
      "sequence-length",
      cl::desc("the length of a sequence input, fixed at compile time: each "
               "element becomes an input tensor of its own, e.g. "
               "--sequence-length seq=3 (repeatable)"),
      cl::value_desc("NAME=N"), cl::cat(category)};
  cl::list<std::string> absentInputs{
      "absent",
      cl::desc("compile the optional input NAME as empty (optional inputs "
               "hold a value by default; presence is fixed at compile "
               "time) (repeatable)"),
      cl::value_desc("NAME"), cl::cat(category)};
  cl::list<std::string> freeze{
      "freeze",
      cl::desc("make the graph input NAME a compile-time constant: its "
               "values (comma-separated numbers, or true/false) or a "
               "TensorProto file (NAME=FILE.pb); it leaves the C interface "
               "and what depends on it folds (repeatable)"),
      cl::value_desc("NAME=VALUE[,VALUE...]|NAME=FILE.pb"), cl::cat(category)};
  cl::opt<std::string> name{
      "name",
      cl::desc("C identifier prefix of the generated symbols "
               "(default: derived from -o)"),
      cl::cat(category)};
  cl::opt<std::string> triple{
      "target",
      cl::desc("target triple as llc understands it, e.g. "
               "x86_64-unknown-linux-gnu or aarch64-linux-gnu "
               "(default: the host)"),
      cl::value_desc("TRIPLE"), cl::cat(category)};
  cl::opt<std::string> cpu{
      "mcpu",
      cl::desc("target CPU as llc understands it: 'native' (default) for the "
               "host's CPU, x86-64 for a portable baseline, x86-64-v3 for "
               "AVX2, skylake-avx512, ..."),
      cl::init("native"), cl::cat(category)};
  cl::opt<std::string> features{
      "mattr", cl::desc("extra target features, e.g. +avx2,-avx512f"),
      cl::cat(category)};
  cl::opt<bool> stats{
      "codegen-stats",
      cl::desc("print what the code generation did: how many convolutions, "
               "products, pools and row reductions it vectorized and how "
               "many it left scalar"),
      cl::init(false), cl::cat(category)};
  cl::opt<bool> profile{
      "profile",
      cl::desc("time each kernel of the model into the globals "
               "NAME_impl_profile_ns/_names/_kernels (modelc-run --profile "
               "prints them)"),
      cl::init(false), cl::cat(category)};
  cl::opt<std::string> report{
      "report",
      cl::desc("write a compile report: one self-contained HTML page with "
               "each kernel after fusion (its ONNX nodes, shapes, FLOPs, "
               "bytes read and written, weights), the workspace plan over "
               "time and the weights by kernel"),
      cl::value_desc("FILE.html"), cl::cat(category)};
  cl::opt<std::string> reportProfile{
      "report-profile",
      cl::desc("with --report: the output of modelc-run --profile for the "
               "same model and options, whose measured times the report "
               "shows beside each kernel"),
      cl::value_desc("FILE"), cl::cat(category)};
  cl::opt<bool> vectorize{
      "vectorize",
      cl::desc("tile and vectorize convolutions, products, pools and row "
               "reductions for the target's vector registers (default true; "
               "--vectorize=false leaves them as plain loops)"),
      cl::init(true), cl::cat(category)};
  cl::opt<bool> winograd{
      "winograd",
      cl::desc("compute 3x3 stride-1 convolutions with enough channels as "
               "Winograd F(2x2, 3x3) products: fewer multiplications, sums "
               "in another order (default true; --winograd=false keeps "
               "direct convolutions)"),
      cl::init(true), cl::cat(category)};
  cl::opt<std::string> int8Products{
      "int8-products",
      cl::desc("how the int8 kernels read the u8 activations: unsigned (as "
               "x86's vpdpbusd and vpmaddubsw take them), signed (flipped to "
               "s8 by their top bit, 128 x each filter's weight sum folded "
               "into the bias, as aarch64's sdot takes them; elsewhere by "
               "widening multiplies), auto (default: what the target's "
               "instruction takes)"),
      cl::value_desc("auto|unsigned|signed"), cl::init("auto"),
      cl::cat(category)};
  cl::opt<bool> parallel{
      "parallel",
      cl::desc("run parallel loops on the runtime's thread pool "
               "(default true; --parallel=false for serial code)"),
      cl::init(true), cl::cat(category)};
  cl::opt<int64_t> stringArenaBytes{
      "string-arena-bytes",
      cl::desc("bytes of string data one run of a model that makes strings "
               "(a Cast to string, a case change) may hold, in its "
               "workspace; a run that needs more returns "
               "MODELC_STATUS_CAPACITY_EXCEEDED (default 65536)"),
      cl::init(65536), cl::value_desc("N"), cl::cat(category)};
  cl::opt<int64_t> dynamicArenaBytes{
      "dynamic-arena-bytes",
      cl::desc("bytes one run may allocate, in its workspace, for buffers "
               "whose sizes only the run knows (a Loop's outputs when its "
               "trip count is an input, a Range of input scalars); a run "
               "that needs more returns MODELC_STATUS_CAPACITY_EXCEEDED "
               "(default 1048576)"),
      cl::init(1048576), cl::value_desc("N"), cl::cat(category)};
  cl::opt<std::string> runtimeLibrary{
      "runtime-lib",
      cl::desc("the runtime archive to bundle (default: "
               "<tool dir>/../lib/libmodelc_runtime.a, and for a --target of "
               "another architecture <tool dir>/../lib/TRIPLE/"
               "libmodelc_runtime.a, e.g. lib/aarch64-linux-gnu/)"),
      cl::cat(category)};
};
llvm::ManagedStatic<CommandLine> commandLine;
} // namespace

void mlir::modelc::registerCompilerOptions() {
  *commandLine;
  // --version: modelc's version, then the LLVM it was built with.
  cl::SetVersionPrinter([](llvm::raw_ostream &os) {
    os << "modelc version " << MODELC_VERSION << "\n  LLVM and MLIR "
       << LLVM_VERSION_STRING << "\n";
  });
}

cl::OptionCategory &mlir::modelc::getCompilerOptionCategory() {
  return commandLine->category;
}

/// Checks BYTES, the capacity the arena option OPTION gives: 0 to 2^40.
static LogicalResult checkArenaBytes(llvm::StringRef option, int64_t bytes) {
  if (bytes >= 0 && bytes <= (int64_t(1) << 40))
    return success();
  llvm::errs() << "error: " << option << " must be between 0 and 2^40, not "
               << bytes << "\n";
  return failure();
}

FailureOr<CompilerOptions> mlir::modelc::getCompilerOptions(const char *argv0) {
  CommandLine &cli = *commandLine;
  CompilerOptions options;
  options.inputPath = cli.input;
  options.emit = cli.emit;
  if (!cli.output.empty()) {
    options.outputBase = cli.output;
  } else {
    llvm::StringRef stem = llvm::sys::path::stem(cli.input);
    options.outputBase = stem.str();
    bool textual = options.emit == EmitKind::MLIR ||
                   options.emit == EmitKind::LLVM ||
                   options.emit == EmitKind::Assembly;
    if (textual)
      options.outputBase = "-";
  }
  std::string base = options.outputBase == "-"
                         ? llvm::sys::path::stem(cli.input).str()
                         : llvm::sys::path::filename(options.outputBase).str();
  // "-o out/libmodel --emit=lib" means the library out/libmodel.a.
  if (llvm::StringRef(base).starts_with("lib") && base.size() > 3 &&
      options.emit == EmitKind::Library && options.outputBase != "-") {
    base = base.substr(3);
    llvm::SmallString<256> path(
        llvm::sys::path::parent_path(options.outputBase));
    llvm::sys::path::append(path, base);
    options.outputBase = path.str().str();
  }
  options.name = cli.name.empty() ? sanitizeIdentifier(base)
                                  : sanitizeIdentifier(cli.name);
  for (const std::string &spec : cli.shapes) {
    auto [inputName, dims] = llvm::StringRef(spec).rsplit('=');
    FailureOr<std::vector<int64_t>> shape = parseShape(dims);
    if (inputName.empty() || !llvm::StringRef(spec).contains('=') ||
        failed(shape)) {
      llvm::errs() << "error: malformed --shape '" << spec
                   << "'; expected NAME=DxDx... such as input=1x3x224x224\n";
      return failure();
    }
    options.import.inputShapes[inputName.str()] = *shape;
  }
  for (const std::string &spec : cli.sequenceLengths) {
    auto [inputName, text] = llvm::StringRef(spec).rsplit('=');
    int64_t length;
    if (inputName.empty() || !llvm::StringRef(spec).contains('=') ||
        text.getAsInteger(10, length) || length < 0) {
      llvm::errs() << "error: malformed --sequence-length '" << spec
                   << "'; expected NAME=N such as seq=3\n";
      return failure();
    }
    options.import.sequenceLengths[inputName.str()] = length;
  }
  options.import.absentInputs.insert(cli.absentInputs.begin(),
                                     cli.absentInputs.end());
  for (const std::string &spec : cli.freeze) {
    auto [name, value] = llvm::StringRef(spec).split('=');
    if (name.empty() || value.empty() || !llvm::StringRef(spec).contains('=')) {
      llvm::errs() << "error: malformed --freeze '" << spec
                   << "'; expected NAME=VALUE[,VALUE...] or NAME=FILE.pb\n";
      return failure();
    }
    if (!options.import.frozenInputs.emplace(name.str(), value.str()).second) {
      llvm::errs() << "error: --freeze names '" << name << "' twice\n";
      return failure();
    }
  }
  options.target.triple = cli.triple;
  options.target.cpu = cli.cpu;
  options.target.features = cli.features;
  options.parallel = cli.parallel;
  options.vectorize = cli.vectorize;
  options.winograd = cli.winograd;
  if (cli.int8Products != "auto" && cli.int8Products != "unsigned" &&
      cli.int8Products != "signed") {
    llvm::errs() << "error: --int8-products=" << cli.int8Products
                 << ": expected auto, unsigned or signed\n";
    return failure();
  }
  if (cli.int8Products != "auto")
    options.signedInt8Products = cli.int8Products == "signed";
  options.stats = cli.stats;
  options.profile = cli.profile;
  options.reportPath = cli.report;
  options.reportProfilePath = cli.reportProfile;
  if (options.reportPath.empty() && !options.reportProfilePath.empty()) {
    llvm::errs() << "error: --report-profile goes with --report=FILE.html\n";
    return failure();
  }
  if (!options.reportPath.empty() &&
      (options.emit == EmitKind::MLIR || options.emit == EmitKind::QDQ)) {
    llvm::errs() << "error: --report describes the generated code: it goes "
                    "with --emit=obj, lib, llvm or asm\n";
    return failure();
  }
  if (failed(checkArenaBytes("--string-arena-bytes", cli.stringArenaBytes)) ||
      failed(checkArenaBytes("--dynamic-arena-bytes", cli.dynamicArenaBytes)))
    return failure();
  options.stringArenaBytes = cli.stringArenaBytes;
  options.dynamicArenaBytes = cli.dynamicArenaBytes;

  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&registerCompilerOptions));
  if (!cli.quantize.empty() && cli.quantize != "int8" &&
      cli.quantize != "int8-weights") {
    llvm::errs() << "error: --quantize=" << cli.quantize
                 << " is not supported; expected int8 or int8-weights\n";
    return failure();
  }
  options.quantize.int8 = !cli.quantize.empty();
  options.quantize.weightsOnly = cli.quantize == "int8-weights";
  if (options.quantize.weightsOnly &&
      (!cli.calibrationTable.empty() ||
       cli.calibrationMethod.getNumOccurrences() ||
       cli.quantReduceRange.getNumOccurrences())) {
    llvm::errs() << "error: --quantize=int8-weights calibrates nothing: "
                    "--calibration-table, --calibration-method and "
                    "--quant-reduce-range go with --quantize=int8 (a "
                    "--calibration-dir gives the accuracy guard its "
                    "inputs)\n";
    return failure();
  }
  if (!options.quantize.int8 &&
      (options.emit == EmitKind::QDQ || !cli.calibrationDirs.empty() ||
       !cli.calibrationTable.empty() || !cli.quantExclude.empty() ||
       cli.calibrationMethod.getNumOccurrences() || !cli.evalDirs.empty() ||
       cli.accuracyBudget.getNumOccurrences() || !cli.quantReport.empty() ||
       cli.quantReduceRange.getNumOccurrences())) {
    llvm::errs() << "error: --emit=qdq, --calibration-dir, "
                    "--calibration-table, --calibration-method, --eval-dir, "
                    "--accuracy-budget, --quant-report, --quant-exclude and "
                    "--quant-reduce-range go with --quantize=int8\n";
    return failure();
  }
  if (cli.quantReduceRange != "auto" && cli.quantReduceRange != "on" &&
      cli.quantReduceRange != "off") {
    llvm::errs() << "error: --quant-reduce-range=" << cli.quantReduceRange
                 << ": expected auto, on or off\n";
    return failure();
  }
  if (cli.quantReduceRange != "auto")
    options.quantize.reduceRangeChoice = cli.quantReduceRange == "on";
  FailureOr<CalibrationMethod> method =
      parseCalibrationMethod(cli.calibrationMethod);
  FailureOr<AccuracyBudget> budget = parseAccuracyBudget(cli.accuracyBudget);
  if (failed(method) || failed(budget))
    return failure();
  if (cli.calibrationMethod.getNumOccurrences() &&
      cli.calibrationDirs.empty()) {
    llvm::errs() << "error: --calibration-method needs --calibration-dir: "
                    "a calibration table holds ranges already made\n";
    return failure();
  }
  options.quantize.method = *method;
  options.quantize.budget = *budget;
  options.quantize.evalDirs.assign(cli.evalDirs.begin(), cli.evalDirs.end());
  options.quantize.reportPath = cli.quantReport;
  options.quantize.calibrationDirs.assign(cli.calibrationDirs.begin(),
                                          cli.calibrationDirs.end());
  options.quantize.calibrationTable = cli.calibrationTable;
  options.quantize.exclude.assign(cli.quantExclude.begin(),
                                  cli.quantExclude.end());
  {
    llvm::SmallString<256> run(llvm::sys::path::parent_path(exe));
    llvm::sys::path::append(run, "modelc-run");
    options.quantize.modelcRun = run.str().str();
    for (const std::string &spec : cli.shapes)
      options.quantize.runArgs.push_back("--shape=" + spec);
    for (const std::string &spec : cli.sequenceLengths)
      options.quantize.runArgs.push_back("--sequence-length=" + spec);
    for (const std::string &spec : cli.absentInputs)
      options.quantize.runArgs.push_back("--absent=" + spec);
    for (const std::string &spec : cli.freeze)
      options.quantize.runArgs.push_back("--freeze=" + spec);
  }
  llvm::SmallString<256> prefix(llvm::sys::path::parent_path(
      llvm::sys::path::parent_path(exe)));
  llvm::SmallString<256> lib(prefix), header(prefix);
  llvm::sys::path::append(lib, "lib");
  if (std::optional<std::string> dir = runtimeTargetDir(cli.triple))
    llvm::sys::path::append(lib, *dir);
  llvm::sys::path::append(lib, "libmodelc_runtime.a");
  llvm::sys::path::append(header, "include", "modelc", "runtime.h");
  options.runtimeLibrary =
      cli.runtimeLibrary.empty() ? lib.str().str() : cli.runtimeLibrary;
  options.runtimeHeader = header.str().str();
  return options;
}

//===----------------------------------------------------------------------===//
// Compilation steps
//===----------------------------------------------------------------------===//

void mlir::modelc::configureContext(MLIRContext &context) {
  DialectRegistry registry;
  registerAllDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  // Messages name the model's nodes; a dump of the IR would bury them.
  context.printOpOnDiagnostic(false);
  context.getDiagEngine().registerHandler([](Diagnostic &diag) {
    llvm::raw_ostream &os = llvm::errs();
    Location loc = diag.getLocation();
    if (auto name = dyn_cast<NameLoc>(loc))
      loc = name.getChildLoc();
    if (auto file = dyn_cast<FileLineColLoc>(loc))
      os << file.getFilename().getValue() << ": ";
    switch (diag.getSeverity()) {
    case DiagnosticSeverity::Error: os << "error: "; break;
    case DiagnosticSeverity::Warning: os << "warning: "; break;
    case DiagnosticSeverity::Note: os << "note: "; break;
    case DiagnosticSeverity::Remark: os << "remark: "; break;
    }
    os << diag << "\n";
    for (Diagnostic &note : diag.getNotes())
      os << "note: " << note << "\n";
    return success();
  });
}

/// The int8 dot-product instruction of TARGET (cpu::selectInt8Dot) and its
/// architecture; none where the target is unknown.
static std::pair<std::string, std::string>
selectTargetInt8Dot(const CPUTargetOptions &target) {
  std::string error;
  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(target, error);
  if (failed(machine))
    return {};
  const llvm::MCSubtargetInfo *subtarget = (*machine)->getMCSubtargetInfo();
  llvm::StringRef arch = (*machine)->getTargetTriple().getArchName();
  llvm::StringRef dot = cpu::selectInt8Dot(arch, [&](llvm::StringRef feature) {
    return subtarget->checkFeatures(("+" + feature).str());
  });
  return {dot.str(), arch.str()};
}

/// The int8 kernel of the dot-product instruction DOT on ARCH, for the
/// report of --quantize.
static std::string describeInt8Kernel(llvm::StringRef dot,
                                      llvm::StringRef arch) {
  if (dot.empty())
    return "";
  if (dot == "vnni512")
    return "vpdpbusd zmm (AVX-512 VNNI)";
  if (dot == "vnni256")
    return "vpdpbusd ymm (AVX-VNNI)";
  if (dot == "madd512")
    return "vpmaddubsw + vpmaddwd zmm (AVX-512BW, no VNNI)";
  if (dot == "madd256")
    return "vpmaddubsw + vpmaddwd ymm (AVX2, no VNNI)";
  if (dot == "usdot")
    return "usdot (aarch64 i8mm)";
  if (dot == "sdot")
    return "sdot (aarch64 dotprod; activations flipped to s8)";
  return ("widening multiplies (" + arch + ", no int8 dot product)").str();
}

/// OPTIONS' --quantize options with the target's kernel, and the weights'
/// range it wants (--quant-reduce-range=auto: reduced for vpmaddubsw).
static QuantizeOptions quantizeOptions(const CompilerOptions &options) {
  QuantizeOptions quantize = options.quantize;
  auto [dot, arch] = selectTargetInt8Dot(options.target);
  quantize.kernel = describeInt8Kernel(dot, arch);
  quantize.reduceRange = quantize.reduceRangeChoice.value_or(
      !quantize.weightsOnly && llvm::StringRef(dot).starts_with("madd"));
  return quantize;
}

OwningOpRef<ModuleOp>
mlir::modelc::importAndOptimize(MLIRContext &context,
                                const CompilerOptions &options) {
  ImportOptions import = options.import;
  import.functionName = options.name + "_impl";
  std::string inputPath = options.inputPath;
  // --quantize=int8: the QDQ model of the float one is what is compiled.
  llvm::SmallString<128> qdqPath;
  auto removeQDQ = llvm::make_scope_exit([&] {
    if (!qdqPath.empty())
      llvm::sys::fs::remove(qdqPath);
  });
  if (options.quantize.int8) {
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("modelc-qdq", "onnx", qdqPath)) {
      llvm::errs() << "error: cannot make a temporary file: " << ec.message()
                   << "\n";
      return nullptr;
    }
    if (failed(writeQuantizedModel(quantizeOptions(options), options.inputPath,
                                   qdqPath)))
      return nullptr;
    inputPath = qdqPath.str().str();
  }
  OwningOpRef<ModuleOp> module = importONNXModel(inputPath, &context, import);
  if (!module)
    return nullptr;
  PassManager pm(&context);
  buildGraphPipeline(pm);
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

FailureOr<CompiledModel>
mlir::modelc::lowerToLLVM(MLIRContext &context, ModuleOp module,
                          const CompilerOptions &options,
                          llvm::LLVMContext &llvmContext) {
  auto func = module.lookupSymbol<func::FuncOp>(options.name + "_impl");
  if (!func)
    return module.emitError("the model has no entry function");
  FailureOr<ModelInterface> interface = getModelInterface(func, options.name);
  if (failed(interface))
    return failure();

  std::string error;
  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createTargetMachine(options.target, error);
  if (failed(machine))
    return emitError(module.getLoc()) << error;

  // A string is a pointer, which the lowering holds in 64 bits.
  bool strings = llvm::any_of(func.getArgumentTypes(), isStringTensor) ||
                 module
                     .walk([](Operation *op) {
                       return llvm::any_of(op->getResultTypes(), isStringTensor)
                                  ? WalkResult::interrupt()
                                  : WalkResult::advance();
                     })
                     .wasInterrupted();
  if (strings && (*machine)->createDataLayout().getPointerSizeInBits() != 64)
    return module.emitError("string tensors need a target with 64-bit "
                            "pointers, not '")
           << (*machine)->getTargetTriple().str() << "'";

  PassManager pm(&context);
  CPUPipelineOptions pipeline;
  pipeline.parallel = options.parallel;
  pipeline.vectorize = options.vectorize;
  pipeline.winograd = options.winograd;
  pipeline.profile = options.profile;
  pipeline.report = !options.reportPath.empty();
  pipeline.dynamicShapes = interface->isDynamic();
  const llvm::MCSubtargetInfo *subtarget = (*machine)->getMCSubtargetInfo();
  pipeline.vectorISA = cpu::selectVectorISA(
                           (*machine)->getTargetTriple().getArchName(),
                           [&](llvm::StringRef feature) {
                             return subtarget->checkFeatures(
                                 ("+" + feature).str());
                           })
                           .str();
  pipeline.int8Dot =
      cpu::selectInt8Dot((*machine)->getTargetTriple().getArchName(),
                         [&](llvm::StringRef feature) {
                           return subtarget->checkFeatures(
                               ("+" + feature).str());
                         })
          .str();
  pipeline.signedInt8Products =
      options.signedInt8Products.value_or(pipeline.int8Dot == "sdot");
  pipeline.stringArenaBytes = options.stringArenaBytes;
  pipeline.dynamicArenaBytes = options.dynamicArenaBytes;
  buildCPUPipeline(pm, pipeline);
  // The workspace size is read before conversion to LLVM erases func ops.
  if (failed(pm.run(module)))
    return failure();
  DictionaryAttr kernelReport =
      module->getAttrOfType<DictionaryAttr>(kKernelReportAttr);
  module->removeAttr(kKernelReportAttr);
  auto llvmFunc = module.lookupSymbol<LLVM::LLVMFuncOp>(options.name + "_impl");
  if (!llvmFunc)
    return module.emitError("lowering lost the entry function");
  if (auto size = llvmFunc->getAttrOfType<IntegerAttr>(kWorkspaceSizeAttr))
    interface->workspaceSize = size.getInt();
  if (auto fn = llvmFunc->getAttrOfType<FlatSymbolRefAttr>(kWorkspaceSizeFnAttr))
    interface->workspaceSizeFn = fn.getValue().str();
  if (auto fn = llvmFunc->getAttrOfType<FlatSymbolRefAttr>(kOutputDimsFnAttr))
    interface->outputDimsFn = fn.getValue().str();
  if (auto size = llvmFunc->getAttrOfType<IntegerAttr>(kStringArenaSizeAttr))
    interface->stringArenaSize = size.getInt();
  if (auto size = llvmFunc->getAttrOfType<IntegerAttr>(kDynamicArenaSizeAttr))
    interface->dynamicArenaSize = size.getInt();
  interface->capacityChecks = llvmFunc->hasAttr(kCapacityChecksAttr);
  if (auto outputs =
          llvmFunc->getAttrOfType<DenseI64ArrayAttr>(kWorkspaceOutputsAttr))
    for (int64_t k : outputs.asArrayRef())
      interface->outputs[k].inWorkspace = true;
  if (auto dims = llvmFunc->getAttrOfType<ArrayAttr>(kDataDependentDimsAttr)) {
    if (dims.size() != interface->outputs.size())
      return module.emitError("the data-dependent dimensions do not match "
                              "the outputs");
    for (auto [info, d] : llvm::zip(interface->outputs, dims))
      info.dataDependentDims = cast<DenseI64ArrayAttr>(d).asArrayRef().vec();
  }
  if (options.stats) {
    int64_t vectorized = 0, scalar = 0;
    module.walk([&](LLVM::LLVMFuncOp fn) {
      if (auto n = fn->getAttrOfType<IntegerAttr>(kVectorizedRootsAttr))
        vectorized += n.getInt();
      if (auto n = fn->getAttrOfType<IntegerAttr>(kScalarRootsAttr))
        scalar += n.getInt();
    });
    llvm::errs() << "modelc: " << vectorized
                 << " convolutions, products, pools and row reductions tiled "
                    "and vectorized, "
                 << scalar << " left as scalar loops\n";
  }
  // modelc's attributes have no meaning in LLVM IR.
  module.walk([](LLVM::LLVMFuncOp fn) {
    fn->removeAttr(kVectorizedRootsAttr);
    fn->removeAttr(kScalarRootsAttr);
    fn->removeAttr(kWorkspaceSizeAttr);
    fn->removeAttr(kWorkspaceSizeFnAttr);
    fn->removeAttr(kOutputDimsFnAttr);
    fn->removeAttr(kStringArenaSizeAttr);
    fn->removeAttr(kDataDependentDimsAttr);
    fn->removeAttr(kCapacityChecksAttr);
    fn->removeAttr(kDynamicArenaSizeAttr);
    fn->removeAttr(kWorkspaceOutputsAttr);
    fn->removeAttr(kShapeFunctionAttr);
    fn.removeArgAttrsAttr();
    fn.removeResAttrsAttr();
  });

  CompiledModel compiled;
  compiled.kernelReport = kernelReport;
  compiled.interface = std::move(*interface);
  compiled.machine = std::move(*machine);
  compiled.module = translateModel(module, llvmContext, compiled.interface,
                                   *compiled.machine);
  if (!compiled.module)
    return module.emitError("translation to LLVM IR failed");
  return compiled;
}

LogicalResult mlir::modelc::writeObjectFile(CompiledModel &model,
                                            llvm::StringRef path) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                 << "\n";
    return failure();
  }
  if (failed(emitMachineCode(*model.module, *model.machine, out.os(),
                             /*assembly=*/false))) {
    llvm::errs() << "error: the target cannot emit object files\n";
    return failure();
  }
  out.keep();
  return success();
}

LogicalResult mlir::modelc::writeLibrary(llvm::StringRef objectPath,
                                         llvm::StringRef runtimeArchive,
                                         llvm::StringRef triple,
                                         llvm::StringRef path) {
  std::vector<llvm::NewArchiveMember> members;
  llvm::Expected<llvm::NewArchiveMember> object =
      llvm::NewArchiveMember::getFile(objectPath, /*Deterministic=*/true);
  if (!object) {
    llvm::errs() << "error: " << llvm::toString(object.takeError()) << "\n";
    return failure();
  }
  // Members are named by file name only: `ar x` works and the archive does
  // not depend on the output folder.
  object->MemberName = llvm::sys::path::filename(objectPath);
  members.push_back(std::move(*object));
  auto buffer = llvm::MemoryBuffer::getFile(runtimeArchive, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    llvm::errs() << "error: cannot read the runtime library '" << runtimeArchive
                 << "' for target '" << triple
                 << "' (modelc's build makes the runtime of each triple of "
                    "MODELC_RUNTIME_TARGETS; --runtime-lib names "
                    "another)\n";
    return failure();
  }
  llvm::Expected<std::unique_ptr<llvm::object::Archive>> archive =
      llvm::object::Archive::create((*buffer)->getMemBufferRef());
  if (!archive) {
    llvm::errs() << "error: '" << runtimeArchive << "' is not an archive: "
                 << llvm::toString(archive.takeError()) << "\n";
    return failure();
  }
  llvm::Error err = llvm::Error::success();
  for (const llvm::object::Archive::Child &child : (*archive)->children(err)) {
    // The runtime must be built for the model's target.
    if (llvm::Expected<llvm::MemoryBufferRef> data = child.getMemoryBufferRef()) {
      if (auto binary = llvm::object::ObjectFile::createObjectFile(*data)) {
        llvm::Triple::ArchType arch = (*binary)->getArch();
        if (arch != llvm::Triple(triple).getArch()) {
          llvm::errs() << "error: the runtime library '" << runtimeArchive
                       << "' is built for "
                       << llvm::Triple::getArchTypeName(arch)
                       << " but the model targets '" << triple
                       << "'; build the runtime for the target and pass it "
                          "with --runtime-lib\n";
          return failure();
        }
      } else {
        llvm::consumeError(binary.takeError());
      }
    } else {
      llvm::consumeError(data.takeError());
    }
    llvm::Expected<llvm::NewArchiveMember> member =
        llvm::NewArchiveMember::getOldMember(child, /*Deterministic=*/true);
    if (!member) {
      llvm::errs() << "error: " << llvm::toString(member.takeError()) << "\n";
      return failure();
    }
    members.push_back(std::move(*member));
  }
  if (err) {
    llvm::errs() << "error: " << llvm::toString(std::move(err)) << "\n";
    return failure();
  }
  if (llvm::Error e = llvm::writeArchive(
          path, members, llvm::SymtabWritingMode::NormalSymtab,
          llvm::object::Archive::K_GNU, /*Deterministic=*/true,
          /*Thin=*/false)) {
    llvm::errs() << "error: cannot write '" << path
                 << "': " << llvm::toString(std::move(e)) << "\n";
    return failure();
  }
  return success();
}

/// Writes TEXT to PATH, or stdout for "-".
static LogicalResult writeText(llvm::StringRef path,
                               llvm::function_ref<void(llvm::raw_ostream &)>
                                   print) {
  std::error_code ec;
  llvm::ToolOutputFile out(path, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    llvm::errs() << "error: cannot write '" << path << "': " << ec.message()
                 << "\n";
    return failure();
  }
  print(out.os());
  out.keep();
  return success();
}

static std::string withExtension(const CompilerOptions &options,
                                 llvm::StringRef extension) {
  if (options.outputBase == "-")
    return "-";
  return options.outputBase + extension.str();
}

int mlir::modelc::runCompiler(const CompilerOptions &options) {
  if (options.emit == EmitKind::QDQ)
    return failed(writeQuantizedModel(quantizeOptions(options),
                                      options.inputPath,
                                      withExtension(options, ".onnx")));
  MLIRContext context;
  configureContext(context);
  OwningOpRef<ModuleOp> module = importAndOptimize(context, options);
  if (!module)
    return 1;
  if (options.emit == EmitKind::MLIR)
    return failed(writeText(withExtension(options, ".mlir"),
                            [&](llvm::raw_ostream &os) {
                              module->print(os);
                            }));

  llvm::LLVMContext llvmContext;
  FailureOr<CompiledModel> compiled =
      lowerToLLVM(context, *module, options, llvmContext);
  if (failed(compiled))
    return 1;
  if (!options.reportPath.empty() && failed(writeReport(options, *compiled)))
    return 1;
  switch (options.emit) {
  case EmitKind::LLVM:
    return failed(writeText(withExtension(options, ".ll"),
                            [&](llvm::raw_ostream &os) {
                              compiled->module->print(os, nullptr);
                            }));
  case EmitKind::Assembly: {
    std::error_code ec;
    llvm::ToolOutputFile out(withExtension(options, ".s"), ec,
                             llvm::sys::fs::OF_Text);
    if (ec ||
        failed(emitMachineCode(*compiled->module, *compiled->machine,
                               out.os(), /*assembly=*/true))) {
      llvm::errs() << "error: cannot write the assembly\n";
      return 1;
    }
    out.keep();
    return 0;
  }
  case EmitKind::Object:
  case EmitKind::Library:
    break;
  case EmitKind::MLIR:
  case EmitKind::QDQ:
    llvm_unreachable("handled above");
  }

  if (options.outputBase == "-") {
    llvm::errs() << "error: binary outputs need a file name (-o NAME)\n";
    return 1;
  }
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(options.outputBase));
  if (!dir.empty())
    if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
      llvm::errs() << "error: cannot create '" << dir << "': " << ec.message()
                   << "\n";
      return 1;
    }
  std::string headerPath = options.outputBase + ".h";
  if (failed(writeText(headerPath, [&](llvm::raw_ostream &os) {
        os << generateHeader(compiled->interface);
      })))
    return 1;
  std::string objectPath = options.outputBase + ".o";
  if (failed(writeObjectFile(*compiled, objectPath)))
    return 1;
  if (options.emit == EmitKind::Object)
    return 0;

  llvm::SmallString<256> libPath(dir);
  llvm::sys::path::append(
      libPath,
      "lib" + llvm::sys::path::filename(options.outputBase).str() + ".a");
  if (failed(writeLibrary(objectPath, options.runtimeLibrary,
                          compiled->machine->getTargetTriple().str(),
                          libPath))) {
    llvm::sys::fs::remove(objectPath);
    llvm::sys::fs::remove(headerPath);
    return 1;
  }
  llvm::sys::fs::remove(objectPath);
  // The header includes modelc/runtime.h: ship it beside the library.
  llvm::SmallString<256> runtimeDir(dir);
  llvm::sys::path::append(runtimeDir, "modelc");
  llvm::SmallString<256> runtimeHeader(runtimeDir);
  llvm::sys::path::append(runtimeHeader, "runtime.h");
  if (llvm::sys::fs::create_directories(runtimeDir) ||
      llvm::sys::fs::copy_file(options.runtimeHeader, runtimeHeader)) {
    llvm::errs() << "error: cannot copy the runtime header '"
                 << options.runtimeHeader << "' to '" << runtimeHeader
                 << "'\n";
    return 1;
  }
  return 0;
}
