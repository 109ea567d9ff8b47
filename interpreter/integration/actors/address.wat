  ;; address: ref-fvm's `fil-address-actor` (fvm@v4.8.2:testing/test_actors/actors/
  ;; fil-address-actor/src/actor.rs), methods 2–5 (the test does not call 1); a failed assertion
  ;; exits 24. 1000: the secp256k1 address of 65 zero bytes ({{account}}, 21 bytes); 1030:
  ;; f4(10, "foobar") (8 bytes); 1040: f4(999, "foobar") (9 bytes). NotFound is errno 6.
  (data (i32.const 1000) "{{account}}")
  (data (i32.const 1030) "\04\0afoobar")
  (data (i32.const 1040) "\04\e7\07foobar")

  ;; actor.resolve_address → the id (asserts success).
  (func $resolve (param $a i32) (param $len i32) (result i64)
    (call $expect (call $actor.resolve_address (i32.const 0) (local.get $a) (local.get $len)) (i32.const 0))
    (i64.load (i32.const 0)))

  ;; actor.lookup_delegated_address of $id into 1100 → its length (0: none).
  (func $delegated (param $id i64) (result i32)
    (call $expect (call $actor.lookup_delegated_address (i32.const 0) (local.get $id) (i32.const 1100) (i32.const 100)) (i32.const 0))
    (i32.load (i32.const 0)))

  (func (export "invoke") (param i32) (result i32)
    (local $m i64)
    (local.set $m (call $method))
    (block $done
      (if (i64.eq (local.get $m) (i64.const 2))
        (then
          (call $expect (call $send_value (i32.const 1000) (i32.const 21) (i64.const 0) (i64.const 0)) (i32.const 0))
          (call $assert (i32.eqz (i32.load (i32.const 0))))
          (call $assert (i32.eqz (call $delegated (call $resolve (i32.const 1000) (i32.const 21)))))
          (br $done)))
      (if (i64.eq (local.get $m) (i64.const 3))
        (then
          (call $expect (call $send_value (i32.const 1030) (i32.const 8) (i64.const 0) (i64.const 0)) (i32.const 0))
          (call $assert (i32.eqz (i32.load (i32.const 0))))
          (call $assert (i32.eq (call $delegated (call $resolve (i32.const 1030) (i32.const 8))) (i32.const 8)))
          (call $assert (call $eq (i32.const 1100) (i32.const 1030) (i32.const 8)))
          (br $done)))
      (if (i64.eq (local.get $m) (i64.const 4))
        (then
          (call $expect (call $send_value (i32.const 1040) (i32.const 9) (i64.const 0) (i64.const 0)) (i32.const 6))
          (br $done)))
      (if (i64.eq (local.get $m) (i64.const 5))
        (then (call $assert (i32.eqz (call $delegated (i64.const 0)))) (br $done)))
      (call $exit (i32.const 22)))
    (i32.const 0))
