  ;; exit-data: ref-fvm's `fil-exit-data-actor` (fvm@v4.8.2:testing/test_actors/actors/
  ;; fil-exit-data-actor/src/actor.rs): `invoke` always calls vm.exit with a CBOR block of the bytes
  ;; 01 02 03 03 07 and no message; the code is 0 for methods 0–2, else 0x42.
  (data (i32.const 1024) "\01\02\03\03\07")
  (func (export "invoke") (param i32) (result i32)
    (drop (call $vm.exit
      (select (i32.const 0) (i32.const 0x42) (i64.le_u (call $method) (i64.const 2)))
      (call $create (i64.const 0x51) (i32.const 1024) (i32.const 5))
      (i32.const 0) (i32.const 0)))
    unreachable)
