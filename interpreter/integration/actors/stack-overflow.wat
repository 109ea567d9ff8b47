  ;; stack-overflow: ref-fvm's `fil-stack-overflow-actor` (fvm@v4.8.2:testing/test_actors/actors/
  ;; fil-stack-overflow-actor/src/actor.rs). Method m > 1025 aborts 0x42. Otherwise recurse n levels
  ;; (two mutually recursive functions calling an import at each level, as the Rust actor does so
  ;; that the compiler keeps them) — n = 1000 for m = 1, which runs out of the wasm stack; n = 10
  ;; otherwise (the Rust actor's 396 levels only fill its stack without overflowing it; the depth is
  ;; not what the test checks) — then send method m + 1 to f010000: exit 0 → return 0; exit e →
  ;; abort e | 0x80000000; a syscall error n → abort n | 0xc0000000.
  (func $recurse (param $m i64) (param $n i64) (result i32)
    (if (i64.gt_u (local.get $n) (i64.const 0))
      (then
        (drop (call $method))
        (return (call $recurse2 (local.get $m) (i64.sub (local.get $n) (i64.const 1))))))
    (call $do_send (local.get $m)))
  (func $recurse2 (param $m i64) (param $n i64) (result i32)
    (if (i64.gt_u (local.get $n) (i64.const 0))
      (then
        (drop (call $method))
        (return (call $recurse (local.get $m) (i64.sub (local.get $n) (i64.const 1))))))
    (call $do_send (local.get $m)))
  (func $do_send (param $m i64) (result i32)
    (local $e i32) (local $len i32)
    (local.set $len (call $id_addr (i32.const 1000) (i64.const 10000)))
    (local.set $e (call $send_value (i32.const 1000) (local.get $len) (i64.add (local.get $m) (i64.const 1)) (i64.const 0)))
    (if (local.get $e) (then (call $exit (i32.or (local.get $e) (i32.const 0xc0000000)))))
    (if (i32.load (i32.const 0)) (then (call $exit (i32.or (i32.load (i32.const 0)) (i32.const 0x80000000)))))
    (i32.const 0))
  (func (export "invoke") (param i32) (result i32)
    (local $m i64)
    (local.set $m (call $method))
    (if (i64.gt_u (local.get $m) (i64.const 1025)) (then (call $exit (i32.const 0x42))))
    (if (i64.eq (local.get $m) (i64.const 1)) (then (return (call $recurse (local.get $m) (i64.const 1000)))))
    (call $recurse (local.get $m) (i64.const 10)))
