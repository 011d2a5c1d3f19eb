//===- modelc-run.cpp - compile, load and run a model -----------*- C++ -*-===//
//
// Part of modelc. The harness of the tests and benchmarks:
//
//   modelc-run MODEL.onnx --input-dir DIR --output-dir OUT [--threads N]
//              [--bench N] [any modelc option]
//
// compiles the model as modelc does, links it with the runtime into a
// shared library, loads it, reads DIR/input_K.pb (ONNX TensorProtos, or
// SequenceProtos for sequences, in graph-input order: the layout of ONNX's
// test_data_set_N folders), runs it and writes OUT/output_K.pb in
// graph-output order. With --bench N it
// runs N timed iterations after a warm-up and prints one JSON line
// {"median_ms": X, "min_ms": Y, "runs": N}.
//
//===----------------------------------------------------------------------===//

#include "modelc/Dialect/Modelc/ModelcDialect.h"
#include "modelc/Driver/Compiler.h"
#include "modelc/Driver/Report.h"
#include "modelc/Importer/ONNXImporter.h"
#include "modelc/Importer/ONNXTensor.h"
#include "modelc/runtime.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <dlfcn.h>

using namespace mlir;
using namespace mlir::modelc;
namespace cl = llvm::cl;

namespace {
/// modelc-run's own options. They are built in main: libLLVM already
/// registers an unrelated --threads, which is removed first.
struct RunOptions {
  cl::OptionCategory category{"modelc-run options"};
  cl::list<std::string> inputDirs{
      "input-dir", cl::OneOrMore,
      cl::desc("folder with input_K.pb files; repeat it to run the compiled "
               "model on several data sets (of different sizes, for a model "
               "with dynamic dimensions)"),
      cl::cat(category)};
  cl::list<std::string> outputDirs{
      "output-dir",
      cl::desc("folder for output_K.pb files, one per --input-dir"),
      cl::cat(category)};
  cl::opt<int> threads{"threads",
                       cl::desc("threads of the runtime's pool (default: "
                                "the number of cores)"),
                       cl::init(0), cl::cat(category)};
  cl::opt<int> benchRuns{"bench",
                         cl::desc("time N runs after a warm-up and print "
                                  "{\"median_ms\", \"min_ms\", \"runs\"}; "
                                  "with --profile (10 runs by default) also "
                                  "each kernel's time, share and ONNX nodes"),
                         cl::init(0), cl::cat(category)};
  cl::opt<bool> keepFiles{"keep-temps", cl::desc("keep the compiled files"),
                          cl::init(false), cl::cat(category)};
};
} // namespace

static int fail(const llvm::Twine &message) {
  llvm::errs() << "modelc-run: error: " << message << "\n";
  return 1;
}

namespace {
/// The functions modelc-run calls in the loaded model.
struct LoadedModel {
  void *handle = nullptr;
  int32_t (*runPacked)(const void *const *, void *const *, void *) = nullptr;
  // A model with dynamic dimensions.
  int32_t (*prepare)(const int64_t *const *, int64_t *const *,
                     size_t *) = nullptr;
  int32_t (*runDynamic)(const void *const *, const int64_t *const *,
                        void *const *, int64_t *const *, void *,
                        size_t) = nullptr;
  int32_t (*setThreads)(int) = nullptr;
  int32_t (*allocWorkspace)(size_t, void **) = nullptr;
  void (*freeWorkspace)(void *) = nullptr;
  const char *(*statusString)(int32_t) = nullptr;
  // A model compiled with --profile: the time of each kernel, their count
  // and names (one per line).
  int64_t *profileNs = nullptr;
  const int64_t *profileKernels = nullptr;
  const char *profileNames = nullptr;
};
} // namespace

/// Prints the profile of LOADED over RUNS runs: each kernel's time per run,
/// its share of the total and the ONNX nodes it computes, slowest first.
static void printProfile(const LoadedModel &loaded, int runs) {
  int64_t count = *loaded.profileKernels;
  llvm::SmallVector<llvm::StringRef> names;
  llvm::StringRef(loaded.profileNames).split(names, '\n');
  std::vector<int64_t> order(count);
  for (int64_t i = 0; i < count; ++i)
    order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return loaded.profileNs[a] > loaded.profileNs[b];
  });
  double total = 0;
  for (int64_t i = 0; i < count; ++i)
    total += loaded.profileNs[i];
  llvm::outs() << llvm::formatv(
      "profile: {0} kernels, {1:F3} ms per run in kernels ({2} runs)\n",
      count, total / 1e6 / runs, runs);
  llvm::outs() << "      ms/run   share  cumul.  kernel (ONNX nodes)\n";
  double cumulative = 0;
  for (int64_t k : order) {
    double ns = loaded.profileNs[k];
    cumulative += ns;
    llvm::outs() << llvm::formatv(
        "{0,12:F4} {1,6:F1}% {2,6:F1}%  {3}\n", ns / 1e6 / runs,
        total ? 100 * ns / total : 0.0, total ? 100 * cumulative / total : 0.0,
        k < static_cast<int64_t>(names.size()) ? names[k] : "?");
  }
}

/// Links OBJECT with the runtime into a shared library at SO.
static LogicalResult linkSharedLibrary(llvm::StringRef object,
                                       llvm::StringRef runtime,
                                       llvm::StringRef so) {
  llvm::ErrorOr<std::string> cc = llvm::sys::findProgramByName("cc");
  if (!cc) {
    fail("no C compiler 'cc' on PATH to link the model");
    return failure();
  }
  // Every runtime symbol is pulled in, so the harness can call them.
  std::vector<llvm::StringRef> args{*cc,
                                    "-shared",
                                    "-o",
                                    so,
                                    object,
                                    "-Wl,--whole-archive",
                                    runtime,
                                    "-Wl,--no-whole-archive",
                                    "-lm",
                                    "-lpthread"};
  std::string error;
  int rc = llvm::sys::ExecuteAndWait(*cc, args, std::nullopt, {}, 0, 0, &error);
  if (rc != 0) {
    fail("linking the model failed" + (error.empty() ? "" : ": " + error));
    return failure();
  }
  return success();
}

template <typename T>
static bool lookup(void *handle, const std::string &name, T &out) {
  out = reinterpret_cast<T>(dlsym(handle, name.c_str()));
  return out != nullptr;
}

/// The shape as "2x3", with "?" for a dynamic dimension.
static std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::interleave(
      shape,
      [&](int64_t d) {
        if (d < 0)
          os << "?";
        else
          os << d;
      },
      [&] { os << "x"; });
  return text;
}

/// Checks TENSOR, read for graph input I, against the model's input INFO.
static LogicalResult checkInput(const HostTensor &tensor,
                                const TensorInfo &info, size_t i) {
  std::string what = "input " + std::to_string(i) + " ('" + info.name + "')";
  if (tensor.dtype != info.dtype) {
    fail(what + " has " + onnxTypeName(tensor.dtype) +
         " elements, the model wants " + onnxTypeName(info.dtype));
    return failure();
  }
  bool fits = tensor.shape.size() == info.shape.size();
  for (size_t d = 0; fits && d < info.shape.size(); ++d)
    fits = info.shape[d] < 0 || info.shape[d] == tensor.shape[d];
  if (!fits) {
    fail(what + " has shape [" + formatShape(tensor.shape) +
         "], the model wants [" + formatShape(info.shape) + "]");
    return failure();
  }
  return success();
}

/// Reads the inputs in INPUTDIR (input_K.pb for graph input K: a
/// TensorProto, or a SequenceProto for a sequence) and checks them against
/// MODEL; returns one tensor per model input.
static FailureOr<std::vector<HostTensor>>
readInputs(const ModelInterface &model, llvm::StringRef inputDir) {
  std::vector<HostTensor> inputs;
  auto error = [](const llvm::Twine &message) {
    fail(message);
    return failure();
  };
  for (auto [k, value] : llvm::enumerate(model.graphInputs)) {
    llvm::SmallString<128> path(inputDir);
    llvm::sys::path::append(path, "input_" + std::to_string(k) + ".pb");
    if (!llvm::sys::fs::exists(path))
      return error("missing input " + llvm::Twine(k) + " ('" + value.name +
                   "'): " + path);
    std::vector<HostTensor> elements;
    if (value.isOptional) {
      llvm::Expected<HostOptional> optional = readOptionalFile(path);
      if (!optional)
        return error(llvm::toString(optional.takeError()));
      if (optional->hasValue == value.isEmpty)
        return error("input " + llvm::Twine(k) + " ('" + value.name + "') is " +
                     (optional->hasValue ? "not " : "") +
                     "an empty optional, the model was compiled for " +
                     (value.isEmpty ? "an empty one (--absent)" : "a value"));
      if (value.isEmpty)
        continue;
      if (optional->isSequence != value.isSequence)
        return error("input " + llvm::Twine(k) + " ('" + value.name +
                     "') holds a " +
                     (optional->isSequence ? "sequence" : "tensor") +
                     ", the model wants a " +
                     (value.isSequence ? "sequence" : "tensor"));
      elements = std::move(optional->tensors);
    } else if (value.isSequence) {
      llvm::Expected<std::vector<HostTensor>> sequence =
          readTensorSequenceFile(path);
      if (!sequence)
        return error(llvm::toString(sequence.takeError()));
      elements = std::move(*sequence);
    } else {
      llvm::Expected<HostTensor> tensor = readTensorFile(path);
      if (!tensor)
        return error(llvm::toString(tensor.takeError()));
      elements.push_back(std::move(*tensor));
    }
    if (!value.isSequence) {
      if (failed(checkInput(elements.front(), model.inputs[value.first], k)))
        return failure();
      inputs.push_back(std::move(elements.front()));
      continue;
    }
    if (elements.size() != value.count)
      return error("input " + llvm::Twine(k) + " ('" + value.name +
                   "') is a sequence of " + llvm::Twine(elements.size()) +
                   " tensors, the model was compiled for " +
                   llvm::Twine(value.count) + " (--sequence-length)");
    for (size_t j = 0; j < value.count; ++j) {
      if (failed(checkInput(elements[j], model.inputs[value.first + j], k)))
        return failure();
      inputs.push_back(std::move(elements[j]));
    }
  }
  llvm::SmallString<128> extra(inputDir);
  llvm::sys::path::append(
      extra, "input_" + std::to_string(model.graphInputs.size()) + ".pb");
  if (llvm::sys::fs::exists(extra))
    return error("'" + inputDir + "' holds more inputs than the model's " +
                 llvm::Twine(model.graphInputs.size()));
  return inputs;
}

/// Gives each sequence input of the model that OPTIONS compiles a length
/// and, where the model does not declare its elements' rank, their shapes,
/// and each optional input its presence, from the SequenceProto or
/// OptionalProto in INPUTDIR, unless --sequence-length or --absent gives
/// them.
static LogicalResult setStructuredInputs(CompilerOptions &options,
                                         llvm::StringRef inputDir) {
  llvm::Expected<std::vector<StructuredInputInfo>> structured =
      getStructuredInputs(options.inputPath);
  if (!structured) {
    // The compiler reports a malformed model.
    llvm::consumeError(structured.takeError());
    return success();
  }
  ImportOptions &import = options.import;
  for (const StructuredInputInfo &input : *structured) {
    if (import.absentInputs.count(input.name) ||
        (input.isSequence && import.sequenceLengths.count(input.name)))
      continue;
    llvm::SmallString<128> path(inputDir);
    llvm::sys::path::append(path,
                            "input_" + std::to_string(input.position) + ".pb");
    auto cannotRead = [&](llvm::Error e) {
      fail("the " + llvm::Twine(input.isOptional ? "optional" : "sequence") +
           " input '" + input.name + "' takes its structure from " + path +
           ": " + llvm::toString(std::move(e)));
      return failure();
    };
    std::vector<HostTensor> elements;
    if (input.isOptional) {
      llvm::Expected<HostOptional> value = readOptionalFile(path);
      if (!value)
        return cannotRead(value.takeError());
      if (!value->hasValue) {
        import.absentInputs.insert(input.name);
        continue;
      }
      if (!input.isSequence)
        continue;
      elements = std::move(value->tensors);
    } else {
      llvm::Expected<std::vector<HostTensor>> value =
          readTensorSequenceFile(path);
      if (!value)
        return cannotRead(value.takeError());
      elements = std::move(*value);
    }
    import.sequenceLengths[input.name] = elements.size();
    if (input.hasElementShape)
      continue;
    for (auto [j, element] : llvm::enumerate(elements))
      import.inputShapes.insert(
          {input.name + "[" + std::to_string(j) + "]", element.shape});
  }
  return success();
}

/// Runs the loaded MODEL on the inputs in INPUTDIR, writes its outputs to
/// OUTPUTDIR (unless empty) and, with BENCHRUNS, prints its timing.
/// The tensors of a packed sequence output (ModelInterface.h): DATA holds
/// their elements one after the other, SHAPES one row per tensor with its
/// rank and dimensions.
static llvm::Expected<std::vector<HostTensor>>
unpackSequence(const GraphValue &value, const HostTensor &data,
               const HostTensor &shapes) {
  auto malformed = [&](const llvm::Twine &what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the packed sequence output '" + value.name +
                                       "' is malformed: " + what);
  };
  if (shapes.shape.size() != 2 || shapes.shape[1] != kPackedShapeWidth)
    return malformed("its shapes are not rows of " +
                     llvm::Twine(kPackedShapeWidth));
  const auto *rows = reinterpret_cast<const int64_t *>(shapes.bytes.data());
  size_t elementSize = onnxElementSize(data.dtype);
  int64_t offset = 0, total = data.numElements();
  std::vector<HostTensor> tensors;
  for (int64_t r = 0; r < shapes.shape[0]; ++r) {
    const int64_t *row = rows + r * kPackedShapeWidth;
    if (row[0] < 0 || row[0] > kMaxPackedRank)
      return malformed("tensor " + llvm::Twine(r) + " has rank " +
                       llvm::Twine(row[0]));
    HostTensor t;
    t.name = value.name;
    t.dtype = data.dtype;
    t.shape.assign(row + 1, row + 1 + row[0]);
    int64_t count = t.numElements();
    if (count < 0 || count > total - offset)
      return malformed("its tensors hold more elements than its data");
    if (data.dtype == MODELC_DTYPE_STRING)
      t.strings.assign(data.strings.begin() + offset,
                       data.strings.begin() + offset + count);
    else
      t.bytes.assign(data.bytes.begin() + offset * elementSize,
                     data.bytes.begin() + (offset + count) * elementSize);
    offset += count;
    tensors.push_back(std::move(t));
  }
  if (offset != total)
    return malformed("its data has elements that no tensor holds");
  return tensors;
}

static int runDataSet(LoadedModel &loaded, const ModelInterface &model,
                      const std::string &inputDir,
                      const std::string &outputDir, int benchRuns) {
  FailureOr<std::vector<HostTensor>> inputs = readInputs(model, inputDir);
  if (failed(inputs))
    return 1;
  std::vector<HostTensor> outputs(model.outputs.size());
  std::vector<const void *> inPtrs;
  std::vector<void *> outPtrs;
  std::vector<std::vector<int64_t>> outShapes;
  std::vector<const int64_t *> inShapePtrs;
  std::vector<int64_t *> outShapePtrs;
  // String tensors are arrays of pointers to NUL-terminated strings.
  std::vector<std::vector<const char *>> inStrings(inputs->size());
  std::vector<std::vector<const char *>> outStrings(model.outputs.size());
  // Outputs that the run writes into the workspace: where it puts their
  // addresses.
  std::vector<const void *> inWorkspace(model.outputs.size());
  for (auto [i, t] : llvm::enumerate(*inputs)) {
    if (t.dtype == MODELC_DTYPE_STRING) {
      for (const std::string &s : t.strings)
        inStrings[i].push_back(s.c_str());
      inPtrs.push_back(inStrings[i].data());
    } else {
      inPtrs.push_back(t.bytes.data());
    }
    inShapePtrs.push_back(t.shape.data());
  }
  size_t workspaceSize = model.workspaceSize;
  for (const TensorInfo &info : model.outputs)
    outShapes.push_back(info.shape);
  for (std::vector<int64_t> &shape : outShapes)
    outShapePtrs.push_back(shape.data());
  if (model.isDynamic()) {
    // The output shapes and the workspace size for these inputs.
    if (int32_t s = loaded.prepare(inShapePtrs.data(), outShapePtrs.data(),
                                   &workspaceSize))
      return fail("the model rejects the inputs in '" + inputDir +
                  "': " + loaded.statusString(s));
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    const TensorInfo &info = model.outputs[i];
    outputs[i].name = info.name;
    outputs[i].dtype = info.dtype;
    outputs[i].shape = outShapes[i];
    if (info.inWorkspace) {
      outPtrs.push_back(&inWorkspace[i]);
      continue;
    }
    if (info.dtype == MODELC_DTYPE_STRING) {
      outStrings[i].assign(std::max<int64_t>(1, outputs[i].numElements()),
                           nullptr);
      outPtrs.push_back(outStrings[i].data());
      continue;
    }
    outputs[i].bytes.resize(std::max<size_t>(
        1, outputs[i].numElements() * onnxElementSize(info.dtype)));
    outPtrs.push_back(outputs[i].bytes.data());
  }
  // Empty tensors still need a non-null pointer.
  std::vector<char> empty(1);
  for (const void *&p : inPtrs)
    if (!p)
      p = empty.data();
  void *workspace = nullptr;
  if (int32_t s = loaded.allocWorkspace(workspaceSize, &workspace))
    return fail(llvm::Twine("cannot allocate the workspace: ") +
                loaded.statusString(s));
  auto runOnce = [&]() -> int32_t {
    if (model.isDynamic())
      return loaded.runDynamic(inPtrs.data(), inShapePtrs.data(),
                               outPtrs.data(), outShapePtrs.data(), workspace,
                               workspaceSize);
    return loaded.runPacked(inPtrs.data(), outPtrs.data(), workspace);
  };
  int32_t status = runOnce();
  if (status != 0) {
    loaded.freeWorkspace(workspace);
    if (status == MODELC_STATUS_CAPACITY_EXCEEDED &&
        (model.stringArenaSize || model.dynamicArenaSize))
      return fail(llvm::Twine("the model returned ") +
                  loaded.statusString(status) + " (compile it with a larger " +
                  (model.stringArenaSize && model.dynamicArenaSize
                       ? "--string-arena-bytes or --dynamic-arena-bytes"
                   : model.stringArenaSize ? "--string-arena-bytes"
                                           : "--dynamic-arena-bytes") +
                  ")");
    return fail(llvm::Twine("the model returned ") +
                loaded.statusString(status));
  }
  // The strings of the outputs, and the outputs written into it, live in
  // the workspace (or the inputs): copy them before it is freed.
  auto copyOutputs = [&]() -> std::string {
    for (size_t i = 0; i < outputs.size(); ++i) {
      HostTensor &t = outputs[i];
      t.shape = outShapes[i];
      bool isString = model.outputs[i].dtype == MODELC_DTYPE_STRING;
      int64_t n = t.numElements();
      const char *const *strings = outStrings[i].data();
      if (model.outputs[i].inWorkspace) {
        if (!inWorkspace[i] || n < 0)
          return "the model set no data or shape for output '" + t.name + "'";
        if (isString) {
          strings = static_cast<const char *const *>(inWorkspace[i]);
        } else {
          auto *data = static_cast<const char *>(inWorkspace[i]);
          t.bytes.assign(data, data + n * onnxElementSize(t.dtype));
        }
      }
      if (!isString)
        continue;
      t.strings.clear();
      for (int64_t k = 0; k < n; ++k) {
        if (!strings[k])
          return "the model left an element of string output '" + t.name +
                 "' NULL";
        t.strings.push_back(strings[k]);
      }
    }
    return "";
  };
  if (std::string error = copyOutputs(); !error.empty()) {
    loaded.freeWorkspace(workspace);
    return fail(error);
  }
  if (benchRuns > 0) {
    for (int i = 0; i < 2; ++i)
      (void)runOnce();
    // The profile covers the timed runs only.
    if (loaded.profileNs)
      std::fill(loaded.profileNs, loaded.profileNs + *loaded.profileKernels,
                0);
    std::vector<double> times;
    for (int i = 0; i < benchRuns; ++i) {
      auto start = std::chrono::steady_clock::now();
      (void)runOnce();
      auto stop = std::chrono::steady_clock::now();
      times.push_back(
          std::chrono::duration<double, std::milli>(stop - start).count());
    }
    std::sort(times.begin(), times.end());
    double median = times.size() % 2
                        ? times[times.size() / 2]
                        : (times[times.size() / 2 - 1] +
                           times[times.size() / 2]) /
                              2;
    llvm::outs() << llvm::formatv(
        "{{\"median_ms\": {0:F4}, \"min_ms\": {1:F4}, \"runs\": {2}}\n",
        median, times.front(), benchRuns);
    if (loaded.profileNs)
      printProfile(loaded, benchRuns);
  }
  loaded.freeWorkspace(workspace);

  if (!outputDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
      return fail("cannot create '" + outputDir + "': " + ec.message());
    for (size_t i = 0; i < outputs.size(); ++i) {
      HostTensor &t = outputs[i];
      t.shape = outShapes[i];
      if (t.dtype != MODELC_DTYPE_STRING)
        t.bytes.resize(t.numElements() * onnxElementSize(t.dtype));
    }
    // output_K.pb for graph output K: a SequenceProto for a sequence.
    for (auto [k, value] : llvm::enumerate(model.graphOutputs)) {
      llvm::SmallString<128> path(outputDir);
      llvm::sys::path::append(path, "output_" + std::to_string(k) + ".pb");
      std::vector<HostTensor> tensors(outputs.begin() + value.first,
                                      outputs.begin() + value.first +
                                          value.count);
      auto write = [&]() -> llvm::Error {
        if (value.isPacked) {
          bool present = !value.hasPresence || tensors.front().bytes.at(0);
          size_t data = value.hasPresence ? 1 : 0;
          llvm::Expected<std::vector<HostTensor>> unpacked =
              unpackSequence(value, tensors[data], tensors[data + 1]);
          if (!unpacked)
            return unpacked.takeError();
          if (value.isOptional)
            return writeOptionalFile(
                path, value.name,
                HostOptional{present, true,
                             present ? std::move(*unpacked)
                                     : std::vector<HostTensor>()});
          return writeTensorSequenceFile(path, value.name, *unpacked);
        }
        if (value.isOptional)
          return writeOptionalFile(
              path, value.name,
              HostOptional{!value.isEmpty, value.isSequence, tensors});
        if (value.isSequence)
          return writeTensorSequenceFile(path, value.name, tensors);
        return writeTensorFile(path, tensors.front());
      };
      llvm::Error e = write();
      if (e)
        return fail(llvm::toString(std::move(e)));
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  llvm::StringMap<cl::Option *> &registered = cl::getRegisteredOptions();
  if (auto it = registered.find("threads"); it != registered.end())
    it->second->removeArgument();
  RunOptions run;
  auto &threads = run.threads;
  auto &benchRuns = run.benchRuns;
  bool keepFiles = false;
  registerCompilerOptions();
  cl::HideUnrelatedOptions({&run.category, &getCompilerOptionCategory()});
  cl::ParseCommandLineOptions(
      argc, argv,
      "modelc-run: compiles an ONNX model, runs it on ONNX TensorProto "
      "inputs and writes its outputs\n");
  FailureOr<CompilerOptions> options = getCompilerOptions(argv[0]);
  if (failed(options))
    return 1;
  keepFiles = run.keepFiles;
  if (failed(setStructuredInputs(*options, run.inputDirs.front())))
    return 1;
  if (benchRuns < 0)
    return fail("--bench needs a positive number of runs");
  if (threads < 0)
    return fail("--threads needs a positive number");
  if (!run.outputDirs.empty() &&
      run.outputDirs.size() != run.inputDirs.size())
    return fail("give one --output-dir per --input-dir (or none)");

  llvm::SmallString<128> workDir;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("modelc-run", workDir))
    return fail("cannot create a temporary folder: " + ec.message());
  struct Cleanup {
    llvm::SmallString<128> &dir;
    bool keep;
    ~Cleanup() {
      if (!keep)
        llvm::sys::fs::remove_directories(dir);
      else
        llvm::errs() << "modelc-run: kept " << dir << "\n";
    }
  } cleanup{workDir, keepFiles};

  // Compile.
  MLIRContext context;
  configureContext(context);
  OwningOpRef<ModuleOp> module = importAndOptimize(context, *options);
  if (!module)
    return 1;
  llvm::LLVMContext llvmContext;
  FailureOr<CompiledModel> compiled =
      lowerToLLVM(context, *module, *options, llvmContext);
  if (failed(compiled))
    return 1;
  if (!options->reportPath.empty() && failed(writeReport(*options, *compiled)))
    return 1;
  const ModelInterface &model = compiled->interface;
  llvm::SmallString<128> object(workDir), so(workDir);
  llvm::sys::path::append(object, "model.o");
  llvm::sys::path::append(so, "model.so");
  if (failed(writeObjectFile(*compiled, object)) ||
      failed(linkSharedLibrary(object, options->runtimeLibrary, so)))
    return 1;

  // Load and run.
  LoadedModel loaded;
  loaded.handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!loaded.handle)
    return fail(llvm::Twine("cannot load the compiled model: ") + dlerror());
  bool entry = model.isDynamic()
                   ? lookup(loaded.handle, model.packedSymbol(),
                            loaded.runDynamic) &&
                         lookup(loaded.handle, model.prepareSymbol(),
                                loaded.prepare)
                   : lookup(loaded.handle, model.packedSymbol(),
                            loaded.runPacked);
  if (!entry ||
      !lookup(loaded.handle, "modelc_set_num_threads", loaded.setThreads) ||
      !lookup(loaded.handle, "modelc_workspace_alloc", loaded.allocWorkspace) ||
      !lookup(loaded.handle, "modelc_workspace_free", loaded.freeWorkspace) ||
      !lookup(loaded.handle, "modelc_status_string", loaded.statusString))
    return fail("the compiled model lacks an entry point");
  if (options->profile) {
    std::string prefix = options->name + "_impl_profile_";
    if (!lookup(loaded.handle, prefix + "ns", loaded.profileNs) ||
        !lookup(loaded.handle, prefix + "kernels", loaded.profileKernels) ||
        !lookup(loaded.handle, prefix + "names", loaded.profileNames))
      return fail("the model has no kernel to profile");
    // The profile needs timed runs.
    if (benchRuns == 0)
      benchRuns = 10;
  }
  if (threads > 0 && loaded.setThreads(threads) != 0)
    return fail("cannot use " + llvm::Twine(threads) + " threads");
  for (size_t i = 0; i < run.inputDirs.size(); ++i)
    if (int rc = runDataSet(loaded, model, run.inputDirs[i],
                            run.outputDirs.empty() ? std::string()
                                                   : run.outputDirs[i],
                            benchRuns))
      return rc;
  return 0;
}
