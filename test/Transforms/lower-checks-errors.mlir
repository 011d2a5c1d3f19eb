// RUN: modelc-opt %s -modelc-lower-checks -split-input-file -verify-diagnostics

func.func @in_loop(%n: index, %ok: i1) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %n step %c1 {
    // expected-error @below {{a run-time check inside a loop or a nested region is not supported}}
    modelc.check %ok, "inside a loop"
  }
  return
}

// -----

// expected-error @below {{modelc-lower-checks needs an entry function without results}}
func.func @with_results(%ok: i1) -> i1 {
  modelc.check %ok, "too early"
  return %ok : i1
}
