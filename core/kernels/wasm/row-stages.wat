;; Row stages of the pair kernels (core/kernels/rows.ts) in WebAssembly SIMD, f64x2, for large d.
;;   gram:       out[t] = <x_i, x_j>                          t = 0..count-1, x_j = row j0 + t
;;   accumulate: acc += sum_t w_t x_j,   col_j += w_t x_i      (the two halves of a symmetric pair)
;;   gather:     acc += sum_t w_t x_j
;; All addresses are byte addresses in the shared memory; rows have d doubles (stride 8 d bytes).
;; Four lanes per step (two f64x2), then a scalar tail for d mod 4.
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func (export "gram") (param $xi i32) (param $xj i32) (param $count i32) (param $d i32) (param $out i32)
    (local $stride i32) (local $vecBytes i32) (local $end i32) (local $k i32)
    (local $a v128) (local $b v128) (local $dot f64)
    (local.set $stride (i32.shl (local.get $d) (i32.const 3)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $d) (i32.const -4)) (i32.const 3)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a (v128.const f64x2 0 0))
        (local.set $b (v128.const f64x2 0 0))
        (local.set $k (i32.const 0))
        (block $vdone
          (loop $vec
            (br_if $vdone (i32.ge_u (local.get $k) (local.get $vecBytes)))
            (local.set $a (f64x2.add (local.get $a)
              (f64x2.mul (v128.load (i32.add (local.get $xi) (local.get $k)))
                         (v128.load (i32.add (local.get $xj) (local.get $k))))))
            (local.set $b (f64x2.add (local.get $b)
              (f64x2.mul (v128.load offset=16 (i32.add (local.get $xi) (local.get $k)))
                         (v128.load offset=16 (i32.add (local.get $xj) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 32)))
            (br $vec)))
        (local.set $a (f64x2.add (local.get $a) (local.get $b)))
        (local.set $dot (f64.add (f64x2.extract_lane 0 (local.get $a)) (f64x2.extract_lane 1 (local.get $a))))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u (local.get $k) (local.get $stride)))
            (local.set $dot (f64.add (local.get $dot)
              (f64.mul (f64.load (i32.add (local.get $xi) (local.get $k)))
                       (f64.load (i32.add (local.get $xj) (local.get $k))))))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $tail)))
        (f64.store (local.get $out) (local.get $dot))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $xj (i32.add (local.get $xj) (local.get $stride)))
        (br $rows))))

  ;; $col = 0 skips the column half (gather).
  (func $pairs (param $xi i32) (param $xj i32) (param $count i32) (param $d i32) (param $w i32)
               (param $acc i32) (param $col i32)
    (local $stride i32) (local $vecBytes i32) (local $end i32) (local $k i32)
    (local $t v128) (local $ts f64) (local $p i32) (local $q i32)
    (local.set $stride (i32.shl (local.get $d) (i32.const 3)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $d) (i32.const -4)) (i32.const 3)))
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $count) (i32.const 3))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $ts (f64.load (local.get $w)))
        (local.set $t (f64x2.splat (local.get $ts)))
        (local.set $k (i32.const 0))
        (block $vdone
          (loop $vec
            (br_if $vdone (i32.ge_u (local.get $k) (local.get $vecBytes)))
            (local.set $p (i32.add (local.get $acc) (local.get $k)))
            (local.set $q (i32.add (local.get $xj) (local.get $k)))
            (v128.store (local.get $p)
              (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $t) (v128.load (local.get $q)))))
            (v128.store offset=16 (local.get $p)
              (f64x2.add (v128.load offset=16 (local.get $p)) (f64x2.mul (local.get $t) (v128.load offset=16 (local.get $q)))))
            (if (local.get $col)
              (then
                (local.set $p (i32.add (local.get $col) (local.get $k)))
                (local.set $q (i32.add (local.get $xi) (local.get $k)))
                (v128.store (local.get $p)
                  (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $t) (v128.load (local.get $q)))))
                (v128.store offset=16 (local.get $p)
                  (f64x2.add (v128.load offset=16 (local.get $p)) (f64x2.mul (local.get $t) (v128.load offset=16 (local.get $q)))))))
            (local.set $k (i32.add (local.get $k) (i32.const 32)))
            (br $vec)))
        (block $tdone
          (loop $tail
            (br_if $tdone (i32.ge_u (local.get $k) (local.get $stride)))
            (local.set $p (i32.add (local.get $acc) (local.get $k)))
            (f64.store (local.get $p)
              (f64.add (f64.load (local.get $p)) (f64.mul (local.get $ts) (f64.load (i32.add (local.get $xj) (local.get $k))))))
            (if (local.get $col)
              (then
                (local.set $p (i32.add (local.get $col) (local.get $k)))
                (f64.store (local.get $p)
                  (f64.add (f64.load (local.get $p)) (f64.mul (local.get $ts) (f64.load (i32.add (local.get $xi) (local.get $k))))))))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $tail)))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        (local.set $xj (i32.add (local.get $xj) (local.get $stride)))
        (if (local.get $col) (then (local.set $col (i32.add (local.get $col) (local.get $stride)))))
        (br $rows))))

  (func (export "accumulate") (param $xi i32) (param $xj i32) (param $count i32) (param $d i32) (param $w i32)
                              (param $acc i32) (param $col i32)
    (call $pairs (local.get $xi) (local.get $xj) (local.get $count) (local.get $d) (local.get $w)
                 (local.get $acc) (local.get $col)))

  (func (export "gather") (param $xj i32) (param $count i32) (param $d i32) (param $w i32) (param $acc i32)
    (call $pairs (i32.const 0) (local.get $xj) (local.get $count) (local.get $d) (local.get $w)
                 (local.get $acc) (i32.const 0))))
