  ;; gaslimit: the WAT equivalent of ref-fvm's `fil-gaslimit-actor`
  ;; (fvm@v4.8.2:testing/test_actors/actors/fil-gaslimit-actor/src/actor.rs). Its params are the
  ;; CBOR tuple [dest: Address (bytes), inner_gas_limit: u64, exhaust: bool, expect_err: bool],
  ;; codec CBOR.
  ;; - Called by another actor than itself (the outer call): send 50 atto to dest (method 0; a
  ;;   syscall error is a panic); send its own params block to itself, method 2, value 0, with
  ;;   gas limit inner_gas_limit (none when 0); the send must not fail, and its exit code must be
  ;;   SYS_OUT_OF_GAS (7) if expect_err, else 0. Returns nothing. (The params go as a new CBOR
;;   block of the same bytes, as the SDK's `send` of `params_raw` does.)
  ;; - Called by itself (the inner call): if inner_gas_limit > 0, gas.available ≤ inner_gas_limit;
  ;;   send 10 atto to dest; emit [{flags 3, "foo", RAW, CBOR(400u64)}]; if exhaust, loop forever.

  (data (i32.const 1024) "\03\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\03\00\00\00\03\00\00\00")
  (data (i32.const 1048) "foo")
  (data (i32.const 1052) "\19\01\90") ;; CBOR 400

  (global $dest (mut i32) (i32.const 0))
  (global $dest_len (mut i32) (i32.const 0))
  (global $limit (mut i64) (i64.const 0))
  (global $exhaust (mut i32) (i32.const 0))
  (global $expect_err (mut i32) (i32.const 0))
  (global $size (mut i32) (i32.const 0))

  ;; Decodes the params (at 2000) into the globals.
  (func $params (param $id i32)
    (local $p i32)
    (global.set $size (call $read_block (local.get $id) (i32.const 2000) (i32.const 200) (i64.const 0x51)))
    (call $assert (i32.eq (i32.load8_u (i32.const 2000)) (i32.const 0x84)))
    (local.set $p (i32.const 2001))
    (call $assert (i32.eq (call $cbor_major (local.get $p)) (i32.const 2)))
    (global.set $dest_len (i32.wrap_i64 (call $cbor_arg (local.get $p))))
    (global.set $dest (global.get $cbor_next))
    (local.set $p (i32.add (global.get $dest) (global.get $dest_len)))
    (call $assert (i32.eqz (call $cbor_major (local.get $p))))
    (global.set $limit (call $cbor_arg (local.get $p)))
    (local.set $p (global.get $cbor_next))
    (global.set $exhaust (i32.eq (i32.load8_u (local.get $p)) (i32.const 0xf5)))
    (global.set $expect_err (i32.eq (i32.load8_u offset=1 (local.get $p)) (i32.const 0xf5))))

  (func (export "invoke") (param $params i32) (result i32)
    (local $alen i32) (local $e i32) (local $i i32)
    (call $params (local.get $params))
    (local.set $alen (call $self_addr))
    (if (i64.eq (call $caller) (call $receiver))
      (then
        (if (i64.gt_u (global.get $limit) (i64.const 0))
          (then
            (call $expect (call $gas.available (i32.const 0)) (i32.const 0))
            (call $assert (i64.le_u (i64.load (i32.const 0)) (global.get $limit)))))
        (call $expect (call $send_value (global.get $dest) (global.get $dest_len) (i64.const 0) (i64.const 10)) (i32.const 0))
        (call $expect (call $event.emit_event (i32.const 1024) (i32.const 1) (i32.const 1048) (i32.const 3) (i32.const 1052) (i32.const 3)) (i32.const 0))
        (if (global.get $exhaust) (then (loop $forever (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $forever))))
        (return (i32.const 0))))
    (call $expect (call $send_value (global.get $dest) (global.get $dest_len) (i64.const 0) (i64.const 50)) (i32.const 0))
    ;; As the SDK's send of `params_raw`: a new CBOR block of the same bytes.
    (local.set $e (call $send.send (i32.const 0) (i32.const 256) (local.get $alen) (i64.const 2)
      (call $create (i64.const 0x51) (i32.const 2000) (global.get $size))
      (i64.const 0) (i64.const 0)
      (select (i64.const -1) (global.get $limit) (i64.eqz (global.get $limit)))
      (i64.const 0)))
    (call $expect (local.get $e) (i32.const 0))
    (call $assert (i32.eq (i32.load (i32.const 0)) (select (i32.const 7) (i32.const 0) (global.get $expect_err))))
    (i32.const 0))
