  ;; sself: ref-fvm's `fil-sself-actor` (fvm@v4.8.2:testing/test_actors/actors/fil-sself-actor/
  ;; src/actor.rs), the same calls in the same order; a failed assertion exits 24 (the Rust actor
  ;; panics after `sdk::initialize`). Errors: IllegalOperation 2 (the SDK's UnspentFunds,
  ;; StateReadError and ActorDeleted for these calls).
  ;; 1000: the expected first root, CIDv1 DAG-CBOR blake2b-256 of the empty array (the test passes
  ;; it as {{empty_root}}); 1100: "foo".
  (data (i32.const 1000) "{{empty_root}}")
  (data (i32.const 1100) "foo")

  ;; self.root into 1200; asserts that it is the $len-byte CID at $expected.
  (func $root_is (param $expected i32) (param $len i32)
    (call $expect (call $self.root (i32.const 0) (i32.const 1200) (i32.const 100)) (i32.const 0))
    (call $assert (i32.eq (i32.load (i32.const 0)) (local.get $len)))
    (call $assert (call $eq (i32.const 1200) (local.get $expected) (local.get $len))))

  ;; self.current_balance: the low 64 bits (asserts the high ones are 0).
  (func $balance (result i64)
    (call $expect (call $self.current_balance (i32.const 0)) (i32.const 0))
    (call $assert (i64.eqz (i64.load offset=8 (i32.const 0))))
    (i64.load (i32.const 0)))

  (func (export "invoke") (param i32) (result i32)
    ;; not read-only (message context flags, bit 0)
    (call $ctx)
    (call $assert (i64.eqz (i64.and (i64.load offset=72 (i32.const 128)) (i64.const 1))))
    (call $root_is (i32.const 1000) (i32.const 38))
    ;; put(RAW "foo") = create + link (blake2b-256); set_root; root is it
    (call $expect (call $ipld.block_link (i32.const 0) (call $create (i64.const 0x55) (i32.const 1100) (i32.const 3)) (i64.const 0xb220) (i32.const 32) (i32.const 1300) (i32.const 100)) (i32.const 0))
    (call $expect (call $self.set_root (i32.const 1300)) (i32.const 0))
    (call $root_is (i32.const 1300) (i32.const 38))
    (call $assert (i64.eq (call $balance) (i64.const 1000000000000000)))
    ;; self_destruct(false) with funds: IllegalOperation
    (call $expect (call $self.self_destruct (i32.const 0)) (i32.const 2))
    (call $expect (call $self.self_destruct (i32.const 1)) (i32.const 0))
    ;; deleted: root and set_root fail with IllegalOperation, the balance is 0
    (call $expect (call $self.root (i32.const 0) (i32.const 1200) (i32.const 100)) (i32.const 2))
    (call $expect (call $self.set_root (i32.const 1300)) (i32.const 2))
    (call $assert (i64.eqz (call $balance)))
    ;; deleting again is a no-op
    (call $expect (call $self.self_destruct (i32.const 0)) (i32.const 0))
    (i32.const 0))
