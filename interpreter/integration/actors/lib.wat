  ;; lib.wat: the imports and helpers every ported test actor shares (tester.ts wraps an actor's
  ;; functions with these in one module). The imports are the v4 syscalls (fvm@v4.8.2) the actors
  ;; use; a helper that fails an "assertion" exits 24 (USR_ASSERTION_FAILED), as a Rust actor's
  ;; panic does through fvm_sdk's panic hook (`sdk::initialize`).
  ;;
  ;; Memory: 0..127 syscall out-values, 128..207 the message context, 208..255 scratch,
  ;; 256..319 the actor's own ID address; 1024.. the actor's own.
  (import "vm" "exit" (func $vm.exit (param i32 i32 i32 i32) (result i32)))
  (import "vm" "message_context" (func $vm.message_context (param i32) (result i32)))
  (import "ipld" "block_open" (func $ipld.block_open (param i32 i32) (result i32)))
  (import "ipld" "block_create" (func $ipld.block_create (param i32 i64 i32 i32) (result i32)))
  (import "ipld" "block_read" (func $ipld.block_read (param i32 i32 i32 i32 i32) (result i32)))
  (import "ipld" "block_stat" (func $ipld.block_stat (param i32 i32) (result i32)))
  (import "ipld" "block_link" (func $ipld.block_link (param i32 i32 i64 i32 i32 i32) (result i32)))
  (import "self" "root" (func $self.root (param i32 i32 i32) (result i32)))
  (import "self" "set_root" (func $self.set_root (param i32) (result i32)))
  (import "self" "current_balance" (func $self.current_balance (param i32) (result i32)))
  (import "self" "self_destruct" (func $self.self_destruct (param i32) (result i32)))
  (import "send" "send" (func $send.send (param i32 i32 i32 i64 i32 i64 i64 i64 i64) (result i32)))
  (import "event" "emit_event" (func $event.emit_event (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "gas" "available" (func $gas.available (param i32) (result i32)))
  (import "actor" "resolve_address" (func $actor.resolve_address (param i32 i32 i32) (result i32)))
  (import "actor" "lookup_delegated_address" (func $actor.lookup_delegated_address (param i32 i64 i32 i32) (result i32)))
  (import "actor" "get_actor_code_cid" (func $actor.get_actor_code_cid (param i32 i64 i32 i32) (result i32)))
  (import "crypto" "compute_unsealed_sector_cid" (func $crypto.compute_unsealed_sector_cid (param i32 i64 i32 i32 i32 i32) (result i32)))
  (import "crypto" "verify_signature" (func $crypto.verify_signature (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "crypto" "verify_bls_aggregate" (func $crypto.verify_bls_aggregate (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "crypto" "recover_secp_public_key" (func $crypto.recover_secp_public_key (param i32 i32 i32) (result i32)))
  (import "crypto" "hash" (func $crypto.hash (param i32 i64 i32 i32 i32 i32) (result i32)))
  (import "network" "context" (func $network.context (param i32) (result i32)))
  (import "actor" "balance_of" (func $actor.balance_of (param i32 i64) (result i32)))
  (import "actor" "get_code_cid_for_type" (func $actor.get_code_cid_for_type (param i32 i32 i32 i32) (result i32)))
  (import "actor" "create_actor" (func $actor.create_actor (param i64 i32 i32 i32) (result i32)))

  (memory (export "memory") 1)

  (global $cbor_next (mut i32) (i32.const 0))

  ;; Exits with `code` and no return value.
  (func $exit (param $code i32)
    (drop (call $vm.exit (local.get $code) (i32.const 0) (i32.const 0) (i32.const 0)))
    unreachable)

  ;; An assertion: exits 24 unless $ok.
  (func $assert (param $ok i32)
    (if (i32.eqz (local.get $ok)) (then (call $exit (i32.const 24)))))

  ;; Asserts that a syscall returned `expected` (an errno, 0 for success).
  (func $expect (param $errno i32) (param $expected i32)
    (call $assert (i32.eq (local.get $errno) (local.get $expected))))

  ;; The message context at 128 (80 bytes); field accessors.
  (func $ctx (call $expect (call $vm.message_context (i32.const 128)) (i32.const 0)))
  (func $caller (result i64) (call $ctx) (i64.load offset=16 (i32.const 128)))
  (func $receiver (result i64) (call $ctx) (i64.load offset=24 (i32.const 128)))
  (func $method (result i64) (call $ctx) (i64.load offset=32 (i32.const 128)))

  ;; Writes the ID address of $id at $dst (0x00, LEB128); returns its length.
  (func $id_addr (param $dst i32) (param $id i64) (result i32)
    (local $p i32) (local $b i32)
    (i32.store8 (local.get $dst) (i32.const 0))
    (local.set $p (i32.add (local.get $dst) (i32.const 1)))
    (loop $more
      (local.set $b (i32.and (i32.wrap_i64 (local.get $id)) (i32.const 0x7f)))
      (local.set $id (i64.shr_u (local.get $id) (i64.const 7)))
      (if (i64.ne (local.get $id) (i64.const 0)) (then (local.set $b (i32.or (local.get $b) (i32.const 0x80)))))
      (i32.store8 (local.get $p) (local.get $b))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $more (i64.ne (local.get $id) (i64.const 0))))
    (i32.sub (local.get $p) (local.get $dst)))

  ;; The actor's own ID address at 256; returns its length.
  (func $self_addr (result i32) (call $id_addr (i32.const 256) (call $receiver)))

  ;; Reads block $id (its whole data, at most $max bytes) to $dst; returns its size. Checks its codec.
  (func $read_block (param $id i32) (param $dst i32) (param $max i32) (param $codec i64) (result i32)
    (local $size i32)
    (call $expect (call $ipld.block_stat (i32.const 0) (local.get $id)) (i32.const 0))
    (call $assert (i64.eq (i64.load (i32.const 0)) (local.get $codec)))
    (local.set $size (i32.load offset=8 (i32.const 0)))
    (call $assert (i32.le_u (local.get $size) (local.get $max)))
    (call $expect (call $ipld.block_read (i32.const 0) (local.get $id) (i32.const 0) (local.get $dst) (local.get $size)) (i32.const 0))
    (local.get $size))

  ;; A CBOR head at $p: major type << 61 is not kept; returns the argument (u64) and sets
  ;; $cbor_next after the head. Indefinite lengths are an assertion failure.
  (func $cbor_arg (param $p i32) (result i64)
    (local $low i32) (local $v i64) (local $n i32)
    (local.set $low (i32.and (i32.load8_u (local.get $p)) (i32.const 0x1f)))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (if (i32.lt_u (local.get $low) (i32.const 24))
      (then (global.set $cbor_next (local.get $p)) (return (i64.extend_i32_u (local.get $low)))))
    (call $assert (i32.le_u (local.get $low) (i32.const 27)))
    (local.set $n (i32.shl (i32.const 1) (i32.sub (local.get $low) (i32.const 24))))
    (loop $byte
      (local.set $v (i64.or (i64.shl (local.get $v) (i64.const 8)) (i64.load8_u (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $byte (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (global.set $cbor_next (local.get $p))
    (local.get $v))

  ;; The major type of the CBOR item at $p.
  (func $cbor_major (param $p i32) (result i32) (i32.shr_u (i32.load8_u (local.get $p)) (i32.const 5)))

  ;; Writes the minimal CBOR head of (major, $v) at $dst; returns its length.
  (func $cbor_put (param $dst i32) (param $major i32) (param $v i64) (result i32)
    (local $n i32) (local $i i32)
    (local.set $major (i32.shl (local.get $major) (i32.const 5)))
    (if (i64.lt_u (local.get $v) (i64.const 24))
      (then (i32.store8 (local.get $dst) (i32.or (local.get $major) (i32.wrap_i64 (local.get $v)))) (return (i32.const 1))))
    (local.set $n (i32.const 8))
    (if (i64.le_u (local.get $v) (i64.const 0xffffffff)) (then (local.set $n (i32.const 4))))
    (if (i64.le_u (local.get $v) (i64.const 0xffff)) (then (local.set $n (i32.const 2))))
    (if (i64.le_u (local.get $v) (i64.const 0xff)) (then (local.set $n (i32.const 1))))
    (i32.store8 (local.get $dst) (i32.or (local.get $major)
      (i32.add (i32.const 24) (i32.ctz (local.get $n)))))
    (local.set $i (local.get $n))
    (loop $byte
      (i32.store8 (i32.add (local.get $dst) (local.get $i)) (i32.wrap_i64 (local.get $v)))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 8)))
      (br_if $byte (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
    (i32.add (local.get $n) (i32.const 1)))

  ;; Whether $len bytes at $a and $b are equal.
  (func $eq (param $a i32) (param $b i32) (param $len i32) (result i32)
    (block $differ
      (loop $next
        (if (i32.eqz (local.get $len)) (then (return (i32.const 1))))
        (br_if $differ (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (i32.const 0))

  ;; block_create; returns the handle (asserts success).
  (func $create (param $codec i64) (param $p i32) (param $len i32) (result i32)
    (call $expect (call $ipld.block_create (i32.const 0) (local.get $codec) (local.get $p) (local.get $len)) (i32.const 0))
    (i32.load (i32.const 0)))

  ;; send with no params, no gas limit, no flags; returns the errno; the Send record stays at 0.
  (func $send_value (param $to i32) (param $to_len i32) (param $method i64) (param $value i64) (result i32)
    (call $send.send (i32.const 0) (local.get $to) (local.get $to_len) (local.get $method) (i32.const 0)
      (i64.const 0) (local.get $value) (i64.const -1) (i64.const 0)))
