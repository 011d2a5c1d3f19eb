#!/usr/bin/python3
"""The `install-package` test: modelc installed, moved and packaged works as
a user's copy would.

1. `cmake --install BUILD --prefix WORK/staged`, then the prefix is moved to
   WORK/moved (an installed tree must not depend on where it was put);
2. the moved tree holds the tools, the runtime and its header, the CMake
   package and the documentation; its modelc compiles a model into a static
   library with its own runtime (no build tree involved: the build tree's
   path does not appear in what the installed files say);
3. the CMake consumer (test/cmake/consumer, through run_consumer.cmake) and
   the spam filter example (from the copy under share/doc/modelc/examples)
   build against the moved tree's package and run;
4. `cpack -G DEB` builds a .deb whose control file names the dependencies
   and whose files, unpacked anywhere, are the same installed tree (the
   consumer builds against the unpacked copy too).

    install_test.py --build BUILD --work DIR [--cmake cmake] [--cpack cpack]
                    [--generator Ninja]
"""

import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
sys.dont_write_bytecode = True
from modelc_testing import Checks, run_command as run  # noqa: E402

check = Checks()



EXPECTED = [
    "bin/modelc", "bin/modelc-run", "bin/modelc-opt",
    "lib/libmodelc_runtime.a", "include/modelc/runtime.h",
    "lib/cmake/modelc/modelcConfig.cmake",
    "lib/cmake/modelc/modelcConfigVersion.cmake",
    "lib/cmake/modelc/modelcTargets.cmake",
    "lib/cmake/modelc/ModelcAddModel.cmake",
    "share/doc/modelc/README.md", "share/doc/modelc/user-guide.md",
    "share/doc/modelc/cli.md", "share/doc/modelc/runtime.md",
    "share/doc/modelc/generated/modelc-help.txt",
    "share/doc/modelc/examples/spam_filter/spam_filter.onnx",
    "share/doc/modelc/examples/spam_filter/CMakeLists.txt",
    "share/doc/modelc/examples/fashion_mnist/fashion_cnn.onnx",
]


def check_tree(prefix, what):
    missing = [p for p in EXPECTED if not os.path.exists(
        os.path.join(prefix, p))]
    check(not missing, f"{what} holds the tools, runtime, header, CMake "
          "package, docs and examples" +
          (f"; missing {', '.join(missing)}" if missing else ""))


def check_no_build_paths(prefix, build):
    """No text file of the tree names the build or staging folder."""
    bad = []
    for folder, _, names in os.walk(prefix):
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith((".cmake", ".h", ".txt", ".md")):
                with open(path, "rb") as f:
                    data = f.read()
                if build.encode() in data:
                    bad.append(os.path.relpath(path, prefix))
    check(not bad, "no installed file refers to the build tree" +
          (f" ({', '.join(bad)})" if bad else ""))


def consumer(args, modelc_dir, work):
    run([args.cmake, f"-DMODELC_DIR={modelc_dir}",
         f"-DSOURCE_DIR={os.path.join(HERE, 'consumer')}",
         f"-DWORK_DIR={work}",
         f"-DMODEL={os.path.join(SOURCE, 'examples/fashion_mnist/fashion_cnn.onnx')}",
         f"-DTABLE={os.path.join(SOURCE, 'examples/fashion_mnist/fashion_cnn.calib.json')}",
         f"-DGENERATOR={args.generator}",
         "-P", os.path.join(HERE, "run_consumer.cmake")])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--cmake", default="cmake")
    parser.add_argument("--cpack", default="cpack")
    parser.add_argument("--generator", default="")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    # 1. Install, then move.
    staged = os.path.join(work, "staged")
    moved = os.path.join(work, "moved")
    run([args.cmake, "--install", build, "--prefix", staged])
    os.rename(staged, moved)
    check_tree(moved, "the moved prefix")
    check_no_build_paths(moved, build)
    check_no_build_paths(moved, staged)

    # 2. The moved modelc compiles a model to a library with its runtime.
    modelc = os.path.join(moved, "bin", "modelc")
    out = run([modelc, "--version"])
    check(out.startswith("modelc version "), "the moved modelc runs: "
          + out.splitlines()[0])
    lib_dir = os.path.join(work, "lib")
    os.makedirs(lib_dir)
    run([modelc, os.path.join(SOURCE, "examples/spam_filter/spam_filter.onnx"),
         "--shape", "message=1x3072", "--emit=lib",
         "-o", os.path.join(lib_dir, "spam")])
    members = run(["ar", "t", os.path.join(lib_dir, "libspam.a")])
    check("spam.o" in members and len(members.split()) > 1,
          "modelc --emit=lib bundles the moved runtime's objects "
          f"({len(members.split())} members)")

    # The runtimes for other targets (MODELC_RUNTIME_TARGETS) come along,
    # and the moved modelc picks the one --target names.
    triples = sorted(d for d in os.listdir(os.path.join(build, "lib"))
                     if os.path.exists(os.path.join(build, "lib", d,
                                                    "libmodelc_runtime.a")))
    for triple in triples:
        check(os.path.exists(os.path.join(moved, "lib", triple,
                                          "libmodelc_runtime.a")) and
              os.path.exists(os.path.join(moved, "share", "modelc",
                                          "toolchains", triple + ".cmake")),
              f"the runtime and toolchain file for {triple} are installed")
        out_dir = os.path.join(work, "lib-" + triple)
        os.makedirs(out_dir)
        run([modelc, os.path.join(SOURCE, "examples/fashion_mnist/fashion_cnn.onnx"),
             f"--target={triple}", "--mcpu=generic", "--emit=lib",
             "-o", os.path.join(out_dir, "fashion")])
        listing = run(["objdump", "-a", os.path.join(out_dir, "libfashion.a")])
        arch = triple.split("-")[0]
        check(arch in listing and "x86-64" not in listing,
              f"modelc --target={triple} bundles the {triple} runtime")

    # 3. The consumer and the spam filter against the moved package.
    package = os.path.join(moved, "lib", "cmake", "modelc")
    consumer(args, package, os.path.join(work, "consumer"))
    check(True, "the CMake consumer builds and runs against the moved tree")
    spam_build = os.path.join(work, "spam_filter")
    configure = [args.cmake, "-S",
                 os.path.join(moved, "share/doc/modelc/examples/spam_filter"),
                 "-B", spam_build, f"-Dmodelc_DIR={package}",
                 "-DCMAKE_BUILD_TYPE=Release"]
    if args.generator:
        configure += ["-G", args.generator]
    run(configure)
    run([args.cmake, "--build", spam_build])
    messages = []
    for name, text in (("ham.eml", "Subject: lunch\nFrom: a@b\n\nSee you at "
                        "noon.\n"),
                       ("offer.eml", "Subject: FREE $$$ click here NOW\n\n"
                        "Click here to remove yourself. Guaranteed!!!\n")):
        path = os.path.join(work, name)
        with open(path, "w") as f:
            f.write(text)
        messages.append(path)
    out = run([os.path.join(spam_build, "spam-filter")] + messages)
    lines = [l.split("\t") for l in out.splitlines() if "\t" in l]
    check(len(lines) == 2 and all(len(l) == 3 and l[2] in
                                  ("junk", "flagged", "inbox") for l in lines),
          "the spam filter builds from the installed example and scores "
          "messages")

    # 4. The .deb.
    deb_dir = os.path.join(work, "deb")
    run([args.cpack, "-G", "DEB", "-B", deb_dir,
         "--config", os.path.join(build, "CPackConfig.cmake")])
    debs = [f for f in os.listdir(deb_dir) if f.endswith(".deb")]
    if check(len(debs) == 1, f"cpack -G DEB wrote one .deb ({debs})"):
        deb = os.path.join(deb_dir, debs[0])
        depends = run(["dpkg-deb", "-f", deb, "Depends"])
        check("libmlir-19" in depends and "libllvm19" in depends,
              f"the .deb depends on {depends.strip()}")
        root = os.path.join(work, "deb-root")
        run(["dpkg-deb", "-x", deb, root])
        check_tree(os.path.join(root, "usr"), "the .deb's /usr")
        consumer(args, os.path.join(root, "usr", "lib", "cmake", "modelc"),
                 os.path.join(work, "deb-consumer"))
        check(True, "the CMake consumer builds and runs against the unpacked "
              ".deb")

    return check.exit_status("install-package")


if __name__ == "__main__":
    sys.exit(main())
