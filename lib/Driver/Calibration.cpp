//===- Calibration.cpp - running models for --quantize --------------------===//
//
// Part of modelc. See Calibration.h.
//
//===----------------------------------------------------------------------===//

#include "Calibration.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstring>
#include <fstream>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::calibration;

LogicalResult calibration::error(const llvm::Twine &message) {
  llvm::errs() << "error: " << message << "\n";
  return failure();
}

ModelRun::~ModelRun() { llvm::sys::fs::remove_directories(dir); }
//===----------------------------------------------------------------------===//
// Running models
//===----------------------------------------------------------------------===//

/// The folders of input_K.pb files that DIR holds: DIR itself, or its
/// test_data_set_* folders in order.
static std::vector<std::string> foldersOf(llvm::StringRef dir) {
  llvm::SmallString<256> first(dir);
  llvm::sys::path::append(first, "input_0.pb");
  if (llvm::sys::fs::exists(first))
    return {dir.str()};
  std::vector<std::string> sets;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::sys::path::filename(it->path()).starts_with("test_data_set_"))
      sets.push_back(it->path());
  llvm::sort(sets);
  return sets;
}

FailureOr<std::vector<std::string>>
calibration::inputFolders(llvm::ArrayRef<std::string> dirs,
                          llvm::StringRef option) {
  std::vector<std::string> folders;
  for (const std::string &dir : dirs) {
    std::vector<std::string> found = foldersOf(dir);
    if (found.empty()) {
      (void)error(option + " folder '" + dir +
                  "' has no input_0.pb and no test_data_set_* folders");
      return failure();
    }
    llvm::append_range(folders, found);
  }
  return folders;
}

LogicalResult calibration::readModel(llvm::StringRef path,
                                     onnx::ModelProto &model) {
  std::ifstream in(path.str(), std::ios::binary);
  if (!in || !model.ParseFromIstream(&in))
    return error("cannot read the ONNX model '" + path + "'");
  std::string dir = llvm::sys::path::parent_path(path).str();
  for (onnx::TensorProto &t : *model.mutable_graph()->mutable_initializer()) {
    if (t.data_location() != onnx::TensorProto::EXTERNAL)
      continue;
    llvm::Expected<HostTensor> value = decodeTensor(t, dir);
    if (!value)
      return error("initializer '" + t.name() +
                   "': " + llvm::toString(value.takeError()));
    t.clear_external_data();
    t.set_data_location(onnx::TensorProto::DEFAULT);
    t.set_raw_data(value->bytes.data(), value->bytes.size());
  }
  return success();
}

LogicalResult calibration::writeModel(const onnx::ModelProto &model,
                                      llvm::StringRef path) {
  std::ofstream out(path.str(), std::ios::binary | std::ios::trunc);
  if (!out || !model.SerializeToOstream(&out))
    return error("cannot write '" + path + "'");
  return success();
}

FailureOr<std::unique_ptr<ModelRun>>
ModelRun::run(const onnx::ModelProto &model, llvm::ArrayRef<std::string> extra,
              llvm::ArrayRef<std::string> folders,
              const QuantizeOptions &options, llvm::StringRef what) {
  auto result = std::make_unique<ModelRun>();
  onnx::ModelProto augmented = model;
  onnx::GraphProto *graph = augmented.mutable_graph();
  for (int64_t i = 0; i < graph->output_size(); ++i)
    result->position.try_emplace(graph->output(i).name(), i);
  for (const std::string &t : extra) {
    if (result->position.count(t))
      continue;
    result->position[t] = graph->output_size();
    onnx::ValueInfoProto *out = graph->add_output();
    out->set_name(t);
    out->mutable_type()->mutable_tensor_type()->set_elem_type(
        onnx::TensorProto::FLOAT);
  }
  llvm::SmallString<128> dir;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("modelc-quantize", dir)) {
    (void)error("cannot make a temporary folder: " + ec.message());
    return failure();
  }
  result->dir = dir.str().str();
  llvm::SmallString<256> modelPath(dir);
  llvm::sys::path::append(modelPath, "model.onnx");
  if (failed(writeModel(augmented, modelPath)))
    return failure();
  std::vector<std::string> args{options.modelcRun, modelPath.str().str()};
  for (size_t i = 0; i < folders.size(); ++i) {
    llvm::SmallString<256> out(dir);
    llvm::sys::path::append(out, "out" + std::to_string(i));
    llvm::sys::fs::create_directories(out);
    args.push_back("--input-dir=" + folders[i]);
    args.push_back("--output-dir=" + out.str().str());
    result->outDirs.push_back(out.str().str());
  }
  llvm::append_range(args, options.runArgs);
  std::vector<llvm::StringRef> argRefs(args.begin(), args.end());
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(options.modelcRun, argRefs, std::nullopt,
                                     {}, 0, 0, &message);
  if (rc != 0) {
    (void)error(what + " failed" + (message.empty() ? "" : ": " + message));
    return failure();
  }
  return result;
}

llvm::Expected<HostTensor> ModelRun::tensor(size_t sample,
                                            llvm::StringRef name) const {
  auto it = position.find(name.str());
  if (it == position.end())
    return llvm::createStringError("'" + name + "' is not an output");
  llvm::SmallString<256> path(outDirs[sample]);
  llvm::sys::path::append(path, "output_" + std::to_string(it->second) + ".pb");
  return readTensorFile(path);
}

FailureOr<std::vector<float>> ModelRun::floats(size_t sample,
                                               llvm::StringRef name) const {
  llvm::Expected<HostTensor> value = tensor(sample, name);
  if (!value) {
    (void)error("tensor '" + name + "': " + llvm::toString(value.takeError()));
    return failure();
  }
  std::vector<float> data;
  if (value->dtype == onnx::TensorProto::FLOAT) {
    data.resize(value->numElements());
    std::memcpy(data.data(), value->bytes.data(), 4 * data.size());
  }
  return data;
}

//===----------------------------------------------------------------------===//
// Calibration
//===----------------------------------------------------------------------===//

/// Bins of the histograms that percentile and entropy calibration read.
static constexpr int kPercentileBins = 16384;
static constexpr int kEntropyBins = 2048;

/// TensorRT's smoothing of a distribution before the KL divergence: every
/// empty bin gets EPS, taken evenly from the others.
static void smooth(std::vector<double> &p, double eps = 1e-4) {
  int64_t zeros = llvm::count(p, 0.0);
  int64_t nonzeros = p.size() - zeros;
  if (zeros == 0 || nonzeros == 0)
    return;
  double take = eps * zeros / nonzeros;
  for (double &v : p)
    v = v == 0 ? eps : v - take;
}

static double klDivergence(std::vector<double> p, std::vector<double> q) {
  double ps = 0, qs = 0;
  for (double v : p)
    ps += v;
  for (double v : q)
    qs += v;
  if (!(ps > 0) || !(qs > 0))
    return kInfinity;
  double kl = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    double a = p[i] / ps, b = q[i] / qs;
    if (a > 0)
      kl += a * std::log(a / std::max(b, 1e-300));
  }
  return kl;
}

/// The clipping threshold of a histogram of |x| (bins of WIDTH from 0) that
/// LEVELS quantization steps cover with the least KL divergence.
static double entropyThreshold(const std::vector<double> &hist, int levels,
                               double width) {
  int n = hist.size();
  double best = kInfinity;
  int bestBins = n;
  for (int i = levels; i <= n; ++i) {
    std::vector<double> p(hist.begin(), hist.begin() + i);
    for (int j = i; j < n; ++j)
      p[i - 1] += hist[j];
    // The i bins merged into LEVELS steps, each step's count spread over
    // its bins that P holds values in.
    std::vector<double> q(i, 0);
    for (int g = 0; g < levels; ++g) {
      int begin = int64_t(g) * i / levels, end = int64_t(g + 1) * i / levels;
      double sum = 0;
      int nonzero = 0;
      for (int j = begin; j < end; ++j) {
        sum += hist[j];
        nonzero += p[j] != 0;
      }
      for (int j = begin; j < end; ++j)
        if (p[j] != 0)
          q[j] = sum / nonzero;
    }
    smooth(p);
    smooth(q);
    double kl = klDivergence(std::move(p), std::move(q));
    if (kl < best) {
      best = kl;
      bestBins = i;
    }
  }
  return bestBins * width;
}

FailureOr<CalibrationTable>
calibration::calibrate(const ModelRun &run,
                       const std::vector<std::string> &tensors,
                       const CalibrationMethod &method) {
  CalibrationTable table;
  // The smallest and largest finite value of each tensor.
  for (size_t s = 0; s < run.samples(); ++s) {
    for (const std::string &t : tensors) {
      FailureOr<std::vector<float>> data = run.floats(s, t);
      if (failed(data))
        return failure();
      double lo = kInfinity, hi = -kInfinity;
      for (float v : *data) {
        if (!std::isfinite(v))
          continue;
        lo = std::min<double>(lo, v);
        hi = std::max<double>(hi, v);
      }
      if (lo > hi)
        continue;
      auto [it, inserted] = table.try_emplace(t, lo, hi);
      if (!inserted) {
        it->second.first = std::min(it->second.first, lo);
        it->second.second = std::max(it->second.second, hi);
      }
    }
  }
  if (method.kind == CalibrationMethod::MinMax)
    return table;
  // A histogram of each tensor's values over [min, max] (percentile) or of
  // their magnitudes over [0, max |x|] (entropy).
  bool entropy = method.kind == CalibrationMethod::Entropy;
  int bins = entropy ? kEntropyBins : kPercentileBins;
  std::map<std::string, std::vector<double>> hists;
  for (size_t s = 0; s < run.samples(); ++s) {
    for (const std::string &t : tensors) {
      auto range = table.find(t);
      if (range == table.end())
        continue;
      auto [lo, hi] = range->second;
      double base = entropy ? 0 : lo;
      double span = entropy ? std::max(-lo, hi) : hi - lo;
      if (!(span > 0))
        continue;
      std::vector<double> &hist = hists[t];
      hist.resize(bins);
      FailureOr<std::vector<float>> data = run.floats(s, t);
      if (failed(data))
        return failure();
      for (float v : *data) {
        // Zeros (a Relu's many) quantize exactly whatever the range; in the
        // entropy histogram they would only pull the threshold down.
        if (!std::isfinite(v) || (entropy && v == 0))
          continue;
        double x = entropy ? std::fabs(v) : v;
        int64_t b = int64_t((x - base) / span * bins);
        hist[std::clamp<int64_t>(b, 0, bins - 1)] += 1;
      }
    }
  }
  for (auto &[t, hist] : hists) {
    auto &[lo, hi] = table[t];
    if (entropy) {
      double absmax = std::max(-lo, hi);
      // u8 spends all its steps on a tensor that is never negative, half of
      // them on each side of 0 otherwise.
      double threshold =
          entropyThreshold(hist, lo >= 0 ? 255 : 128, absmax / bins);
      lo = std::max(lo, -threshold);
      hi = std::min(hi, threshold);
      continue;
    }
    double total = 0;
    for (double c : hist)
      total += c;
    double cut = total * (100 - method.percentile) / 200;
    double width = (hi - lo) / bins, seen = 0;
    int first = 0, last = bins - 1;
    for (int b = 0; b < bins; ++b) {
      seen += hist[b];
      if (seen > cut) {
        first = b;
        break;
      }
    }
    seen = 0;
    for (int b = 0; b < bins; ++b) {
      seen += hist[b];
      if (seen >= total - cut) {
        last = b;
        break;
      }
    }
    double newLo = lo + first * width, newHi = lo + (last + 1) * width;
    lo = std::max(lo, newLo);
    hi = std::min(hi, newHi);
  }
  return table;
}

LogicalResult calibration::writeTable(const CalibrationTable &table,
                                      const CalibrationMethod &method,
                                      llvm::StringRef path) {
  llvm::json::Object tensors;
  for (const auto &[name, range] : table)
    tensors[name] = llvm::json::Array{range.first, range.second};
  llvm::json::Object root{{"format", "modelc-calibration-1"},
                          {"method", method.str()},
                          {"tensors", std::move(tensors)}};
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec)
    return error("cannot write the calibration table '" + path +
                 "': " + ec.message());
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return success();
}

FailureOr<CalibrationTable> calibration::readTable(llvm::StringRef path,
                                                   std::string &method) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path);
  if (!buffer) {
    (void)error("cannot read the calibration table '" + path + "'");
    return failure();
  }
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  const llvm::json::Object *root = json ? json->getAsObject() : nullptr;
  const llvm::json::Object *tensors =
      root ? root->getObject("tensors") : nullptr;
  if (!json)
    llvm::consumeError(json.takeError());
  if (!tensors || root->getString("format") != "modelc-calibration-1") {
    (void)error("'" + path + "' is not a modelc calibration table");
    return failure();
  }
  method = root->getString("method").value_or("minmax").str();
  CalibrationTable table;
  for (const auto &[name, value] : *tensors) {
    const llvm::json::Array *range = value.getAsArray();
    std::optional<double> lo, hi;
    if (range && range->size() == 2) {
      lo = (*range)[0].getAsNumber();
      hi = (*range)[1].getAsNumber();
    }
    if (!lo || !hi || *lo > *hi) {
      (void)error("calibration table '" + path + "': tensor '" + name.str() +
                  "' has no [min, max] range");
      return failure();
    }
    table[name.str()] = {*lo, *hi};
  }
  return table;
}
