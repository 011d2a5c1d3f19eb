// RUN: modelc-opt %s -modelc-lower-checks -split-input-file -verify-diagnostics

func.func @in_branch(%c: i1, %ok: i1) {
  scf.if %c {
    // expected-error @below {{a run-time check inside a loop or a nested region is not supported}}
    modelc.check %ok, "inside a branch"
  }
  return
}

// -----

// expected-error @below {{modelc-lower-checks needs an entry function without results}}
func.func @with_results(%ok: i1) -> i1 {
  modelc.check %ok, "too early"
  return %ok : i1
}
