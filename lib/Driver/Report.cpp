//===- Report.cpp - the compile report (modelc --report) --------*- C++ -*-===//
//
// Part of modelc. See Report.h.
//
//===----------------------------------------------------------------------===//

#include "modelc/Driver/Report.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/ToolOutputFile.h"

#include <deque>

using namespace mlir;
using namespace mlir::modelc;

namespace {

struct ReportBuffer {
  std::string kind, name, type;
  int64_t bytes, offset, first, last;
};

struct ReportKernel {
  std::string name;
  std::vector<std::string> nodes;
  int64_t flops;
  bool flopsKnown;
  std::vector<int64_t> reads, writes;
  double ms = -1; ///< Measured, from the profile; -1 when not given.
};

} // namespace

static std::string escape(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

static std::string bytesText(int64_t bytes) {
  if (bytes < 0)
    return "?";
  if (bytes < 1024)
    return std::to_string(bytes) + " B";
  if (bytes < 1024 * 1024)
    return llvm::formatv("{0:F1} KiB", bytes / 1024.0).str();
  return llvm::formatv("{0:F2} MiB", bytes / (1024.0 * 1024.0)).str();
}

static std::string flopsText(int64_t flops, bool known) {
  std::string text;
  if (flops < 1000)
    text = std::to_string(flops);
  else if (flops < 1000000)
    text = llvm::formatv("{0:F1} K", flops / 1e3).str();
  else if (flops < 1000000000)
    text = llvm::formatv("{0:F1} M", flops / 1e6).str();
  else
    text = llvm::formatv("{0:F2} G", flops / 1e9).str();
  return known ? text : "&ge; " + text;
}

/// A horizontal bar of FRACTION (0..1) of its cell, in COLOR.
static std::string bar(double fraction, llvm::StringRef color) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  return llvm::formatv("<svg class=\"bar\" width=\"120\" height=\"10\">"
                       "<rect width=\"{0:F1}\" height=\"10\" fill=\"{1}\"/>"
                       "</svg>",
                       120 * fraction, color)
      .str();
}

/// Reads modelc-run --profile's table: kernel name -> the ms/run of each
/// kernel of that name, in the order printed. Returns the kernel count
/// the profile states, or -1 after an error.
static int64_t readProfile(llvm::StringRef path,
                           llvm::StringMap<std::deque<double>> &times) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer) {
    llvm::errs() << "error: cannot read the profile '" << path
                 << "': " << buffer.getError().message() << "\n";
    return -1;
  }
  llvm::Regex header("^profile: ([0-9]+) kernels");
  llvm::Regex row("^ *([0-9.]+) +([0-9.]+)% +([0-9.]+)%  (.*)$");
  int64_t count = -1;
  llvm::SmallVector<llvm::StringRef> lines;
  (*buffer)->getBuffer().split(lines, '\n');
  bool inTable = false;
  for (llvm::StringRef line : lines) {
    llvm::SmallVector<llvm::StringRef> m;
    if (header.match(line, &m)) {
      m[1].getAsInteger(10, count);
      inTable = true;
      continue;
    }
    if (inTable && row.match(line, &m)) {
      double ms = 0;
      m[1].getAsDouble(ms);
      times[m[4]].push_back(ms);
    }
  }
  if (count < 0)
    llvm::errs() << "error: '" << path
                 << "' holds no profile (the output of modelc-run --profile)\n";
  return count;
}

LogicalResult mlir::modelc::writeReport(const CompilerOptions &options,
                                        const CompiledModel &model) {
  if (!model.kernelReport) {
    llvm::errs() << "error: the compilation recorded no kernels for the "
                    "report\n";
    return failure();
  }
  auto getInt = [](DictionaryAttr d, llvm::StringRef key) {
    auto a = d.getAs<IntegerAttr>(key);
    return a ? a.getInt() : int64_t(-1);
  };
  auto getStr = [](DictionaryAttr d, llvm::StringRef key) {
    auto a = d.getAs<StringAttr>(key);
    return a ? a.getValue().str() : std::string();
  };
  std::vector<ReportBuffer> buffers;
  for (Attribute a : model.kernelReport.getAs<ArrayAttr>("buffers")) {
    auto d = cast<DictionaryAttr>(a);
    buffers.push_back({getStr(d, "kind"), getStr(d, "name"), getStr(d, "type"),
                       getInt(d, "bytes"), getInt(d, "offset"),
                       getInt(d, "first"), getInt(d, "last")});
  }
  std::vector<ReportKernel> kernels;
  for (Attribute a : model.kernelReport.getAs<ArrayAttr>("kernels")) {
    auto d = cast<DictionaryAttr>(a);
    ReportKernel k;
    k.name = getStr(d, "name");
    for (Attribute n : d.getAs<ArrayAttr>("nodes"))
      k.nodes.push_back(cast<StringAttr>(n).getValue().str());
    k.flops = getInt(d, "flops");
    k.flopsKnown = d.getAs<BoolAttr>("flops_known").getValue();
    k.reads = d.getAs<DenseI64ArrayAttr>("reads").asArrayRef().vec();
    k.writes = d.getAs<DenseI64ArrayAttr>("writes").asArrayRef().vec();
    kernels.push_back(std::move(k));
  }

  // Measured times, matched by the kernel names the profile prints.
  bool profiled = !options.reportProfilePath.empty();
  std::string profileNote;
  if (profiled) {
    llvm::StringMap<std::deque<double>> times;
    int64_t count = readProfile(options.reportProfilePath, times);
    if (count < 0)
      return failure();
    int64_t unmatched = 0;
    for (ReportKernel &k : kernels) {
      auto it = times.find(k.name);
      if (it == times.end() || it->second.empty()) {
        ++unmatched;
        continue;
      }
      k.ms = it->second.front();
      it->second.pop_front();
    }
    if (count != static_cast<int64_t>(kernels.size()) || unmatched) {
      profileNote = llvm::formatv(
          "The profile has {0} kernels and this build {1} ({2} without a "
          "time): profile a build of the same model with the same options.",
          count, kernels.size(), unmatched);
      llvm::errs() << "warning: " << profileNote << "\n";
    }
  }

  int64_t totalFlops = 0, weights = 0, maxBytes = 1;
  bool allKnown = true;
  double totalMs = 0, maxMs = 0;
  std::vector<int64_t> kernelWeights(kernels.size(), 0),
      kernelRead(kernels.size(), 0), kernelWritten(kernels.size(), 0);
  for (const ReportBuffer &b : buffers)
    if (b.kind == "weights" && b.bytes > 0)
      weights += b.bytes;
  for (auto [i, k] : llvm::enumerate(kernels)) {
    totalFlops += k.flops;
    allKnown &= k.flopsKnown;
    if (k.ms >= 0) {
      totalMs += k.ms;
      maxMs = std::max(maxMs, k.ms);
    }
    for (int64_t r : k.reads) {
      kernelRead[i] += std::max<int64_t>(buffers[r].bytes, 0);
      if (buffers[r].kind == "weights")
        kernelWeights[i] += std::max<int64_t>(buffers[r].bytes, 0);
    }
    for (int64_t w : k.writes)
      kernelWritten[i] += std::max<int64_t>(buffers[w].bytes, 0);
    maxBytes = std::max({maxBytes, kernelRead[i], kernelWritten[i]});
  }
  int64_t maxFlops = 1, maxWeights = 1;
  for (auto [i, k] : llvm::enumerate(kernels)) {
    maxFlops = std::max(maxFlops, k.flops);
    maxWeights = std::max(maxWeights, kernelWeights[i]);
  }

  std::error_code ec;
  llvm::ToolOutputFile file(options.reportPath, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    llvm::errs() << "error: cannot write '" << options.reportPath
                 << "': " << ec.message() << "\n";
    return failure();
  }
  llvm::raw_ostream &os = file.os();
  std::string title = "modelc report: " + options.name;
  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta "
        "charset=\"utf-8\">\n"
     << "<title>" << escape(title) << "</title>\n"
     << "<style>\n"
        "body{font-family:sans-serif;margin:1.5em;color:#222}\n"
        "table{border-collapse:collapse;font-size:13px}\n"
        "td,th{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left;"
        "vertical-align:top}\n"
        "td.num,th.num{text-align:right;white-space:nowrap}\n"
        "th{background:#f3f3f3;position:sticky;top:0}\n"
        "details summary{cursor:pointer}\n"
        "svg text{font-size:11px;fill:#333}\n"
        ".note{color:#a40}\n"
        "</style>\n</head>\n<body>\n";
  os << "<h1>" << escape(title) << "</h1>\n";

  // Summary.
  os << "<h2 id=\"summary\">Summary</h2>\n<table class=\"summary\">\n";
  auto summary = [&](llvm::StringRef key, const std::string &value) {
    os << "<tr><th>" << key << "</th><td>" << value << "</td></tr>\n";
  };
  summary("model", escape(options.inputPath));
  summary("target", escape(model.machine->getTargetTriple().str()) + ", CPU " +
                        escape(model.machine->getTargetCPU().str()));
  summary("kernels", std::to_string(kernels.size()));
  summary("FLOPs per run", flopsText(totalFlops, allKnown));
  summary("weights", bytesText(weights));
  summary("workspace", model.interface.workspaceSize > 0 ||
                               model.interface.workspaceSizeFn.empty()
                           ? bytesText(model.interface.workspaceSize)
                           : "depends on the input shapes (NAME_prepare)");
  auto tensors = [&](const std::vector<TensorInfo> &list) {
    std::string text;
    for (const TensorInfo &t : list) {
      std::string shape;
      for (int64_t d : t.shape)
        shape += (shape.empty() ? "" : "x") +
                 (d < 0 ? std::string("?") : std::to_string(d));
      text += (text.empty() ? "" : ", ") + escape(t.name) + " [" + shape + "]";
    }
    return text;
  };
  summary("inputs", tensors(model.interface.inputs));
  summary("outputs", tensors(model.interface.outputs));
  if (profiled)
    summary("measured",
            llvm::formatv("{0:F3} ms per run in kernels (from {1})", totalMs,
                          escape(options.reportProfilePath))
                .str());
  os << "</table>\n";
  if (!profileNote.empty())
    os << "<p class=\"note\">" << escape(profileNote) << "</p>\n";

  // Kernels.
  os << "<h2 id=\"kernels\">Kernels</h2>\n"
        "<p>Each kernel of the generated code, in the order it runs, with "
        "the ONNX nodes fused into it. FLOPs count the float arithmetic of "
        "the code as generated (a Winograd convolution does fewer "
        "multiplications than the direct one); bytes are the sizes of the "
        "buffers it reads and writes.</p>\n"
        "<table class=\"kernels\">\n<tr><th class=\"num\">#</th>"
        "<th>ONNX nodes</th><th>writes</th><th class=\"num\">FLOPs</th>"
        "<th></th><th class=\"num\">read</th><th class=\"num\">written</th>"
        "<th class=\"num\">weights</th>";
  if (profiled)
    os << "<th class=\"num\">ms/run</th><th class=\"num\">share</th><th></th>";
  os << "</tr>\n";
  for (auto [i, k] : llvm::enumerate(kernels)) {
    os << "<tr class=\"kernel\" id=\"kernel-" << i << "\"><td class=\"num\">"
       << i << "</td><td>";
    if (k.nodes.size() <= 3) {
      for (auto [j, n] : llvm::enumerate(k.nodes))
        os << (j ? "<br>" : "") << escape(n);
      if (k.nodes.empty())
        os << escape(k.name);
    } else {
      os << "<details><summary>" << escape(k.nodes.front()) << " +"
         << k.nodes.size() - 1 << " more</summary>";
      for (auto [j, n] : llvm::enumerate(k.nodes))
        os << (j ? "<br>" : "") << escape(n);
      os << "</details>";
    }
    os << "</td><td>";
    for (auto [j, w] : llvm::enumerate(k.writes))
      os << (j ? "<br>" : "") << escape(buffers[w].type);
    os << "</td><td class=\"num\">" << flopsText(k.flops, k.flopsKnown)
       << "</td><td>" << bar(double(k.flops) / maxFlops, "#4a7ebb")
       << "</td><td class=\"num\">" << bytesText(kernelRead[i])
       << "</td><td class=\"num\">" << bytesText(kernelWritten[i])
       << "</td><td class=\"num\">"
       << (kernelWeights[i] ? bytesText(kernelWeights[i]) : "") << "</td>";
    if (profiled) {
      if (k.ms >= 0)
        os << llvm::formatv("<td class=\"num\">{0:F4}</td>"
                            "<td class=\"num\">{1:F1}%</td><td>{2}</td>",
                            k.ms, totalMs > 0 ? 100 * k.ms / totalMs : 0.0,
                            bar(maxMs > 0 ? k.ms / maxMs : 0, "#c0504d"));
      else
        os << "<td class=\"num\">?</td><td></td><td></td>";
    }
    os << "</tr>\n";
  }
  os << "</table>\n";

  // The workspace plan: buffers over kernels (x) against offsets (y).
  os << "<h2 id=\"workspace\">Workspace plan</h2>\n";
  std::vector<size_t> planned;
  int64_t unplaced = 0, top = 1;
  for (auto [i, b] : llvm::enumerate(buffers)) {
    if (b.kind != "workspace" || b.first < 0)
      continue;
    if (b.offset < 0 || b.bytes < 0) {
      ++unplaced;
      continue;
    }
    planned.push_back(i);
    top = std::max(top, b.offset + b.bytes);
  }
  top = std::max(top, model.interface.workspaceSize);
  os << "<p>Each rectangle is an intermediate buffer: from the first kernel "
        "that touches it to the last (x), at its offset in the workspace "
        "(y). Buffers whose lifetimes do not overlap share bytes. "
     << planned.size() << " buffers in " << bytesText(top) << ".";
  if (unplaced)
    os << " " << unplaced
       << " buffers with offsets or sizes known only at run time are not "
          "drawn.";
  os << "</p>\n";
  {
    const double width = 900, height = 360, left = 70, bottom = 24;
    double kernelWidth =
        (width - left - 10) / std::max<size_t>(kernels.size(), 1);
    double scale = (height - bottom - 10) / double(top);
    os << llvm::formatv("<svg class=\"plan\" width=\"{0}\" height=\"{1}\" "
                        "xmlns=\"http://www.w3.org/2000/svg\">\n",
                        width, height);
    os << llvm::formatv("<rect x=\"{0}\" y=\"10\" width=\"{1}\" height=\"{2}\" "
                        "fill=\"#fafafa\" stroke=\"#999\"/>\n",
                        left, width - left - 10, height - bottom - 10);
    for (size_t i : planned) {
      const ReportBuffer &b = buffers[i];
      double x = left + b.first * kernelWidth;
      double w = std::max(1.0, (b.last - b.first + 1) * kernelWidth);
      // At least a pixel high, within the plot.
      double h = std::max(1.0, b.bytes * scale);
      double y = std::min(height - bottom - (b.offset + b.bytes) * scale,
                          height - bottom - h);
      unsigned hue = (i * 47) % 360;
      os << llvm::formatv(
          "<rect class=\"buffer\" x=\"{0:F1}\" y=\"{1:F1}\" width=\"{2:F1}\" "
          "height=\"{3:F1}\" fill=\"hsl({4},60%,65%)\" stroke=\"#555\" "
          "stroke-width=\"0.3\"><title>buffer {5}: {6}, {7} at offset {8}, "
          "kernels {9} to {10}</title></rect>\n",
          x, y, w, h, hue, i, escape(b.type), bytesText(b.bytes), b.offset,
          b.first, b.last);
    }
    os << llvm::formatv("<text x=\"{0}\" y=\"{1}\">kernel 0</text>"
                        "<text x=\"{2}\" y=\"{1}\" text-anchor=\"end\">"
                        "kernel {3}</text>\n",
                        left, height - 8, width - 10,
                        kernels.empty() ? 0 : kernels.size() - 1);
    os << llvm::formatv("<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\">0</text>"
                        "<text x=\"{0}\" y=\"20\" text-anchor=\"end\">{2}"
                        "</text>\n",
                        left - 4, height - bottom, escape(bytesText(top)));
    os << "</svg>\n";
  }

  // Weights by kernel, largest first.
  os << "<h2 id=\"weights\">Weights by kernel</h2>\n";
  std::vector<size_t> order;
  for (size_t i = 0; i < kernels.size(); ++i)
    if (kernelWeights[i] > 0)
      order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return kernelWeights[a] > kernelWeights[b];
  });
  os << "<p>" << bytesText(weights) << " of weights (read-only data of the "
     << "object) in " << order.size() << " kernels.</p>\n"
     << "<table class=\"weights\">\n<tr><th class=\"num\">#</th><th>ONNX "
        "nodes</th><th class=\"num\">bytes</th><th class=\"num\">share</th>"
        "<th></th></tr>\n";
  for (size_t i : order)
    os << "<tr><td class=\"num\"><a href=\"#kernel-" << i << "\">" << i
       << "</a></td><td>" << escape(kernels[i].name)
       << "</td><td class=\"num\">" << bytesText(kernelWeights[i])
       << "</td><td class=\"num\">"
       << llvm::formatv("{0:F1}%",
                        weights ? 100.0 * kernelWeights[i] / weights : 0.0)
       << "</td><td>" << bar(double(kernelWeights[i]) / maxWeights, "#9bbb59")
       << "</td></tr>\n";
  os << "</table>\n</body>\n</html>\n";
  file.keep();
  return success();
}
