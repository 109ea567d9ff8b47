;; account: method 1 (Constructor), called by the system actor when a send auto-creates an account,
;; stores its params — the CBOR byte string of the address — as the state `[address]` (DAG-CBOR):
;; the byte 0x81 (an array of one) followed by the params bytes, linked with blake2b-256 and set as
;; the root. Every other method exits 22 (USR_UNHANDLED_MESSAGE); a constructor called by anyone but
;; the system actor exits 18 (USR_FORBIDDEN); params that are missing or longer than 128 bytes exit
;; 16 (USR_ILLEGAL_ARGUMENT); a failure to write the state exits 20 (USR_ILLEGAL_STATE).
;;
;; Memory: 0..79 out-values (the context, then the syscall results), 96..159 the state CID,
;; 255 the byte 0x81, 256..383 the params.
(module
  ;; #if v3 v4
  (import "vm" "exit" (func $vm_exit (param i32 i32 i32 i32) (result i32)))
  (import "vm" "message_context" (func $context (param i32) (result i32)))
  ;; #else
  (import "vm" "abort" (func $abort (param i32 i32 i32) (result i32)))
  (import "vm" "context" (func $context (param i32) (result i32)))
  ;; #endif
  (import "ipld" "block_read" (func $block_read (param i32 i32 i32 i32 i32) (result i32)))
  (import "ipld" "block_create" (func $block_create (param i32 i64 i32 i32) (result i32)))
  (import "ipld" "block_link" (func $block_link (param i32 i32 i64 i32 i32 i32) (result i32)))
  (import "self" "set_root" (func $set_root (param i32) (result i32)))
  (memory (export "memory") 1)

  (func $exit (param $code i32)
    ;; #if v3 v4
    (drop (call $vm_exit (local.get $code) (i32.const 0) (i32.const 0) (i32.const 0)))
    ;; #else
    (drop (call $abort (local.get $code) (i32.const 0) (i32.const 0)))
    ;; #endif
    )

  (func (export "invoke") (param $params i32) (result i32)
    (local $size i32)
    (drop (call $context (i32.const 0)))
    ;; method (offset 32) must be 1, caller (offset 16) the system actor f00
    (if (i64.ne (i64.load offset=32 (i32.const 0)) (i64.const 1)) (then (call $exit (i32.const 22))))
    (if (i64.ne (i64.load offset=16 (i32.const 0)) (i64.const 0)) (then (call $exit (i32.const 18))))
    ;; read the params to 256; block_read answers size - 128 (negative when shorter)
    (if (call $block_read (i32.const 0) (local.get $params) (i32.const 0) (i32.const 256) (i32.const 128))
      (then (call $exit (i32.const 16))))
    (if (i32.gt_s (i32.load (i32.const 0)) (i32.const 0)) (then (call $exit (i32.const 16))))
    (local.set $size (i32.add (i32.const 129) (i32.load (i32.const 0))))
    ;; [address] = 0x81 ++ params
    (i32.store8 (i32.const 255) (i32.const 0x81))
    (if (call $block_create (i32.const 0) (i64.const 0x71) (i32.const 255) (local.get $size))
      (then (call $exit (i32.const 20))))
    (if (call $block_link (i32.const 0) (i32.load (i32.const 0)) (i64.const 0xb220) (i32.const 32) (i32.const 96) (i32.const 64))
      (then (call $exit (i32.const 20))))
    (if (call $set_root (i32.const 96)) (then (call $exit (i32.const 20))))
    (i32.const 0)))
