  ;; create: method 2 of ref-fvm's `fil-create-actor` (fvm@v4.8.2:testing/test_actors/actors/
  ;; fil-create-actor/src/actor.rs): an actor other than the init actor creates a multisig at
  ;; f01000 and an account at f01001 (delegated address: the secp256k1 address of 65 zero bytes,
  ;; {{account}}); both are Forbidden (11). (Method 1 needs ref-fvm's `testing` feature, which
  ;; lets f098 create actors; production does not have it.) Builtin types: Multisig 9, Account 4.
  (data (i32.const 1000) "{{account}}")
  (func (export "invoke") (param i32) (result i32)
    (call $assert (i64.eq (call $method) (i64.const 2)))
    (call $expect (call $actor.get_code_cid_for_type (i32.const 0) (i32.const 9) (i32.const 1100) (i32.const 100)) (i32.const 0))
    (call $expect (call $actor.create_actor (i64.const 1000) (i32.const 1100) (i32.const 0) (i32.const 0)) (i32.const 11))
    (call $expect (call $actor.get_code_cid_for_type (i32.const 0) (i32.const 4) (i32.const 1100) (i32.const 100)) (i32.const 0))
    (call $expect (call $actor.create_actor (i64.const 1001) (i32.const 1100) (i32.const 1000) (i32.const 21)) (i32.const 11))
    (i32.const 0))
