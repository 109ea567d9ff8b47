  ;; readonly: ref-fvm's `fil-readonly-actor` (fvm@v4.8.2:testing/test_actors/actors/
  ;; fil-readonly-actor/src/actor.rs), the same sends and checks in the same order; a failed
  ;; assertion exits 24 (the Rust actor panics). `account` is the secp256k1 address of 65 zero
  ;; bytes ({{account}}, 21 bytes, at 1000). ReadOnly is errno 13; the send flag READ_ONLY is 1.
  (data (i32.const 1000) "{{account}}")
  (data (i32.const 1100) "foo")
  (data (i32.const 1104) "input")
  (data (i32.const 1110) "output")
  (data (i32.const 1120) "{{empty_root}}")
  ;; the event [{3, "foo", RAW, 00 01 02}]
  (data (i32.const 1200) "\03\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\03\00\00\00\03\00\00\00")
  (data (i32.const 1224) "\00\01\02")

  (func $read_only (result i32) (call $ctx) (i32.wrap_i64 (i64.and (i64.load offset=72 (i32.const 128)) (i64.const 1))))

  ;; send(to, method, params, value lo, flags) → errno; the Send record at 0.
  (func $send (param $to i32) (param $to_len i32) (param $method i64) (param $params i32) (param $value i64) (param $flags i64) (result i32)
    (call $send.send (i32.const 0) (local.get $to) (local.get $to_len) (local.get $method) (local.get $params)
      (i64.const 0) (local.get $value) (i64.const -1) (local.get $flags)))

  ;; Asserts a send succeeded with exit 0.
  (func $ok (param $errno i32)
    (call $expect (local.get $errno) (i32.const 0))
    (call $assert (i32.eqz (i32.load (i32.const 0)))))

  ;; Asserts the returned block of the last send holds "output".
  (func $output
    (call $assert (i32.eq (i32.load offset=16 (i32.const 0)) (i32.const 6)))
    (call $expect (call $ipld.block_read (i32.const 0) (i32.load offset=4 (i32.const 0)) (i32.const 0) (i32.const 1300) (i32.const 6)) (i32.const 0))
    (call $assert (call $eq (i32.const 1300) (i32.const 1110) (i32.const 6))))

  (func $method2
    (local $self i32)
    (call $assert (i32.eqz (call $read_only)))
    (call $expect (call $send (i32.const 1000) (i32.const 21) (i64.const 0) (i32.const 0) (i64.const 0) (i64.const 1)) (i32.const 13))
    (call $ok (call $send (i32.const 1000) (i32.const 21) (i64.const 0) (i32.const 0) (i64.const 0) (i64.const 0)))
    (local.set $self (call $self_addr))
    (call $ok (call $send (i32.const 256) (local.get $self) (i64.const 3) (i32.const 0) (i64.const 0) (i64.const 1))))

  (func $method3
    (local $self i32)
    (call $assert (call $read_only))
    (call $expect (call $send (i32.const 1000) (i32.const 21) (i64.const 0) (i32.const 0) (i64.const 1) (i64.const 0)) (i32.const 13))
    (call $ok (call $send (i32.const 1000) (i32.const 21) (i64.const 0) (i32.const 0) (i64.const 0) (i64.const 0)))
    ;; put(RAW "foo") works; set_root of it is ReadOnly; the root is still the empty array
    (call $expect (call $ipld.block_link (i32.const 0) (call $create (i64.const 0x55) (i32.const 1100) (i32.const 3)) (i64.const 0xb220) (i32.const 32) (i32.const 1400) (i32.const 100)) (i32.const 0))
    (call $expect (call $self.set_root (i32.const 1400)) (i32.const 13))
    (call $expect (call $self.root (i32.const 0) (i32.const 1500) (i32.const 100)) (i32.const 0))
    (call $assert (call $eq (i32.const 1500) (i32.const 1120) (i32.const 38)))
    (local.set $self (call $self_addr))
    (call $ok (call $send (i32.const 256) (local.get $self) (i64.const 4) (call $create (i64.const 0x51) (i32.const 1104) (i32.const 5)) (i64.const 0) (i64.const 0)))
    (call $output)
    (call $expect (call $send (i32.const 256) (local.get $self) (i64.const 5) (i32.const 0) (i64.const 0) (i64.const 0)) (i32.const 0))
    (call $assert (i32.eq (i32.load (i32.const 0)) (i32.const 42)))
    (call $ok (call $send (i32.const 256) (local.get $self) (i64.const 4) (call $create (i64.const 0x51) (i32.const 1104) (i32.const 5)) (i64.const 0) (i64.const 1)))
    (call $output)
    (call $expect (call $event.emit_event (i32.const 1200) (i32.const 1) (i32.const 1100) (i32.const 3) (i32.const 1224) (i32.const 3)) (i32.const 13))
    (call $expect (call $self.self_destruct (i32.const 1)) (i32.const 13)))

  (func (export "invoke") (param $params i32) (result i32)
    (local $m i64)
    (local.set $m (call $method))
    (if (i64.eq (local.get $m) (i64.const 2)) (then (call $method2) (return (i32.const 0))))
    (if (i64.eq (local.get $m) (i64.const 3)) (then (call $method3) (return (i32.const 0))))
    (if (i64.eq (local.get $m) (i64.const 4))
      (then
        (call $assert (call $read_only))
        (drop (call $read_block (local.get $params) (i32.const 1600) (i32.const 5) (i64.const 0x51)))
        (call $assert (call $eq (i32.const 1600) (i32.const 1104) (i32.const 5)))
        (return (call $create (i64.const 0x55) (i32.const 1110) (i32.const 6)))))
    (if (i64.eq (local.get $m) (i64.const 5))
      (then (call $assert (call $read_only)) (call $exit (i32.const 42))))
    (call $exit (i32.const 24))
    unreachable)
