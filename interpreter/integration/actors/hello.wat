  ;; hello: ref-fvm's `fil-hello-world-actor` (fvm@v4.8.2:testing/test_actors/actors/
  ;; fil-hello-world-actor/src/lib.rs): `invoke` aborts with FIRST_USER_EXIT_CODE (16) and the
  ;; message "sample abort" (`sdk::vm::abort` = vm.exit with no block).
  (data (i32.const 1024) "sample abort")
  (func (export "invoke") (param i32) (result i32)
    (drop (call $vm.exit (i32.const 16) (i32.const 0) (i32.const 1024) (i32.const 12)))
    unreachable)
