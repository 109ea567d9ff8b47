  ;; ipld: ref-fvm's `fil-ipld-actor` (fvm@v4.8.2:testing/test_actors/actors/fil-ipld-actor/src/
  ;; actor.rs): the same five groups of raw ipld calls with the same sizes, arguments and expected
  ;; errors; a failed assertion exits 24. `gen_test_bytes(n)` is the CBOR byte string of the bytes
  ;; i mod 256, i < n; every block is DAG-CBOR. Where the Rust actor calls an SDK helper:
  ;; `ipld::put` = block_create + block_link (blake2b-256, 32); `ipld::get(cid)` = block_open +
  ;; read; `get_block(id, hint)` = block_read with a buffer of the hint (the stat size when none),
  ;; then of the rest. Error numbers: IllegalArgument 1, LimitExceeded 3, InvalidHandle 7,
  ;; IllegalCid 8, IllegalCodec 9, BufferTooSmall 12.
  ;; Memory: grown to 21 pages; 0x10000: the test bytes; 0x130000: a read buffer (0x10000 bytes);
  ;; 1000: a CID buffer (MAX_CID_LEN 100).

  ;; gen_test_bytes(n) at 0x10000; returns the total length.
  (func $gen (param $n i32) (result i32)
    (local $h i32) (local $i i32)
    (local.set $h (call $cbor_put (i32.const 0x10000) (i32.const 2) (i64.extend_i32_u (local.get $n))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store8 (i32.add (i32.add (i32.const 0x10000) (local.get $h)) (local.get $i)) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.add (local.get $h) (local.get $n)))

  ;; put (create + link into 1000); returns the CID length.
  (func $put (param $len i32) (result i32)
    (call $expect (call $ipld.block_link (i32.const 0) (call $create (i64.const 0x71) (i32.const 0x10000) (local.get $len))
      (i64.const 0xb220) (i32.const 32) (i32.const 1000) (i32.const 100)) (i32.const 0))
    (i32.load (i32.const 0)))

  ;; block_read → the i32 remaining (asserts success).
  (func $read (param $id i32) (param $off i32) (param $buf i32) (param $len i32) (result i32)
    (call $expect (call $ipld.block_read (i32.const 0) (local.get $id) (local.get $off) (local.get $buf) (local.get $len)) (i32.const 0))
    (i32.load (i32.const 0)))

  ;; `get_block(id, hint)` into 0x130000 (hint 0: the stat size); asserts it equals the test bytes ($len).
  (func $get_block (param $id i32) (param $hint i32) (param $len i32)
    (local $rem i32)
    (if (i32.eqz (local.get $hint))
      (then
        (call $expect (call $ipld.block_stat (i32.const 0) (local.get $id)) (i32.const 0))
        (local.set $hint (i32.load offset=8 (i32.const 0)))))
    (local.set $rem (call $read (local.get $id) (i32.const 0) (i32.const 0x130000) (local.get $hint)))
    (if (i32.gt_s (local.get $rem) (i32.const 0))
      (then (drop (call $read (local.get $id) (local.get $hint) (i32.add (i32.const 0x130000) (local.get $hint)) (local.get $rem)))))
    (call $assert (call $eq (i32.const 0x130000) (i32.const 0x10000) (local.get $len))))

  (func $test_open_block
    (local $len i32)
    (local.set $len (call $gen (i32.const 1024)))
    (drop (call $put (local.get $len)))
    (call $expect (call $ipld.block_open (i32.const 0) (i32.const 1000)) (i32.const 0))
    (memory.fill (i32.const 1000) (i32.const 0) (i32.const 100))
    (call $expect (call $ipld.block_open (i32.const 0) (i32.const 1000)) (i32.const 1))
    ;; the low byte of 338473423 (0xcf = 207) as a pointer: no CID there
    (memory.fill (i32.const 207) (i32.const 0) (i32.const 1))
    (call $expect (call $ipld.block_open (i32.const 0) (i32.const 207)) (i32.const 1)))

  (func $test_read_block
    (local $len i32) (local $id i32)
    (local.set $len (call $gen (i32.const 10240)))
    (drop (call $put (local.get $len)))
    ;; ipld::get(k)
    (call $expect (call $ipld.block_open (i32.const 0) (i32.const 1000)) (i32.const 0))
    (call $get_block (i32.load offset=8 (i32.const 0)) (i32.const 0) (local.get $len))
    ;; reopen: codec and size
    (call $expect (call $ipld.block_open (i32.const 0) (i32.const 1000)) (i32.const 0))
    (call $assert (i64.eq (i64.load (i32.const 0)) (i64.const 0x71)))
    (call $assert (i32.eq (i32.load offset=12 (i32.const 0)) (local.get $len)))
    (local.set $id (i32.load offset=8 (i32.const 0)))
    (memory.fill (i32.const 0x130000) (i32.const 0) (i32.const 0x10000))
    (call $assert (i32.eq (call $read (local.get $id) (i32.const 0) (i32.const 0x130000) (i32.mul (local.get $len) (i32.const 2)))
      (i32.sub (i32.const 0) (local.get $len))))
    (call $assert (call $eq (i32.const 0x130000) (i32.const 0x10000) (local.get $len)))
    (memory.fill (i32.const 0x130000) (i32.const 0) (i32.const 0x10000))
    (call $assert (i32.eq (call $read (local.get $id) (i32.const 10) (i32.const 0x130000) (i32.const 10)) (i32.sub (local.get $len) (i32.const 20))))
    (call $assert (call $eq (i32.const 0x130000) (i32.const 0x1000a) (i32.const 10)))
    (call $assert (i32.eq (call $read (local.get $id) (i32.add (local.get $len) (i32.const 10)) (i32.const 0x130000) (i32.const 10)) (i32.const -20)))
    (call $get_block (local.get $id) (i32.const 0) (local.get $len))
    (call $get_block (local.get $id) (i32.const 10) (local.get $len))
    (call $get_block (local.get $id) (local.get $len) (local.get $len))
    (call $get_block (local.get $id) (i32.add (local.get $len) (i32.const 10)) (local.get $len))
    (call $expect (call $ipld.block_read (i32.const 0) (local.get $id) (i32.const 0x80000000) (i32.const 0x130000) (i32.const 0)) (i32.const 1))
    (call $expect (call $ipld.block_read (i32.const 0) (local.get $id) (i32.const 0) (i32.const 0x130000) (i32.const 0x80000000)) (i32.const 1))
    (call $expect (call $ipld.block_read (i32.const 0) (local.get $id) (i32.const 0x7ffffff5) (i32.const 0x130000) (i32.const 20)) (i32.const 1)))

  (func $test_create_block
    (local $len i32)
    (local.set $len (call $gen (i32.const 100)))
    (call $expect (call $ipld.block_create (i32.const 0) (i64.const 191919) (i32.const 0x10000) (local.get $len)) (i32.const 9))
    (local.set $len (call $gen (i32.const 1048568)))
    (call $expect (call $ipld.block_create (i32.const 0) (i64.const 0x71) (i32.const 0x10000) (local.get $len)) (i32.const 0))
    (local.set $len (call $gen (i32.const 1048584)))
    (call $expect (call $ipld.block_create (i32.const 0) (i64.const 0x71) (i32.const 0x10000) (local.get $len)) (i32.const 3)))

  (func $test_stat_block
    (local $len i32) (local $id i32)
    (local.set $len (call $gen (i32.const 10240)))
    (local.set $id (call $create (i64.const 0x71) (i32.const 0x10000) (local.get $len)))
    (call $expect (call $ipld.block_link (i32.const 0) (local.get $id) (i64.const 0xb220) (i32.const 32) (i32.const 1000) (i32.const 100)) (i32.const 0))
    (call $expect (call $ipld.block_stat (i32.const 0) (local.get $id)) (i32.const 0))
    (call $assert (i64.eq (i64.load (i32.const 0)) (i64.const 0x71)))
    (call $assert (i32.eq (i32.load offset=8 (i32.const 0)) (local.get $len)))
    (call $expect (call $ipld.block_stat (i32.const 0) (i32.const 1919)) (i32.const 7)))

  (func $test_link_block
    (local $len i32) (local $id i32)
    (local.set $len (call $gen (i32.const 10240)))
    (local.set $id (call $create (i64.const 0x71) (i32.const 0x10000) (local.get $len)))
    (call $expect (call $ipld.block_link (i32.const 0) (local.get $id) (i64.const 0xb220) (i32.const 32) (i32.const 1000) (i32.const 100)) (i32.const 0))
    (call $expect (call $ipld.block_link (i32.const 0) (i32.const 1919) (i64.const 0xb220) (i32.const 32) (i32.const 1000) (i32.const 100)) (i32.const 7))
    (call $expect (call $ipld.block_link (i32.const 0) (local.get $id) (i64.const 0xb220) (i32.const 32) (i32.const 1200) (i32.const 3)) (i32.const 12))
    (call $expect (call $ipld.block_link (i32.const 0) (local.get $id) (i64.const 0x1919) (i32.const 32) (i32.const 1000) (i32.const 100)) (i32.const 8))
    (call $expect (call $ipld.block_link (i32.const 0) (local.get $id) (i64.const 0xb220) (i32.const 31) (i32.const 1000) (i32.const 100)) (i32.const 8)))

  (func (export "invoke") (param i32) (result i32)
    (call $assert (i32.ne (memory.grow (i32.const 20)) (i32.const -1)))
    (call $test_open_block)
    (call $test_read_block)
    (call $test_create_block)
    (call $test_stat_block)
    (call $test_link_block)
    (i32.const 0))
