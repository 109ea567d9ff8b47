  ;; malformed-syscall: ref-fvm's `fil-malformed-syscall-actor` (fvm@v4.8.2:testing/test_actors/
  ;; actors/fil-malformed-syscall-actor/src/lib.rs): calls
  ;; crypto.compute_unsealed_sector_cid(proof 100000, pieces, 100000, cid, 100000) and panics on
  ;; the error. The Rust actor does not call `sdk::initialize`, so its panic is a wasm trap
  ;; (`unreachable`), exit 4. Method 2 (not in ref-fvm's actor) makes the same call and exits with
  ;; 0x100 + the error number instead, so that the error itself can be observed: ref-fvm's test
  ;; reads it from the backtrace's cause (`last_error`), which is not part of the receipt.
  (func (export "invoke") (param i32) (result i32)
    (local $e i32)
    (local.set $e (call $crypto.compute_unsealed_sector_cid (i32.const 0) (i64.const 100000) (i32.const 1024) (i32.const 100000) (i32.const 1024) (i32.const 100000)))
    (if (i64.eq (call $method) (i64.const 2)) (then (call $exit (i32.add (i32.const 0x100) (local.get $e)))))
    (if (local.get $e) (then unreachable))
    (i32.const 0))
