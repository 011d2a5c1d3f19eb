//===- FuzzInput.h - where the fuzzers write their inputs -------*- C++ -*-===//
//
// Part of modelc. The readers under test take file paths: each fuzzer
// writes its input to one file in a fresh folder of its own process, so
// that what the input refers to (external data) can only be files the
// fuzzer wrote.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_SANITIZERS_FUZZINPUT_H
#define MODELC_SANITIZERS_FUZZINPUT_H

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace modelc_fuzz {

/// A file in a folder of its own, both removed when the process exits.
struct InputFile {
  InputFile(const char *prefix, const char *fileName) {
    if (llvm::sys::fs::createUniqueDirectory(prefix, dir)) {
      llvm::errs() << prefix << ": cannot create a temporary folder\n";
      std::abort();
    }
    llvm::SmallString<128> file(dir);
    llvm::sys::path::append(file, fileName);
    path = std::string(file);
  }
  ~InputFile() {
    llvm::sys::fs::remove(path);
    llvm::sys::fs::remove(dir);
  }
  llvm::SmallString<128> dir;
  std::string path;
};

/// Writes DATA to FILENAME in this process's folder (created at the first
/// call, named after PREFIX) and returns its path; aborts where it cannot.
inline const std::string &writeInput(const char *prefix, const char *fileName,
                                     const uint8_t *data, size_t size) {
  static InputFile input(prefix, fileName);
  std::error_code ec;
  llvm::raw_fd_ostream out(input.path, ec);
  if (ec)
    std::abort();
  out.write(reinterpret_cast<const char *>(data), size);
  return input.path;
}

} // namespace modelc_fuzz

#endif // MODELC_SANITIZERS_FUZZINPUT_H
