  ;; events: the WAT equivalent of ref-fvm's `fil-events-actor`
  ;; (fvm@v4.8.2:testing/test_actors/actors/fil-events-actor/src/actor.rs). Same methods, same
  ;; emit_event calls with the same buffers (the SDK's `emit_event` packs an event into exactly
  ;; these three buffers, sdk/src/event.rs), the same expected errors; where the Rust actor
  ;; panics (an `unwrap`/`assert`), this one exits 24 as the SDK's panic hook does.
  ;;   2 EMIT_SEVERAL_OK: event 1 = [{3, "foo", RAW, "abc"}], event 2 = [{3, "bar", RAW, "def"},
  ;;     {3, "👱", RAW, "123456789 abcdefg 123456789"}].
  ;;   3 EMIT_MALFORMED: eight raw emit_event calls that must fail with the listed errors.
  ;;   4 EMIT_SUBCALLS(counter, CBOR u64 params): counter−1; emit event 1 twice; if the counter is
  ;;     still positive, send it (CBOR) to itself with method 4, unwrapping only a syscall error.
  ;;   5 EMIT_SUBCALLS_REVERT: as 4 with method 5, ignoring any error of the send; then, if the
  ;;     counter is 4, abort with 24 (USR_ASSERTION_FAILED).

  ;; Event 1 header: flags 3, codec 0x55, key_len 3, val_len 3.
  (data (i32.const 1024) "\03\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\03\00\00\00\03\00\00\00")
  ;; Event 2 headers: {3, 0x55, 3, 3}, {3, 0x55, 4, 27}.
  (data (i32.const 1048) "\03\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\03\00\00\00\03\00\00\00")
  (data (i32.const 1072) "\03\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\04\00\00\00\1b\00\00\00")
  (data (i32.const 1100) "foo")
  (data (i32.const 1104) "bar\f0\9f\91\b1")
  (data (i32.const 1112) "abc")
  (data (i32.const 1116) "def123456789 abcdefg 123456789")
  ;; Malformed headers (flags, codec, key_len, val_len):
  (data (i32.const 1200) "\00\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\05\00\00\00\00\00\00\00") ;; 1: key 5 of 4
  (data (i32.const 1224) "\00\00\00\00\00\00\00\00\95\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00") ;; 2: codec 0x95
  (data (i32.const 1248) "\00\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\00\00\00\00\05\00\00\00") ;; 3: value 5 of 100
  (data (i32.const 1272) "\00\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\05\00\00\00\00\00\00\00") ;; 4: key 5 of 100
  (data (i32.const 1296) "\00\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\20\00\00\00\00\00\00\00") ;; 5: key 32
  (data (i32.const 1320) "\00\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\00\00\00\00\00\00\00\00") ;; 6: values 8193
  (data (i32.const 1344) "\00\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00") ;; 7: key 1 of "🧑"
  (data (i32.const 1368) "\00\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00") ;; 8: keys 1 and 3
  (data (i32.const 1392) "\00\00\00\00\00\00\00\00\55\00\00\00\00\00\00\00\03\00\00\00\00\00\00\00")
  ;; 1500: "🧑"; 1600..1699: the 100-byte zero buffer.
  (data (i32.const 1500) "\f0\9f\a7\91")

  (func $emit1 (call $expect (call $event.emit_event (i32.const 1024) (i32.const 1) (i32.const 1100) (i32.const 3) (i32.const 1112) (i32.const 3)) (i32.const 0)))
  (func $emit2 (call $expect (call $event.emit_event (i32.const 1048) (i32.const 2) (i32.const 1104) (i32.const 7) (i32.const 1116) (i32.const 30)) (i32.const 0)))

  (func $malformed
    ;; IllegalArgument 1, LimitExceeded 3, IllegalCodec 9 (fvm_shared ErrorNumber).
    (call $expect (call $event.emit_event (i32.const 1200) (i32.const 1) (i32.const 0) (i32.const 4) (i32.const 0) (i32.const 0)) (i32.const 1))
    (call $expect (call $event.emit_event (i32.const 1224) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 9))
    (call $expect (call $event.emit_event (i32.const 1248) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 1600) (i32.const 100)) (i32.const 1))
    (call $expect (call $event.emit_event (i32.const 1272) (i32.const 1) (i32.const 1600) (i32.const 100) (i32.const 0) (i32.const 0)) (i32.const 1))
    (call $expect (call $event.emit_event (i32.const 1296) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 1600) (i32.const 100)) (i32.const 3))
    (call $expect (call $event.emit_event (i32.const 1320) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 1600) (i32.const 8193)) (i32.const 3))
    (call $expect (call $event.emit_event (i32.const 1344) (i32.const 1) (i32.const 1500) (i32.const 1) (i32.const 0) (i32.const 0)) (i32.const 1))
    (call $expect (call $event.emit_event (i32.const 1368) (i32.const 2) (i32.const 1500) (i32.const 4) (i32.const 0) (i32.const 0)) (i32.const 1)))

  ;; Methods 4 and 5: the counter from the CBOR params, the events, the send to itself.
  (func $subcalls (param $params i32) (param $method i64) (param $revert i32)
    (local $counter i64) (local $n i32) (local $alen i32) (local $e i32)
    (drop (call $read_block (local.get $params) (i32.const 2000) (i32.const 9) (i64.const 0x51)))
    (call $assert (i32.eqz (call $cbor_major (i32.const 2000))))
    (local.set $counter (i64.sub (call $cbor_arg (i32.const 2000)) (i64.const 1)))
    (call $emit1)
    (call $emit1)
    (if (i64.gt_u (local.get $counter) (i64.const 0))
      (then
        (local.set $n (call $cbor_put (i32.const 2100) (i32.const 0) (local.get $counter)))
        (local.set $alen (call $self_addr))
        (local.set $e (call $send.send (i32.const 0) (i32.const 256) (local.get $alen) (local.get $method)
          (call $create (i64.const 0x51) (i32.const 2100) (local.get $n)) (i64.const 0) (i64.const 0) (i64.const -1) (i64.const 0)))
        (if (i32.eqz (local.get $revert)) (then (call $expect (local.get $e) (i32.const 0))))))
    (if (local.get $revert)
      (then (if (i64.eq (local.get $counter) (i64.const 4)) (then (call $exit (i32.const 24)))))))

  (func (export "invoke") (param $params i32) (result i32)
    (local $m i64)
    (local.set $m (call $method))
    (block $done
      (if (i64.eq (local.get $m) (i64.const 2)) (then (call $emit1) (call $emit2) (br $done)))
      (if (i64.eq (local.get $m) (i64.const 3)) (then (call $malformed) (br $done)))
      (if (i64.eq (local.get $m) (i64.const 4)) (then (call $subcalls (local.get $params) (i64.const 4) (i32.const 0)) (br $done)))
      (if (i64.eq (local.get $m) (i64.const 5)) (then (call $subcalls (local.get $params) (i64.const 5) (i32.const 1)) (br $done)))
      ;; "invalid method number": a panic
      (call $exit (i32.const 24)))
    (i32.const 0))
