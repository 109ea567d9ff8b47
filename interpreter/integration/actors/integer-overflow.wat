  ;; integer-overflow: ref-fvm's `fil-integer-overflow-actor` (fvm@v4.8.2:testing/test_actors/
  ;; actors/fil-integer-overflow-actor/src/actor/mod.rs). State: the CBOR tuple [value i64].
  ;; load = self.root + block_open (the root is reachable because `root` was called) + read;
  ;; save = block_create (DAG-CBOR) + block_link (blake2b-256) + set_root.
  ;;   1: value := the i64 of the CBOR params;  2: value := (value >> 1) * (value + 1), wrapping;
  ;;   3: returns CBOR(value);  4: the same product with Rust's overflow checks: an overflow panics,
  ;;      and without `sdk::initialize` a panic is a wasm trap (exit 4).
  ;; Failures to load or save exit 20 (USR_ILLEGAL_STATE) or 23 (USR_SERIALIZATION), as the actor.

  ;; A CBOR integer (major 0 or 1) at $p as an i64.
  (func $int (param $p i32) (result i64)
    (local $major i32) (local $v i64)
    (local.set $major (call $cbor_major (local.get $p)))
    (local.set $v (call $cbor_arg (local.get $p)))
    (if (i32.eqz (local.get $major)) (then (return (local.get $v))))
    (call $assert (i32.eq (local.get $major) (i32.const 1)))
    (i64.sub (i64.const -1) (local.get $v)))

  ;; Writes CBOR of $v at $dst; returns the length.
  (func $put_int (param $dst i32) (param $v i64) (result i32)
    (if (i64.ge_s (local.get $v) (i64.const 0)) (then (return (call $cbor_put (local.get $dst) (i32.const 0) (local.get $v)))))
    (call $cbor_put (local.get $dst) (i32.const 1) (i64.sub (i64.const -1) (local.get $v))))

  (func $load (result i64)
    (local $e i32)
    (if (call $self.root (i32.const 0) (i32.const 1200) (i32.const 100)) (then (call $exit (i32.const 20))))
    (if (call $ipld.block_open (i32.const 0) (i32.const 1200)) (then (call $exit (i32.const 20))))
    (drop (call $read_block (i32.load offset=8 (i32.const 0)) (i32.const 2000) (i32.const 20) (i64.const 0x71)))
    (call $assert (i32.eq (i32.load8_u (i32.const 2000)) (i32.const 0x81)))
    (call $int (i32.const 2001)))

  (func $save (param $v i64)
    (local $n i32)
    (i32.store8 (i32.const 2100) (i32.const 0x81))
    (local.set $n (i32.add (i32.const 1) (call $put_int (i32.const 2101) (local.get $v))))
    (if (call $ipld.block_create (i32.const 0) (i64.const 0x71) (i32.const 2100) (local.get $n)) (then (call $exit (i32.const 23))))
    (if (call $ipld.block_link (i32.const 0) (i32.load (i32.const 0)) (i64.const 0xb220) (i32.const 32) (i32.const 1300) (i32.const 100))
      (then (call $exit (i32.const 23))))
    (if (call $self.set_root (i32.const 1300)) (then (call $exit (i32.const 20)))))

  ;; (v >> 1) * (v + 1) with overflow checks: a trap on overflow of the addition or the product.
  (func $checked (param $v i64) (result i64)
    (local $a i64) (local $b i64) (local $p i64)
    (if (i64.eq (local.get $v) (i64.const 0x7fffffffffffffff)) (then unreachable))
    (local.set $a (i64.shr_s (local.get $v) (i64.const 1)))
    (local.set $b (i64.add (local.get $v) (i64.const 1)))
    (local.set $p (i64.mul (local.get $a) (local.get $b)))
    (if (i64.ne (local.get $a) (i64.const 0))
      (then
        (if (i32.and (i64.eq (local.get $a) (i64.const -1)) (i64.eq (local.get $b) (i64.const 0x8000000000000000))) (then unreachable))
        (if (i64.ne (i64.div_s (local.get $p) (local.get $a)) (local.get $b)) (then unreachable))))
    (local.get $p))

  (func (export "invoke") (param $params i32) (result i32)
    (local $m i64) (local $v i64) (local $n i32)
    (local.set $m (call $method))
    (if (i64.eq (local.get $m) (i64.const 1))
      (then
        (drop (call $read_block (local.get $params) (i32.const 2200) (i32.const 20) (i64.const 0x51)))
        (local.set $v (call $int (i32.const 2200)))
        (drop (call $load))
        (call $save (local.get $v))
        (return (i32.const 0))))
    (if (i64.eq (local.get $m) (i64.const 2))
      (then
        (local.set $v (call $load))
        (call $save (i64.mul (i64.shr_s (local.get $v) (i64.const 1)) (i64.add (local.get $v) (i64.const 1))))
        (return (i32.const 0))))
    (if (i64.eq (local.get $m) (i64.const 3))
      (then
        (local.set $n (call $put_int (i32.const 2300) (call $load)))
        (return (call $create (i64.const 0x51) (i32.const 2300) (local.get $n)))))
    (if (i64.eq (local.get $m) (i64.const 4))
      (then
        (call $save (call $checked (call $load)))
        (return (i32.const 0))))
    (drop (call $vm.exit (i32.const 22) (i32.const 0) (i32.const 0) (i32.const 0)))
    unreachable)
