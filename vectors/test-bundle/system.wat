;; system: method 1 (Constructor) returns nothing (exit 0); every other method exits 22
;; (USR_UNHANDLED_MESSAGE). It keeps no state of its own beyond the `[manifest]` genesis writes.
(module
  ;; #if v3 v4
  (import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))
  (import "vm" "message_context" (func $context (param i32) (result i32)))
  ;; #else
  (import "vm" "abort" (func $abort (param i32 i32 i32) (result i32)))
  (import "vm" "context" (func $context (param i32) (result i32)))
  ;; #endif
  (memory (export "memory") 1)
  (func (export "invoke") (param i32) (result i32)
    (drop (call $context (i32.const 0)))
    ;; the method: offset 32 of both InvocationContext (nv17) and MessageContext (nv18)
    (if (i64.ne (i64.load offset=32 (i32.const 0)) (i64.const 1))
      (then
        ;; #if v3 v4
        (drop (call $exit (i32.const 22) (i32.const 0) (i32.const 0) (i32.const 0)))
        ;; #else
        (drop (call $abort (i32.const 22) (i32.const 0) (i32.const 0)))
        ;; #endif
        ))
    (i32.const 0)))
