  ;; syscalls: ref-fvm's `fil-syscall-actor` (fvm@v4.8.2:testing/test_actors/actors/
  ;; fil-syscall-actor/src/actor.rs), both of its builds in one actor: signatures are checked with
  ;; `crypto.verify_signature` (the build with the `verify-signature` SDK feature, ref-fvm's
  ;; SYSCALL_ACTOR_BINARY_FIP0079) and as the default SDK does without it (secp256k1: recover the
  ;; key from blake2b-256 of the message and compare the address; BLS: `verify_bls_aggregate` of
  ;; one key). The data are the Rust actor's (passed in as {{…}}); where the Rust actor hashes
  ;; inside wasm to compare with the syscall, the expected digests are computed by the test with
  ;; @noble/hashes and passed in. A failed assertion exits 24. Errors: IllegalArgument 1,
  ;; NotFound 6.
  (data (i32.const 1000) "{{secp_sig}}")
  (data (i32.const 1100) "{{secp_pub}}")
  (data (i32.const 1200) "\03\01\04\01\05\09\02\06\05\03")
  (data (i32.const 1220) "{{secp_addr}}")
  (data (i32.const 1250) "{{secp_addr_bad}}")
  (data (i32.const 1280) "{{bls_pub}}")
  (data (i32.const 1330) "{{bls_sig}}")
  (data (i32.const 1430) "\00\01\02\03\04\05\06\07\08\09")
  (data (i32.const 1450) "{{bls_addr}}")
  (data (i32.const 1500) "{{bls_other_g2}}")
  (data (i32.const 1600) "{{bls_other_g1}}")
  (data (i32.const 1650) "{{bls_addr_bad}}")
  (data (i32.const 2000) "{{agg_ok}}")
  (data (i32.const 2400) "{{agg_bad_sig}}")
  (data (i32.const 2800) "{{agg_bad_key}}")
  (data (i32.const 3200) "{{agg_bad_msg}}")
  (data (i32.const 3600) "foo bar baz boxy")
  (data (i32.const 3700) "{{h_blake2b256}}")
  (data (i32.const 3740) "{{h_blake2b512}}")
  (data (i32.const 3810) "{{h_sha256}}")
  (data (i32.const 3850) "{{h_keccak256}}")
  (data (i32.const 3890) "{{h_ripemd160}}")
  (data (i32.const 4000) "the quick fox jumped over the lazy dog")
  (data (i32.const 4100) "{{h_quick_sha256}}")
  (data (i32.const 4400) "\80") ;; the empty piece list

  ;; crypto.verify_signature → 1 valid, 0 invalid (asserts errno 0).
  (func $verify (param $type i32) (param $sig i32) (param $sig_len i32) (param $addr i32) (param $addr_len i32) (param $msg i32) (param $msg_len i32) (result i32)
    (call $expect (call $crypto.verify_signature (i32.const 0) (local.get $type) (local.get $sig) (local.get $sig_len) (local.get $addr) (local.get $addr_len) (local.get $msg) (local.get $msg_len)) (i32.const 0))
    (i32.eqz (i32.load (i32.const 0))))

  ;; crypto.verify_bls_aggregate → 1 valid, 0 invalid (asserts errno 0).
  (func $aggregate (param $n i32) (param $sig i32) (param $keys i32) (param $texts i32) (param $lens i32) (result i32)
    (call $expect (call $crypto.verify_bls_aggregate (i32.const 0) (local.get $n) (local.get $sig) (local.get $keys) (local.get $texts) (local.get $lens)) (i32.const 0))
    (i32.eqz (i32.load (i32.const 0))))

  ;; An aggregate laid out at $base as blsAggregateLayout does: sig, 3 keys, 3 lens, the messages.
  (func $aggregate3 (param $base i32) (result i32)
    (call $aggregate (i32.const 3) (local.get $base) (i32.add (local.get $base) (i32.const 96))
      (i32.add (local.get $base) (i32.const 252)) (i32.add (local.get $base) (i32.const 240))))

  ;; The default SDK's secp256k1 check: recover from blake2b-256(msg), compare with the key at $pub.
  (func $secp_by_recovery (param $sig i32) (param $pub i32) (param $msg i32) (param $msg_len i32) (result i32)
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0xb220) (local.get $msg) (local.get $msg_len) (i32.const 5000) (i32.const 32)) (i32.const 0))
    (if (call $crypto.recover_secp_public_key (i32.const 5100) (i32.const 5000) (local.get $sig)) (then (return (i32.const 0))))
    (call $eq (i32.const 5100) (local.get $pub) (i32.const 65)))

  (func $test_secp_signature
    (call $assert (call $verify (i32.const 1) (i32.const 1000) (i32.const 65) (i32.const 1220) (i32.const 21) (i32.const 1200) (i32.const 10)))
    (call $assert (call $secp_by_recovery (i32.const 1000) (i32.const 1100) (i32.const 1200) (i32.const 10)))
    ;; signature byte 0 + 1
    (i32.store8 (i32.const 1000) (i32.add (i32.load8_u (i32.const 1000)) (i32.const 1)))
    (call $assert (i32.eqz (call $verify (i32.const 1) (i32.const 1000) (i32.const 65) (i32.const 1220) (i32.const 21) (i32.const 1200) (i32.const 10))))
    (call $assert (i32.eqz (call $secp_by_recovery (i32.const 1000) (i32.const 1100) (i32.const 1200) (i32.const 10))))
    (i32.store8 (i32.const 1000) (i32.sub (i32.load8_u (i32.const 1000)) (i32.const 1)))
    ;; another address (public key byte 0 + 1)
    (call $assert (i32.eqz (call $verify (i32.const 1) (i32.const 1000) (i32.const 65) (i32.const 1250) (i32.const 21) (i32.const 1200) (i32.const 10))))
    ;; message byte 0 + 1
    (i32.store8 (i32.const 1200) (i32.const 4))
    (call $assert (i32.eqz (call $verify (i32.const 1) (i32.const 1000) (i32.const 65) (i32.const 1220) (i32.const 21) (i32.const 1200) (i32.const 10))))
    (call $assert (i32.eqz (call $secp_by_recovery (i32.const 1000) (i32.const 1100) (i32.const 1200) (i32.const 10))))
    (i32.store8 (i32.const 1200) (i32.const 3))
    ;; invalid signature type; signer address pointer u32::MAX
    (call $expect (call $crypto.verify_signature (i32.const 0) (i32.const -1) (i32.const 1000) (i32.const 65) (i32.const 1220) (i32.const 21) (i32.const 1200) (i32.const 10)) (i32.const 1))
    (call $expect (call $crypto.verify_signature (i32.const 0) (i32.const 1) (i32.const 1000) (i32.const 65) (i32.const -1) (i32.const 21) (i32.const 1200) (i32.const 10)) (i32.const 1))
    ;; recover: the key; a signature pointer of u32::MAX is IllegalArgument
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0xb220) (i32.const 1200) (i32.const 10) (i32.const 5000) (i32.const 32)) (i32.const 0))
    (call $expect (call $crypto.recover_secp_public_key (i32.const 5100) (i32.const 5000) (i32.const 1000)) (i32.const 0))
    (call $assert (call $eq (i32.const 5100) (i32.const 1100) (i32.const 65)))
    (call $expect (call $crypto.recover_secp_public_key (i32.const 5100) (i32.const 5000) (i32.const -1)) (i32.const 1)))

  (func $test_bls_signature
    (call $assert (call $verify (i32.const 2) (i32.const 1330) (i32.const 96) (i32.const 1450) (i32.const 49) (i32.const 1430) (i32.const 10)))
    (call $assert (i32.eqz (call $verify (i32.const 2) (i32.const 1500) (i32.const 96) (i32.const 1450) (i32.const 49) (i32.const 1430) (i32.const 10))))
    (call $assert (i32.eqz (call $verify (i32.const 2) (i32.const 1330) (i32.const 96) (i32.const 1650) (i32.const 49) (i32.const 1430) (i32.const 10))))
    ;; the default SDK's way: an aggregate of one (the length 10 at 5200)
    (i32.store (i32.const 5200) (i32.const 10))
    (call $assert (call $aggregate (i32.const 1) (i32.const 1330) (i32.const 1280) (i32.const 1430) (i32.const 5200)))
    (call $assert (i32.eqz (call $aggregate (i32.const 1) (i32.const 1500) (i32.const 1280) (i32.const 1430) (i32.const 5200))))
    (call $assert (i32.eqz (call $aggregate (i32.const 1) (i32.const 1330) (i32.const 1600) (i32.const 1430) (i32.const 5200))))
    ;; message byte 0 + 1
    (i32.store8 (i32.const 1430) (i32.const 1))
    (call $assert (i32.eqz (call $verify (i32.const 2) (i32.const 1330) (i32.const 96) (i32.const 1450) (i32.const 49) (i32.const 1430) (i32.const 10))))
    (call $assert (i32.eqz (call $aggregate (i32.const 1) (i32.const 1330) (i32.const 1280) (i32.const 1430) (i32.const 5200))))
    (i32.store8 (i32.const 1430) (i32.const 0)))

  (func $test_bls_aggregate
    (call $assert (call $aggregate3 (i32.const 2000)))
    (call $assert (i32.eqz (call $aggregate3 (i32.const 2400))))
    (call $assert (i32.eqz (call $aggregate3 (i32.const 2800))))
    ;; the first message replaced by [11, 22, 33, 44]: lengths 4, 10, 10
    (call $assert (i32.eqz (call $aggregate (i32.const 3) (i32.const 3200) (i32.add (i32.const 3200) (i32.const 96))
      (i32.add (i32.const 3200) (i32.const 252)) (i32.add (i32.const 3200) (i32.const 240))))))

  ;; crypto.hash of 16 bytes at 3600 with $code into 5000 (64-byte buffer); compares $len bytes with $expected.
  (func $hash_is (param $code i64) (param $expected i32) (param $len i32)
    (call $expect (call $crypto.hash (i32.const 0) (local.get $code) (i32.const 3600) (i32.const 16) (i32.const 5000) (i32.const 64)) (i32.const 0))
    (call $assert (i32.eq (i32.load (i32.const 0)) (local.get $len)))
    (call $assert (call $eq (i32.const 5000) (local.get $expected) (local.get $len))))

  (func $test_expected_hash
    (call $hash_is (i64.const 0xb220) (i32.const 3700) (i32.const 32))
    (call $hash_is (i64.const 0xb240) (i32.const 3740) (i32.const 64))
    (call $hash_is (i64.const 0x12) (i32.const 3810) (i32.const 32))
    (call $hash_is (i64.const 0x1b) (i32.const 3850) (i32.const 32))
    (call $hash_is (i64.const 0x1053) (i32.const 3890) (i32.const 20)))

  (func $test_hash_syscall
    ;; normal case
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0x12) (i32.const 4000) (i32.const 38) (i32.const 4200) (i32.const 64)) (i32.const 0))
    (call $assert (i32.eq (i32.load (i32.const 0)) (i32.const 32)))
    (call $assert (call $eq (i32.const 4200) (i32.const 4100) (i32.const 32)))
    ;; invalid code; data pointer, data length, digest pointer, digest length out of bounds
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0xff) (i32.const 4000) (i32.const 38) (i32.const 4200) (i32.const 64)) (i32.const 1))
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0x12) (i32.const -1) (i32.const 38) (i32.const 4200) (i32.const 64)) (i32.const 1))
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0x12) (i32.const 4000) (i32.const 0x7fffffff) (i32.const 4200) (i32.const 64)) (i32.const 1))
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0x12) (i32.const 4000) (i32.const 38) (i32.const -1) (i32.const 64)) (i32.const 1))
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0x12) (i32.const 4000) (i32.const 38) (i32.const 4200) (i32.const 0x7fffffff)) (i32.const 1))
    ;; overlapping input and output
    (memory.fill (i32.const 4200) (i32.const 0x69) (i32.const 64))
    (memory.copy (i32.const 4200) (i32.const 4000) (i32.const 38))
    (call $expect (call $crypto.hash (i32.const 0) (i64.const 0x12) (i32.const 4200) (i32.const 38) (i32.const 4200) (i32.const 64)) (i32.const 0))
    (call $assert (call $eq (i32.const 4200) (i32.const 4100) (i32.const 32))))

  (func $test_compute_unsealed_sector_cid
    (call $expect (call $crypto.compute_unsealed_sector_cid (i32.const 0) (i64.const 0) (i32.const 4400) (i32.const 1) (i32.const 4500) (i32.const 100)) (i32.const 0))
    (call $expect (call $crypto.compute_unsealed_sector_cid (i32.const 0) (i64.const 999) (i32.const 4400) (i32.const 0) (i32.const 4500) (i32.const 0)) (i32.const 1)))

  ;; NetworkContext {epoch i64, timestamp u64, base_fee u128, chain_id u64, network_version u32}.
  (func $test_network_context
    (call $expect (call $network.context (i32.const 4600)) (i32.const 0))
    (call $assert (i64.eqz (i64.load (i32.const 4600))))
    (call $assert (i64.eqz (i64.load offset=8 (i32.const 4600))))
    (call $assert (i64.eq (i64.load offset=16 (i32.const 4600)) (i64.const 100)))
    (call $assert (i64.eqz (i64.load offset=24 (i32.const 4600))))
    (call $assert (i64.eq (i64.load offset=32 (i32.const 4600)) (i64.const 1)))
    (call $assert (i32.eq (i32.load offset=40 (i32.const 4600)) (i32.const {{nv}}))))

  (func $test_message_context
    (call $ctx)
    (call $assert (i64.eq (i64.load offset=8 (i32.const 128)) (i64.const 100)))
    (call $assert (i64.eq (i64.load (i32.const 128)) (i64.const 100)))
    (call $assert (i64.eq (i64.load offset=16 (i32.const 128)) (i64.const 100)))
    (call $assert (i64.eq (i64.load offset=24 (i32.const 128)) (i64.const 10000)))
    (call $assert (i64.eq (i64.load offset=32 (i32.const 128)) (i64.const 1)))
    (call $assert (i64.eqz (i64.or (i64.load offset=40 (i32.const 128)) (i64.load offset=48 (i32.const 128)))))
    (call $assert (i64.eqz (i64.or (i64.load offset=56 (i32.const 128)) (i64.load offset=64 (i32.const 128))))))

  (func $test_balance
    (call $expect (call $actor.balance_of (i32.const 0) (i64.const 9191919)) (i32.const 6))
    (call $expect (call $actor.balance_of (i32.const 4700) (call $receiver)) (i32.const 0))
    (call $expect (call $self.current_balance (i32.const 4720)) (i32.const 0))
    (call $assert (call $eq (i32.const 4700) (i32.const 4720) (i32.const 16))))

  (func $test_unaligned
    (call $expect (call $network.context (i32.const 4801)) (i32.const 0))
    (call $expect (call $network.context (i32.const 4900)) (i32.const 0))
    (call $assert (call $eq (i32.const 4801) (i32.const 4900) (i32.const 44))))

  (func (export "invoke") (param i32) (result i32)
    (call $test_secp_signature)
    (call $test_bls_signature)
    (call $test_bls_aggregate)
    (call $test_expected_hash)
    (call $test_hash_syscall)
    (call $test_compute_unsealed_sector_cid)
    (call $test_network_context)
    (call $test_message_context)
    (call $test_balance)
    (call $test_unaligned)
    (i32.const 0))
