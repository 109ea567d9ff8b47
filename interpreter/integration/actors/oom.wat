  ;; oom: ref-fvm's `fil-oom-actor` (fvm@v4.8.2:testing/test_actors/actors/fil-oom-actor/src/lib.rs)
  ;; for methods 4, 1 and 2, in wasm terms: the Rust actor allocates with its allocator (which
  ;; grows the linear memory) and an allocation that cannot grow it fails with a trap (exit 4).
  ;;   4 allocate_max: grow the memory to the instance limit, 512 MiB = 8192 pages (the Rust
  ;;     actor allocates up to within 1024 bytes of it);
  ;;   1 allocate_max_plus_a_bit: the same, then one page more: the grow fails → trap;
  ;;   2 allocate_many: grow by 1 MiB (16 pages) until a grow fails → trap.
  (func (export "invoke") (param i32) (result i32)
    (local $m i64)
    (local.set $m (call $method))
    (if (i64.eq (local.get $m) (i64.const 2))
      (then (loop $more (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))) unreachable))
    (if (i32.eq (memory.grow (i32.sub (i32.const 8192) (memory.size))) (i32.const -1)) (then unreachable))
    (call $assert (i32.eq (memory.size) (i32.const 8192)))
    (if (i64.eq (local.get $m) (i64.const 1))
      (then (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))))
    (i32.const 0))
