;; A stub actor: every method exits 22 (USR_UNHANDLED_MESSAGE), with the actor's name as the exit
;; message. bundle.ts builds one per manifest name it has no real actor for (`{{ name }}`,
;; `{{ name_len }}`); the name in the data segment also makes each stub's code CID distinct.
(module
  ;; #if v3 v4
  (import "vm" "exit" (func $exit (param i32 i32 i32 i32) (result i32)))
  ;; #else
  (import "vm" "abort" (func $abort (param i32 i32 i32) (result i32)))
  ;; #endif
  (memory (export "memory") 1)
  (data (i32.const 0) "{{name}}")
  (func (export "invoke") (param i32) (result i32)
    ;; #if v3 v4
    (drop (call $exit (i32.const 22) (i32.const 0) (i32.const 0) (i32.const {{name_len}})))
    ;; #else
    (drop (call $abort (i32.const 22) (i32.const 0) (i32.const {{name_len}})))
    ;; #endif
    (i32.const 0)))
