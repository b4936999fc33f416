;; Row stages of the pair kernels (core/kernels/rows.ts) in WebAssembly SIMD, f64x2, for large d.
;;   gram:       out[t] = <x_i, x_j>                          t = 0..count-1, x_j = row j0 + t
;;   accumulate: acc += sum_t w_t x_j,   col_j += w_t x_i      (the two halves of a symmetric pair)
;;   gather:     acc += sum_t w_t x_j
;; All addresses are byte addresses in the shared memory; rows have d doubles (stride 8 d bytes).
;; Dot products: four lanes per step (two f64x2), two rows j at once, then a scalar tail for d mod 4.
;; Pair sums: eight lanes per group with the row sums in registers, then the same as dot products.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; One dot product <x_i, x_j> into $out, four lanes per step then the scalar tail.
  (func $dot (param $xi i32) (param $xj i32) (param $stride i32) (param $vecBytes i32) (result f64)
    (local $k i32) (local $a v128) (local $b v128) (local $dot f64)
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
    (local.get $dot))

  ;; Rows j in pairs where d is a multiple of 4 (x_i loaded once for two rows), else one at a time.
  (func $gram (export "gram") (param $xi i32) (param $xj i32) (param $count i32) (param $d i32) (param $out i32)
    (local $stride i32) (local $vecBytes i32) (local $end i32) (local $k i32) (local $xk i32)
    (local $u v128) (local $v v128) (local $a0 v128) (local $b0 v128) (local $a1 v128) (local $b1 v128)
    (local.set $stride (i32.shl (local.get $d) (i32.const 3)))
    (local.set $vecBytes (i32.shl (i32.and (local.get $d) (i32.const -4)) (i32.const 3)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 3))))
    (if (i32.eq (local.get $vecBytes) (local.get $stride))
      (then
        (block $pdone
          (loop $pairs
            (br_if $pdone (i32.gt_u (i32.add (local.get $out) (i32.const 16)) (local.get $end)))
            (local.set $a0 (v128.const f64x2 0 0))
            (local.set $b0 (v128.const f64x2 0 0))
            (local.set $a1 (v128.const f64x2 0 0))
            (local.set $b1 (v128.const f64x2 0 0))
            (local.set $k (i32.const 0))
            (block $vdone
              (loop $vec
                (br_if $vdone (i32.ge_u (local.get $k) (local.get $stride)))
                (local.set $u (v128.load (i32.add (local.get $xi) (local.get $k))))
                (local.set $v (v128.load offset=16 (i32.add (local.get $xi) (local.get $k))))
                (local.set $xk (i32.add (local.get $xj) (local.get $k)))
                (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $u) (v128.load (local.get $xk)))))
                (local.set $b0 (f64x2.add (local.get $b0) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $xk)))))
                (local.set $xk (i32.add (local.get $xk) (local.get $stride)))
                (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $u) (v128.load (local.get $xk)))))
                (local.set $b1 (f64x2.add (local.get $b1) (f64x2.mul (local.get $v) (v128.load offset=16 (local.get $xk)))))
                (local.set $k (i32.add (local.get $k) (i32.const 32)))
                (br $vec)))
            (local.set $a0 (f64x2.add (local.get $a0) (local.get $b0)))
            (local.set $a1 (f64x2.add (local.get $a1) (local.get $b1)))
            (f64.store (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
            (f64.store offset=8 (local.get $out) (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))
            (local.set $out (i32.add (local.get $out) (i32.const 16)))
            (local.set $xj (i32.add (local.get $xj) (i32.shl (local.get $stride) (i32.const 1))))
            (br $pairs)))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (f64.store (local.get $out) (call $dot (local.get $xi) (local.get $xj) (local.get $stride) (local.get $vecBytes)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (local.set $xj (i32.add (local.get $xj) (local.get $stride)))
        (br $rows))))

  ;; Lanes [$k0, $k0 + 8) of every pair: the row sums stay in four registers; $col = 0 skips the
  ;; column half (gather).
  (func $pairs8 (param $xi i32) (param $xj i32) (param $count i32) (param $stride i32) (param $w i32)
                (param $acc i32) (param $col i32) (param $k0 i32)
    (local $end i32) (local $t v128) (local $q i32) (local $p i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $i0 v128) (local $i1 v128) (local $i2 v128) (local $i3 v128)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $count) (i32.const 3))))
    (if (local.get $col)
      (then
        (local.set $q (i32.add (local.get $xi) (local.get $k0)))
        (local.set $i0 (v128.load (local.get $q)))
        (local.set $i1 (v128.load offset=16 (local.get $q)))
        (local.set $i2 (v128.load offset=32 (local.get $q)))
        (local.set $i3 (v128.load offset=48 (local.get $q)))
        (local.set $col (i32.add (local.get $col) (local.get $k0)))))
    (local.set $xj (i32.add (local.get $xj) (local.get $k0)))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $t (v128.load64_splat (local.get $w)))
        (local.set $r0 (f64x2.add (local.get $r0) (f64x2.mul (local.get $t) (v128.load (local.get $xj)))))
        (local.set $r1 (f64x2.add (local.get $r1) (f64x2.mul (local.get $t) (v128.load offset=16 (local.get $xj)))))
        (local.set $r2 (f64x2.add (local.get $r2) (f64x2.mul (local.get $t) (v128.load offset=32 (local.get $xj)))))
        (local.set $r3 (f64x2.add (local.get $r3) (f64x2.mul (local.get $t) (v128.load offset=48 (local.get $xj)))))
        (if (local.get $col)
          (then
            (local.set $p (local.get $col))
            (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (f64x2.mul (local.get $t) (local.get $i0))))
            (v128.store offset=16 (local.get $p) (f64x2.add (v128.load offset=16 (local.get $p)) (f64x2.mul (local.get $t) (local.get $i1))))
            (v128.store offset=32 (local.get $p) (f64x2.add (v128.load offset=32 (local.get $p)) (f64x2.mul (local.get $t) (local.get $i2))))
            (v128.store offset=48 (local.get $p) (f64x2.add (v128.load offset=48 (local.get $p)) (f64x2.mul (local.get $t) (local.get $i3))))
            (local.set $col (i32.add (local.get $col) (local.get $stride)))))
        (local.set $w (i32.add (local.get $w) (i32.const 8)))
        (local.set $xj (i32.add (local.get $xj) (local.get $stride)))
        (br $rows)))
    (local.set $p (i32.add (local.get $acc) (local.get $k0)))
    (v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (local.get $r0)))
    (v128.store offset=16 (local.get $p) (f64x2.add (v128.load offset=16 (local.get $p)) (local.get $r1)))
    (v128.store offset=32 (local.get $p) (f64x2.add (v128.load offset=32 (local.get $p)) (local.get $r2)))
    (v128.store offset=48 (local.get $p) (f64x2.add (v128.load offset=48 (local.get $p)) (local.get $r3))))

  ;; Lanes [$k0, d) of every pair, one pair at a time (the rest after the groups of 8).
  (func $pairs (param $xi i32) (param $xj i32) (param $count i32) (param $d i32) (param $w i32)
               (param $acc i32) (param $col i32) (param $k0 i32)
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
        (local.set $k (local.get $k0))
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

  (func $accumulate (export "accumulate") (param $xi i32) (param $xj i32) (param $count i32) (param $d i32)
                              (param $w i32) (param $acc i32) (param $col i32)
    (local $k i32) (local $groupBytes i32)
    (local.set $groupBytes (i32.shl (i32.and (local.get $d) (i32.const -8)) (i32.const 3)))
    (block $done
      (loop $groups
        (br_if $done (i32.ge_u (local.get $k) (local.get $groupBytes)))
        (call $pairs8 (local.get $xi) (local.get $xj) (local.get $count) (i32.shl (local.get $d) (i32.const 3))
                      (local.get $w) (local.get $acc) (local.get $col) (local.get $k))
        (local.set $k (i32.add (local.get $k) (i32.const 64)))
        (br $groups)))
    (if (i32.lt_u (local.get $groupBytes) (i32.shl (local.get $d) (i32.const 3)))
      (then
        (call $pairs (local.get $xi) (local.get $xj) (local.get $count) (local.get $d) (local.get $w)
                     (local.get $acc) (local.get $col) (local.get $groupBytes)))))

  (func $gather (export "gather") (param $xj i32) (param $count i32) (param $d i32) (param $w i32) (param $acc i32)
    (call $accumulate (i32.const 0) (local.get $xj) (local.get $count) (local.get $d) (local.get $w)
                      (local.get $acc) (i32.const 0))))
