;; scripted: an actor that runs a small program given in its params block.
;;
;; The program format is documented in README.md and spec/test-bundle.md (`bundle.scripted-program`,
;; `bundle.scripted-ops`); program.ts encodes it. This source is one file for every ABI:
;; bundle.ts keeps the lines between `;; #if v2` / `;; #if v3 v4` / ... (the ABIs listed: ref-fvm v2
;; at nv17, v3 at nv18-20, v4 at nv21-28), `;; #else` and `;; #endif` for the ABI it builds, and
;; replaces `{{ imports }}` (every syscall of the version, named $<module>.<name>), `{{ raw_dispatch }}`
;; (the SYSCALL op's dispatcher), `{{ codec }}` (the codec of the blocks it returns and sends: 0x71
;; DAG-CBOR at nv17, 0x51 CBOR from nv18).
;;
;; Memory (one page, 64 KiB):
;;        0 ..   127  OUT     out-values of the syscalls this actor makes itself
;;      128 ..   255  CID     the last CID read (self.root) or made (block_link)
;;      256 ..   319  ADDR    the actor's own ID address (SELF_ADDRESS, RECURSE)
;;      512 ..  1023  RAW     default out-pointer of the SYSCALL op
;;     1024 ..  8191  USER    free for the program (WRITE_MEM)
;;     8192 .. 40959  PROG    the program (the params block is read here)
;;    40960 .. 40967          room for the results' CBOR header
;;    40968 .. 65535  RES     the results: one record per op that reports
;;
;; Exit codes of its own: 1000 BAD_PROGRAM (malformed params, unknown op, op not in this version),
;; 1001 RESULTS_FULL (a record does not fit in RES).
(module
  {{imports}}

  (memory (export "memory") 1)

  (global $pc (mut i32) (i32.const 0))          ;; the next program byte
  (global $end (mut i32) (i32.const 0))         ;; the end of the program
  (global $res (mut i32) (i32.const 40968))     ;; where the next record goes
  (global $len (mut i32) (i32.const 0))         ;; the length of the last `bytes` immediate read
  (global $last_errno (mut i32) (i32.const 0))  ;; the errno of the last record
  (global $last_exit (mut i32) (i32.const -1))  ;; the exit code of the last send (-1: it failed)
  (global $last_handle (mut i32) (i32.const 0)) ;; the last block handle made, opened or returned
  (global $last_cid_len (mut i32) (i32.const 0));; the length of the CID at CID (128)
  (global $ctx_errno (mut i32) (i32.const 0))   ;; the errno of the context syscall in $self_addr

  ;; ---------------------------------------------------------------------------------------------
  ;; Entry point: read the program from the params block, run it.
  ;; ---------------------------------------------------------------------------------------------
  (func (export "invoke") (param $params i32) (result i32)
    (local $rem i32)
    (if (i32.eqz (local.get $params))
      (then
        ;; No params: the empty program.
        (global.set $pc (i32.const 8192))
        (global.set $end (i32.const 8192)))
      (else
        ;; Read up to 32768 bytes to PROG; block_read reports size - 32768 (negative when shorter).
        (if (call $ipld.block_read (i32.const 0) (local.get $params) (i32.const 0) (i32.const 8192) (i32.const 32768))
          (then (call $bad)))
        (local.set $rem (i32.load (i32.const 0)))
        (if (i32.gt_s (local.get $rem) (i32.const 0)) (then (call $bad)))
        (call $open_program (i32.const 8192) (i32.add (i32.const 32768) (local.get $rem)))))
    (call $run))

  ;; The params block is a CBOR byte string (header 0x40+n, 0x58 n, or 0x59 n16) holding the program.
  ;; v4 also takes a CBOR array of two, [program byte string, anything]: the second item (e.g. links
  ;; in a DAG-CBOR params block, which FIP-0071 makes reachable to this invocation) is not read.
  (func $open_program (param $p i32) (param $size i32)
    (local $b i32) (local $hdr i32) (local $len i32)
    ;; #if v4
    (local $pair i32)
    ;; #endif
    (if (i32.eqz (local.get $size)) (then (call $bad)))
    ;; #if v4
    (if (i32.eq (i32.load8_u (local.get $p)) (i32.const 0x82))
      (then
        (local.set $pair (i32.const 1))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $size (i32.sub (local.get $size) (i32.const 1)))
        (if (i32.eqz (local.get $size)) (then (call $bad)))))
    ;; #endif
    (local.set $b (i32.load8_u (local.get $p)))
    (if (i32.lt_u (local.get $b) (i32.const 0x58))
      (then
        (if (i32.lt_u (local.get $b) (i32.const 0x40)) (then (call $bad)))
        (local.set $hdr (i32.const 1))
        (local.set $len (i32.sub (local.get $b) (i32.const 0x40))))
      (else
        (if (i32.eq (local.get $b) (i32.const 0x58))
          (then
            (local.set $hdr (i32.const 2))
            (local.set $len (i32.load8_u offset=1 (local.get $p))))
          (else
            (if (i32.ne (local.get $b) (i32.const 0x59)) (then (call $bad)))
            (local.set $hdr (i32.const 3))
            (local.set $len (i32.or
              (i32.shl (i32.load8_u offset=1 (local.get $p)) (i32.const 8))
              (i32.load8_u offset=2 (local.get $p))))))))
    ;; #if v4
    (if (local.get $pair)
      (then (if (i32.gt_u (i32.add (local.get $hdr) (local.get $len)) (local.get $size)) (then (call $bad))))
      (else (if (i32.ne (i32.add (local.get $hdr) (local.get $len)) (local.get $size)) (then (call $bad)))))
    ;; #else
    (if (i32.ne (i32.add (local.get $hdr) (local.get $len)) (local.get $size)) (then (call $bad)))
    ;; #endif
    (global.set $pc (i32.add (local.get $p) (local.get $hdr)))
    (global.set $end (i32.add (global.get $pc) (local.get $len))))

  ;; Writes a CBOR byte-string header for $len (< 65536) bytes so that it ends at $at; returns its start.
  (func $cbor_header (param $at i32) (param $len i32) (result i32)
    (if (i32.lt_u (local.get $len) (i32.const 24))
      (then
        (i32.store8 (i32.sub (local.get $at) (i32.const 1)) (i32.add (i32.const 0x40) (local.get $len)))
        (return (i32.sub (local.get $at) (i32.const 1)))))
    (if (i32.lt_u (local.get $len) (i32.const 256))
      (then
        (i32.store8 (i32.sub (local.get $at) (i32.const 2)) (i32.const 0x58))
        (i32.store8 (i32.sub (local.get $at) (i32.const 1)) (local.get $len))
        (return (i32.sub (local.get $at) (i32.const 2)))))
    (i32.store8 (i32.sub (local.get $at) (i32.const 3)) (i32.const 0x59))
    (i32.store8 (i32.sub (local.get $at) (i32.const 2)) (i32.shr_u (local.get $len) (i32.const 8)))
    (i32.store8 (i32.sub (local.get $at) (i32.const 1)) (local.get $len))
    (i32.sub (local.get $at) (i32.const 3)))

  ;; ---------------------------------------------------------------------------------------------
  ;; Ending: exit (vm.exit at nv18, vm.abort at nv17), the results block, special handles.
  ;; ---------------------------------------------------------------------------------------------
  (func $exit (param $code i32) (param $handle i32)
    ;; #if v3 v4
    (drop (call $vm.exit (local.get $code) (local.get $handle) (i32.const 0) (i32.const 0)))
    ;; #else
    (drop (call $vm.abort (local.get $code) (i32.const 0) (i32.const 0)))
    ;; #endif
    unreachable)

  (func $bad (call $exit (i32.const 1000) (i32.const 0)))

  ;; The results as a block: a CBOR byte string of the records, {{ codec }}. Returns its handle.
  (func $results_block (result i32)
    (local $start i32)
    (local.set $start (call $cbor_header (i32.const 40968) (i32.sub (global.get $res) (i32.const 40968))))
    (if (call $ipld.block_create (i32.const 0) (i64.const {{codec}}) (local.get $start) (i32.sub (global.get $res) (local.get $start)))
      (then unreachable))
    (i32.load (i32.const 0)))

  ;; A handle immediate: 0xffffffff is the last handle, 0xfffffffe the results block.
  (func $handle (param $h i32) (result i32)
    (if (i32.eq (local.get $h) (i32.const -1)) (then (return (global.get $last_handle))))
    (if (i32.eq (local.get $h) (i32.const -2)) (then (return (call $results_block))))
    (local.get $h))

  ;; ---------------------------------------------------------------------------------------------
  ;; Reading immediates (little-endian). Reading past the end of the program is BAD_PROGRAM.
  ;; ---------------------------------------------------------------------------------------------
  (func $take (param $n i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $pc))
    (if (i32.gt_u (local.get $n) (i32.sub (global.get $end) (local.get $p))) (then (call $bad)))
    (global.set $pc (i32.add (local.get $p) (local.get $n)))
    (local.get $p))
  (func $u8 (result i32) (i32.load8_u (call $take (i32.const 1))))
  (func $u32 (result i32) (i32.load (call $take (i32.const 4))))
  (func $u64 (result i64) (i64.load (call $take (i32.const 8))))
  ;; `bytes`: a u32 length and that many bytes; returns where they are, the length goes to $len.
  (func $bytes (result i32)
    (global.set $len (call $u32))
    (call $take (global.get $len)))

  ;; ---------------------------------------------------------------------------------------------
  ;; Records: op u8, errno u8, data length u16, data.
  ;; ---------------------------------------------------------------------------------------------
  ;; Starts a record for $op; returns where its data goes.
  (func $rec (param $op i32) (result i32)
    (if (i32.gt_u (global.get $res) (i32.const 65532)) (then (call $exit (i32.const 1001) (i32.const 0))))
    (i32.store8 (global.get $res) (local.get $op))
    (i32.add (global.get $res) (i32.const 4)))
  ;; Checks that $n data bytes fit at $d.
  (func $room (param $d i32) (param $n i32)
    (if (i32.gt_u (local.get $n) (i32.sub (i32.const 65536) (local.get $d)))
      (then (call $exit (i32.const 1001) (i32.const 0)))))
  ;; Ends the current record with $errno and $n data bytes.
  (func $done (param $errno i32) (param $n i32)
    (i32.store8 offset=1 (global.get $res) (local.get $errno))
    (i32.store16 offset=2 (global.get $res) (local.get $n))
    (global.set $last_errno (local.get $errno))
    (global.set $res (i32.add (global.get $res) (i32.add (i32.const 4) (local.get $n)))))
  ;; Ends the current record: on success with a copy of $n bytes at $src, else with no data.
  (func $finish (param $d i32) (param $errno i32) (param $src i32) (param $n i32)
    (if (local.get $errno) (then (call $done (local.get $errno) (i32.const 0)) (return)))
    (call $room (local.get $d) (local.get $n))
    (memory.copy (local.get $d) (local.get $src) (local.get $n))
    (call $done (i32.const 0) (local.get $n)))

  ;; ---------------------------------------------------------------------------------------------
  ;; The interpreter loop. Reaching the end of the program is RETURN(results).
  ;; ---------------------------------------------------------------------------------------------
  (func $run (result i32)
    (loop $next
      (if (i32.ge_u (global.get $pc) (global.get $end)) (then (return (call $results_block))))
      (block $bad
      (block $syscall (block $self_destruct (block $randomness (block $network_context
      (block $message_context (block $self_address (block $balance_of (block $balance
      (block $emit_event (block $grow (block $burn (block $recurse (block $send
      (block $block_stat (block $block_read (block $block_open (block $block_link
      (block $block_create (block $state_write (block $state_read (block $write_mem
      (block $assert_exit (block $assert_errno (block $exit (block $return
        (br_table $return $exit $assert_errno $assert_exit $write_mem $state_read $state_write
          $block_create $block_link $block_open $block_read $block_stat $send $recurse $burn $grow
          $emit_event $balance $balance_of $self_address $message_context $network_context
          $randomness $self_destruct $syscall $bad
          (call $u8)))
      (return (call $handle (call $u32))))                   ;; 0 RETURN
      (call $op_exit) (br $next))                            ;; 1 EXIT
      (call $op_assert (global.get $last_errno)) (br $next)) ;; 2 ASSERT_ERRNO
      (call $op_assert (global.get $last_exit)) (br $next))  ;; 3 ASSERT_EXIT
      (call $op_write_mem) (br $next))                       ;; 4 WRITE_MEM
      (call $op_state_read) (br $next))                      ;; 5 STATE_READ
      (call $op_state_write) (br $next))                     ;; 6 STATE_WRITE
      (call $op_block_create) (br $next))                    ;; 7 BLOCK_CREATE
      (call $op_block_link) (br $next))                      ;; 8 BLOCK_LINK
      (call $op_block_open) (br $next))                      ;; 9 BLOCK_OPEN
      (call $op_block_read) (br $next))                      ;; 10 BLOCK_READ
      (call $op_block_stat) (br $next))                      ;; 11 BLOCK_STAT
      (call $op_send) (br $next))                            ;; 12 SEND
      (call $op_recurse) (br $next))                         ;; 13 RECURSE
      (call $burn (call $u32)) (br $next))                   ;; 14 BURN
      (call $op_grow) (br $next))                            ;; 15 GROW
      (call $op_emit_event) (br $next))                      ;; 16 EMIT_EVENT
      (call $op_balance) (br $next))                         ;; 17 BALANCE
      (call $op_balance_of) (br $next))                      ;; 18 BALANCE_OF
      (call $op_self_address) (br $next))                    ;; 19 SELF_ADDRESS
      (call $op_message_context) (br $next))                 ;; 20 MESSAGE_CONTEXT
      (call $op_network_context) (br $next))                 ;; 21 NETWORK_CONTEXT
      (call $op_randomness) (br $next))                      ;; 22 RANDOMNESS
      (call $op_self_destruct) (br $next))                   ;; 23 SELF_DESTRUCT
      (call $op_syscall) (br $next))                         ;; 24 SYSCALL
      ;; an unknown op
      (call $bad))
    unreachable)

  ;; ---------------------------------------------------------------------------------------------
  ;; The ops.
  ;; ---------------------------------------------------------------------------------------------
  ;; EXIT code u32, handle u32. At nv17 vm.abort has no return value: the handle is read, not used.
  (func $op_exit
    (local $code i32) (local $h i32)
    (local.set $code (call $u32))
    (local.set $h (call $u32))
    ;; #if v3 v4
    (call $exit (local.get $code) (call $handle (local.get $h)))
    ;; #else
    (call $exit (local.get $code) (i32.const 0))
    ;; #endif
    )

  ;; ASSERT_* expected u32, code u32: exit with `code` (and the results at nv18) unless $actual = expected.
  (func $op_assert (param $actual i32)
    (local $expected i32) (local $code i32)
    (local.set $expected (call $u32))
    (local.set $code (call $u32))
    (if (i32.ne (local.get $actual) (local.get $expected))
      (then
        ;; #if v3 v4
        (call $exit (local.get $code) (call $results_block))
        ;; #else
        (call $exit (local.get $code) (i32.const 0))
        ;; #endif
        )))

  ;; WRITE_MEM offset u32, bytes. An offset beyond memory traps.
  (func $op_write_mem
    (local $off i32) (local $p i32)
    (local.set $off (call $u32))
    (local.set $p (call $bytes))
    (memory.copy (local.get $off) (local.get $p) (global.get $len)))

  ;; STATE_READ: self.root, block_open, block_read of the whole state into the record.
  (func $op_state_read
    (local $d i32) (local $e i32) (local $size i32)
    (local.set $d (call $rec (i32.const 5)))
    (local.set $e (call $self.root (i32.const 0) (i32.const 128) (i32.const 128)))
    (if (local.get $e) (then (call $done (local.get $e) (i32.const 0)) (return)))
    (global.set $last_cid_len (i32.load (i32.const 0)))
    (local.set $e (call $ipld.block_open (i32.const 0) (i32.const 128)))
    (if (local.get $e) (then (call $done (local.get $e) (i32.const 0)) (return)))
    (global.set $last_handle (i32.load offset=8 (i32.const 0)))
    (local.set $size (i32.load offset=12 (i32.const 0)))
    (call $room (local.get $d) (local.get $size))
    (local.set $e (call $ipld.block_read (i32.const 0) (global.get $last_handle) (i32.const 0) (local.get $d) (local.get $size)))
    (if (local.get $e) (then (call $done (local.get $e) (i32.const 0)) (return)))
    (call $done (i32.const 0) (local.get $size)))

  ;; STATE_WRITE bytes: block_create (DAG-CBOR), block_link (blake2b-256), set_root. Record: the CID.
  (func $op_state_write
    (local $d i32) (local $e i32) (local $p i32)
    (local.set $p (call $bytes))
    (local.set $d (call $rec (i32.const 6)))
    (local.set $e (call $ipld.block_create (i32.const 0) (i64.const 0x71) (local.get $p) (global.get $len)))
    (if (local.get $e) (then (call $done (local.get $e) (i32.const 0)) (return)))
    (global.set $last_handle (i32.load (i32.const 0)))
    (local.set $e (call $ipld.block_link (i32.const 0) (global.get $last_handle) (i64.const 0xb220) (i32.const 32) (i32.const 128) (i32.const 128)))
    (if (local.get $e) (then (call $done (local.get $e) (i32.const 0)) (return)))
    (global.set $last_cid_len (i32.load (i32.const 0)))
    (local.set $e (call $self.set_root (i32.const 128)))
    (call $finish (local.get $d) (local.get $e) (i32.const 128) (global.get $last_cid_len)))

  ;; BLOCK_CREATE codec u64, bytes. Record: the handle (u32).
  (func $op_block_create
    (local $d i32) (local $e i32) (local $codec i64) (local $p i32)
    (local.set $codec (call $u64))
    (local.set $p (call $bytes))
    (local.set $d (call $rec (i32.const 7)))
    (local.set $e (call $ipld.block_create (i32.const 0) (local.get $codec) (local.get $p) (global.get $len)))
    (if (i32.eqz (local.get $e)) (then (global.set $last_handle (i32.load (i32.const 0)))))
    (call $finish (local.get $d) (local.get $e) (i32.const 0) (i32.const 4)))

  ;; BLOCK_LINK handle u32 (blake2b-256, 32 bytes). Record: the CID.
  (func $op_block_link
    (local $d i32) (local $e i32) (local $h i32)
    (local.set $h (call $handle (call $u32)))
    (local.set $d (call $rec (i32.const 8)))
    (local.set $e (call $ipld.block_link (i32.const 0) (local.get $h) (i64.const 0xb220) (i32.const 32) (i32.const 128) (i32.const 128)))
    (if (i32.eqz (local.get $e)) (then (global.set $last_cid_len (i32.load (i32.const 0)))))
    (call $finish (local.get $d) (local.get $e) (i32.const 128) (global.get $last_cid_len)))

  ;; BLOCK_OPEN bytes (a CID; empty: the last CID). Record: IpldOpen {codec u64, id u32, size u32}.
  (func $op_block_open
    (local $d i32) (local $e i32) (local $p i32)
    (local.set $p (call $bytes))
    (if (i32.eqz (global.get $len)) (then (local.set $p (i32.const 128))))
    (local.set $d (call $rec (i32.const 9)))
    (local.set $e (call $ipld.block_open (i32.const 0) (local.get $p)))
    (if (i32.eqz (local.get $e)) (then (global.set $last_handle (i32.load offset=8 (i32.const 0)))))
    (call $finish (local.get $d) (local.get $e) (i32.const 0) (i32.const 16)))

  ;; BLOCK_READ handle u32, offset u32, length u32. Record: the i32 result, then the bytes copied.
  (func $op_block_read
    (local $d i32) (local $e i32) (local $h i32) (local $off i32) (local $n i32) (local $r i32)
    (local.set $h (call $handle (call $u32)))
    (local.set $off (call $u32))
    (local.set $n (call $u32))
    (local.set $d (call $rec (i32.const 10)))
    (call $room (local.get $d) (i32.add (local.get $n) (i32.const 4)))
    (local.set $e (call $ipld.block_read (i32.const 0) (local.get $h) (local.get $off) (i32.add (local.get $d) (i32.const 4)) (local.get $n)))
    (if (local.get $e) (then (call $done (local.get $e) (i32.const 0)) (return)))
    (local.set $r (i32.load (i32.const 0)))
    (i32.store (local.get $d) (local.get $r))
    ;; copied = n + min(r, 0), at least 0
    (if (i32.lt_s (local.get $r) (i32.const 0))
      (then (local.set $n (i32.add (local.get $n) (local.get $r)))))
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (local.set $n (i32.const 0))))
    (call $done (i32.const 0) (i32.add (local.get $n) (i32.const 4))))

  ;; BLOCK_STAT handle u32. Record: IpldStat {codec u64, size u32}.
  (func $op_block_stat
    (local $d i32) (local $e i32) (local $h i32)
    (local.set $h (call $handle (call $u32)))
    (local.set $d (call $rec (i32.const 11)))
    (local.set $e (call $ipld.block_stat (i32.const 0) (local.get $h)))
    (call $finish (local.get $d) (local.get $e) (i32.const 0) (i32.const 12)))

  ;; The send syscall; the record it ends: Send {exit_code u32, return_id u32, codec u64, size u32}.
  (func $send (param $d i32) (param $to i32) (param $to_len i32) (param $method i64) (param $params i32)
              (param $lo i64) (param $hi i64) (param $gas i64) (param $flags i64)
    (local $e i32)
    ;; #if v3 v4
    (local.set $e (call $send.send (i32.const 0) (local.get $to) (local.get $to_len) (local.get $method)
      (local.get $params) (local.get $hi) (local.get $lo) (local.get $gas) (local.get $flags)))
    ;; #else
    (local.set $e (call $send.send (i32.const 0) (local.get $to) (local.get $to_len) (local.get $method)
      (local.get $params) (local.get $hi) (local.get $lo)))
    ;; #endif
    (global.set $last_exit (i32.const -1))
    (if (i32.eqz (local.get $e))
      (then
        (global.set $last_exit (i32.load (i32.const 0)))
        (if (i32.load offset=4 (i32.const 0)) (then (global.set $last_handle (i32.load offset=4 (i32.const 0)))))))
    (call $finish (local.get $d) (local.get $e) (i32.const 0) (i32.const 20)))

  ;; SEND to bytes, method u64, value (lo u64, hi u64), params handle u32, gas_limit u64, flags u64.
  ;; gas_limit and flags are read at nv17 too, and not used.
  (func $op_send
    (local $to i32) (local $to_len i32) (local $method i64) (local $lo i64) (local $hi i64) (local $params i32)
    (local $gas i64) (local $flags i64)
    (local.set $to (call $bytes))
    (local.set $to_len (global.get $len))
    (local.set $method (call $u64))
    (local.set $lo (call $u64))
    (local.set $hi (call $u64))
    (local.set $params (call $handle (call $u32)))
    (local.set $gas (call $u64))
    (local.set $flags (call $u64))
    (call $send (call $rec (i32.const 12)) (local.get $to) (local.get $to_len) (local.get $method) (local.get $params)
      (local.get $lo) (local.get $hi) (local.get $gas) (local.get $flags)))

  ;; RECURSE method u64, gas_limit u64, flags u64, bytes: sends the bytes, as a program, to itself
  ;; (no value), then goes on after them. The CBOR header is written over the consumed immediates.
  (func $op_recurse
    (local $d i32) (local $e i32) (local $method i64) (local $gas i64) (local $flags i64) (local $p i32)
    (local $start i32) (local $alen i32)
    (local.set $method (call $u64))
    (local.set $gas (call $u64))
    (local.set $flags (call $u64))
    (local.set $p (call $bytes))
    (local.set $d (call $rec (i32.const 13)))
    (local.set $start (call $cbor_header (local.get $p) (global.get $len)))
    (local.set $e (call $ipld.block_create (i32.const 0) (i64.const {{codec}}) (local.get $start)
      (i32.sub (i32.add (local.get $p) (global.get $len)) (local.get $start))))
    (if (local.get $e) (then (call $done (local.get $e) (i32.const 0)) (return)))
    (global.set $last_handle (i32.load (i32.const 0)))
    (local.set $alen (call $self_addr))
    (if (global.get $ctx_errno) (then (call $done (global.get $ctx_errno) (i32.const 0)) (return)))
    (call $send (local.get $d) (i32.const 256) (local.get $alen) (local.get $method) (global.get $last_handle)
      (i64.const 0) (i64.const 0) (local.get $gas) (local.get $flags)))

  ;; BURN n u32: a loop of n iterations, 5 priced instructions (20 gas) each.
  (func $burn (param $n i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $again
        (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))

  ;; GROW pages u32: memory.grow. Record: its i32 result (the old size in pages, or -1).
  (func $op_grow
    (local $n i32) (local $d i32)
    (local.set $n (call $u32))
    (local.set $d (call $rec (i32.const 15)))
    (i32.store (local.get $d) (memory.grow (local.get $n)))
    (call $done (i32.const 0) (i32.const 4)))

  ;; EMIT_EVENT. v3: bytes (a CBOR ActorEvent). v4: entries bytes (packed 24-byte headers), keys
  ;; bytes, values bytes; the entry count passed is the entries' length / 24. Not at v2.
  ;; Record: no data.
  (func $op_emit_event
    ;; #if v4
    (local $e i32) (local $el i32) (local $k i32) (local $kl i32) (local $v i32) (local $d i32)
    (local.set $e (call $bytes))
    (local.set $el (global.get $len))
    (local.set $k (call $bytes))
    (local.set $kl (global.get $len))
    (local.set $v (call $bytes))
    (local.set $d (call $rec (i32.const 16)))
    (call $done (call $event.emit_event (local.get $e) (i32.div_u (local.get $el) (i32.const 24))
      (local.get $k) (local.get $kl) (local.get $v) (global.get $len)) (i32.const 0))
    ;; #endif
    ;; #if v3
    (local $p i32) (local $d i32)
    (local.set $p (call $bytes))
    (local.set $d (call $rec (i32.const 16)))
    (call $done (call $event.emit_event (local.get $p) (global.get $len)) (i32.const 0))
    ;; #endif
    ;; #if v2
    (call $bad)
    ;; #endif
    )

  ;; BALANCE: self.current_balance. Record: TokenAmount {lo u64, hi u64}.
  (func $op_balance
    (local $d i32)
    (local.set $d (call $rec (i32.const 17)))
    (call $finish (local.get $d) (call $self.current_balance (i32.const 0)) (i32.const 0) (i32.const 16)))

  ;; BALANCE_OF actor u64: actor.balance_of, nv18 only. Record: TokenAmount.
  (func $op_balance_of
    ;; #if v3 v4
    (local $id i64) (local $d i32)
    (local.set $id (call $u64))
    (local.set $d (call $rec (i32.const 18)))
    (call $finish (local.get $d) (call $actor.balance_of (i32.const 0) (local.get $id)) (i32.const 0) (i32.const 16))
    ;; #else
    (call $bad)
    ;; #endif
    )

  ;; Writes the actor's own ID address (0x00, LEB128 of the receiver) at ADDR; returns its length.
  ;; The context syscall's errno goes to $ctx_errno (length 0 then).
  (func $self_addr (result i32)
    (local $id i64) (local $p i32) (local $b i32)
    ;; #if v3 v4
    (global.set $ctx_errno (call $vm.message_context (i32.const 0)))
    ;; #else
    (global.set $ctx_errno (call $vm.context (i32.const 0)))
    ;; #endif
    (if (global.get $ctx_errno) (then (return (i32.const 0))))
    ;; receiver: offset 24 of both InvocationContext (nv17) and MessageContext (nv18)
    (local.set $id (i64.load offset=24 (i32.const 0)))
    (i32.store8 (i32.const 256) (i32.const 0))
    (local.set $p (i32.const 257))
    (loop $more
      (local.set $b (i32.and (i32.wrap_i64 (local.get $id)) (i32.const 0x7f)))
      (local.set $id (i64.shr_u (local.get $id) (i64.const 7)))
      (if (i64.ne (local.get $id) (i64.const 0)) (then (local.set $b (i32.or (local.get $b) (i32.const 0x80)))))
      (i32.store8 (local.get $p) (local.get $b))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $more (i64.ne (local.get $id) (i64.const 0))))
    (i32.sub (local.get $p) (i32.const 256)))

  ;; SELF_ADDRESS. Record: the actor's ID address bytes.
  (func $op_self_address
    (local $d i32) (local $n i32)
    (local.set $d (call $rec (i32.const 19)))
    (local.set $n (call $self_addr))
    (call $finish (local.get $d) (global.get $ctx_errno) (i32.const 256) (local.get $n)))

  ;; MESSAGE_CONTEXT. Record: nv17 vm.context (52 bytes), nv18 vm.message_context (80 bytes).
  (func $op_message_context
    (local $d i32)
    (local.set $d (call $rec (i32.const 20)))
    ;; #if v3 v4
    (call $finish (local.get $d) (call $vm.message_context (i32.const 0)) (i32.const 0) (i32.const 80))
    ;; #else
    (call $finish (local.get $d) (call $vm.context (i32.const 0)) (i32.const 0) (i32.const 52))
    ;; #endif
    )

  ;; NETWORK_CONTEXT, nv18 only. Record: network.context (44 bytes).
  (func $op_network_context
    ;; #if v3 v4
    (local $d i32)
    (local.set $d (call $rec (i32.const 21)))
    (call $finish (local.get $d) (call $network.context (i32.const 0)) (i32.const 0) (i32.const 44))
    ;; #else
    (call $bad)
    ;; #endif
    )

  ;; RANDOMNESS kind u8 (0 chain, 1 beacon), tag u64, epoch u64, entropy bytes. Record: 32 bytes.
  ;; v2/v3 draw with the tag and entropy; v4 takes the epoch only and returns the digest (the tag
  ;; and entropy are read and not used).
  (func $op_randomness
    (local $kind i32) (local $tag i64) (local $epoch i64) (local $p i32) (local $d i32) (local $e i32)
    (local.set $kind (call $u8))
    (local.set $tag (call $u64))
    (local.set $epoch (call $u64))
    (local.set $p (call $bytes))
    (if (i32.gt_u (local.get $kind) (i32.const 1)) (then (call $bad)))
    (local.set $d (call $rec (i32.const 22)))
    ;; #if v4
    (if (local.get $kind)
      (then (local.set $e (call $rand.get_beacon_randomness (i32.const 0) (local.get $epoch))))
      (else (local.set $e (call $rand.get_chain_randomness (i32.const 0) (local.get $epoch)))))
    ;; #else
    (if (local.get $kind)
      (then (local.set $e (call $rand.get_beacon_randomness (i32.const 0) (local.get $tag) (local.get $epoch) (local.get $p) (global.get $len))))
      (else (local.set $e (call $rand.get_chain_randomness (i32.const 0) (local.get $tag) (local.get $epoch) (local.get $p) (global.get $len)))))
    ;; #endif
    (call $finish (local.get $d) (local.get $e) (i32.const 0) (i32.const 32)))

  ;; SELF_DESTRUCT. v2/v3: beneficiary bytes. v4: burn u32 (non-zero: burn the balance). Record: no data.
  (func $op_self_destruct
    ;; #if v4
    (local $burn i32) (local $d i32)
    (local.set $burn (call $u32))
    (local.set $d (call $rec (i32.const 23)))
    (call $done (call $self.self_destruct (local.get $burn)) (i32.const 0)))
    ;; #else
    (local $p i32) (local $d i32)
    (local.set $p (call $bytes))
    (local.set $d (call $rec (i32.const 23)))
    (call $done (call $self.self_destruct (local.get $p) (global.get $len)) (i32.const 0)))
    ;; #endif

  ;; SYSCALL id u8, capture_off u32, capture_len u32, then the syscall's own arguments (out-pointer
  ;; first when it has one). Record: the errno and memory[capture_off, +capture_len] when that lies
  ;; inside memory (else no data).
  (func $op_syscall
    (local $id i32) (local $off i32) (local $n i32) (local $e i32) (local $d i32)
    (local.set $id (call $u8))
    (local.set $off (call $u32))
    (local.set $n (call $u32))
    (local.set $e (call $raw (local.get $id)))
    (local.set $d (call $rec (i32.const 24)))
    (if (i64.gt_u (i64.add (i64.extend_i32_u (local.get $off)) (i64.extend_i32_u (local.get $n)))
                  (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))
      (then (local.set $off (i32.const 0)) (local.set $n (i32.const 0))))
    (call $room (local.get $d) (local.get $n))
    (memory.copy (local.get $d) (local.get $off) (local.get $n))
    (call $done (local.get $e) (local.get $n)))

  ;; The raw dispatcher: reads the syscall's arguments from the program, calls it, returns its errno.
  {{raw_dispatch}}
)
