;; The fused d = 3 cross-entropy rows of core/kernels/cross-entropy-rows.ts in WebAssembly SIMD: two
;; pairs per step (f64x2), including the exponential: the table-plus-polynomial exp of fast-exp.ts, its table
;; of 2^(j/256) at $table, the factor 2^m added to the exponent field.
;;   ceSum3:    a_ij for d = 3, col[j] += a_ij, returns sum_j a_ij
;;   ceGrad3:   w_ij for d = 3, acc_i += w_ij x_j, col_j += w_ij x_i (3 doubles each)
;; Rows x_j are 3 doubles; two rows are 6 consecutive doubles, loaded as three f64x2 and shuffled
;; into (u0, u1), (v0, v1), (w0, w1). Arguments are clamped to [-745.2, 709]. Below -708 the result
;; is subnormal, which the table scale cannot express: those lanes take exp(x + 54 ln 2) 2^-54, so
;; that, like Math.exp in fast-exp.ts, tiny terms keep their digits (the partition sums A_i are
;; accumulated without the 1 of Z_i, and at large s they are all that is left of the energy).
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func $exp (param $x v128) (param $table i32) (result v128)
    (local $t v128) (local $kf v128) (local $k v128) (local $r v128) (local $scale v128) (local $p v128) (local $j v128)
    (local $low v128)
    (local.set $x (f64x2.min (f64x2.max (local.get $x) (v128.const f64x2 -745.2 -745.2)) (v128.const f64x2 709 709)))
    (local.set $low (f64x2.lt (local.get $x) (v128.const f64x2 -708 -708)))
    ;; 54 ln 2 = 0x1.2b708872320e2p+5 added in the subnormal lanes only
    (local.set $x (f64x2.add (local.get $x)
      (v128.and (local.get $low) (v128.const f64x2 0x1.2b708872320e2p+5 0x1.2b708872320e2p+5))))
    ;; t = x 256 / ln 2 + 1.5 * 2^52 holds k = round(x 256 / ln 2) = 256 m + j in its low bits
    (local.set $t (f64x2.add (f64x2.mul (local.get $x) (v128.const f64x2 369.3299304675746 369.3299304675746))
                             (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $kf (f64x2.sub (local.get $t) (v128.const f64x2 6755399441055744 6755399441055744)))
    (local.set $k (i64x2.sub (local.get $t) (v128.const i64x2 0x4338000000000000 0x4338000000000000)))
    ;; 2^(j/256) 2^m: the table entry with m added to its exponent field (exact for normal results)
    (local.set $j (i64x2.shl (v128.and (local.get $k) (v128.const i64x2 255 255)) (i32.const 3)))
    (local.set $scale (v128.load64_lane 1
      (i32.add (local.get $table) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $j))))
      (v128.load64_splat (i32.add (local.get $table) (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $j)))))))
    (local.set $scale (i64x2.add (local.get $scale)
      (i64x2.shl (i64x2.shr_s (local.get $k) (i32.const 8)) (i32.const 52))))
    ;; r = x - kf STEP_HI - kf STEP_LO
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $x) (f64x2.mul (local.get $kf) (v128.const f64x2 0x1.62e42feep-9 0x1.62e42feep-9)))
      (f64x2.mul (local.get $kf) (v128.const f64x2 0x1.a39ef35793c76p-41 0x1.a39ef35793c76p-41))))
    ;; p = r (1 + r (1/2 + r (1/6 + r (1/24 + r / 120))))
    (local.set $p (f64x2.add (v128.const f64x2 0x1.5555555555555p-5 0x1.5555555555555p-5)
                             (f64x2.mul (local.get $r) (v128.const f64x2 0x1.1111111111111p-7 0x1.1111111111111p-7))))
    (local.set $p (f64x2.add (v128.const f64x2 0x1.5555555555555p-3 0x1.5555555555555p-3) (f64x2.mul (local.get $r) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 0.5 0.5) (f64x2.mul (local.get $r) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r) (local.get $p))))
    (local.set $p (f64x2.mul (local.get $r) (local.get $p)))
    (f64x2.mul (f64x2.add (local.get $scale) (f64x2.mul (local.get $scale) (local.get $p)))
      (v128.bitselect (v128.const f64x2 0x1p-54 0x1p-54) (v128.const f64x2 1 1) (local.get $low))))

  ;; G for rows j, j+1 at $xj against (a, b, c): 6 doubles -> (u0 v0) (w0 u1) (v1 w1) -> dot products
  (func $gram2 (param $xj i32) (param $a v128) (param $b v128) (param $c v128) (result v128)
    (local $l0 v128) (local $l1 v128) (local $l2 v128)
    (local.set $l0 (v128.load (local.get $xj)))
    (local.set $l1 (v128.load offset=16 (local.get $xj)))
    (local.set $l2 (v128.load offset=32 (local.get $xj)))
    (f64x2.add
      (f64x2.add
        (f64x2.mul (local.get $a) (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $l0) (local.get $l1)))
        (f64x2.mul (local.get $b) (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $l0) (local.get $l2))))
      (f64x2.mul (local.get $c) (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $l1) (local.get $l2)))))

  (func $ceSum3 (export "ceSum3") (param $xi i32) (param $xj i32) (param $count i32) (param $s f64) (param $col i32)
                          (param $table i32) (result f64)
    (local $a v128) (local $b v128) (local $c v128) (local $sv v128) (local $e v128) (local $acc v128)
    (local $end i32) (local $g f64)
    (local.set $a (v128.load64_splat (local.get $xi)))
    (local.set $b (v128.load64_splat offset=8 (local.get $xi)))
    (local.set $c (v128.load64_splat offset=16 (local.get $xi)))
    (local.set $sv (f64x2.splat (local.get $s)))
    (local.set $end (i32.add (local.get $col) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $col) (local.get $end)))
        (local.set $e (call $exp
          (f64x2.mul (local.get $sv) (f64x2.sub (call $gram2 (local.get $xj) (local.get $a) (local.get $b) (local.get $c))
                                                (v128.const f64x2 1 1)))
          (local.get $table)))
        (local.set $acc (f64x2.add (local.get $acc) (local.get $e)))
        (v128.store (local.get $col) (f64x2.add (v128.load (local.get $col)) (local.get $e)))
        (local.set $col (i32.add (local.get $col) (i32.const 16)))
        (local.set $xj (i32.add (local.get $xj) (i32.const 48)))
        (br $pairs)))
    (local.set $g (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $e (call $exp
          (f64x2.splat (f64.mul (local.get $s) (f64.sub
            (f64.add (f64.add
              (f64.mul (f64x2.extract_lane 0 (local.get $a)) (f64.load (local.get $xj)))
              (f64.mul (f64x2.extract_lane 0 (local.get $b)) (f64.load offset=8 (local.get $xj))))
              (f64.mul (f64x2.extract_lane 0 (local.get $c)) (f64.load offset=16 (local.get $xj))))
            (f64.const 1))))
          (local.get $table)))
        (local.set $g (f64.add (local.get $g) (f64x2.extract_lane 0 (local.get $e))))
        (f64.store (local.get $col) (f64.add (f64.load (local.get $col)) (f64x2.extract_lane 0 (local.get $e))))))
    (local.get $g))

  (func $ceGrad3 (export "ceGrad3") (param $xi i32) (param $xj i32) (param $count i32) (param $s f64) (param $zi f64)
                           (param $invZ i32) (param $col i32) (param $acc i32) (param $table i32)
    (local $a v128) (local $b v128) (local $c v128) (local $sv v128) (local $t v128) (local $l0 v128)
    (local $ab v128) (local $ca v128) (local $bc v128) (local $zv v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $l1 v128) (local $l2 v128)
    (local $end i32) (local $ts f64) (local $k i32)
    (local.set $a (v128.load64_splat (local.get $xi)))
    (local.set $b (v128.load64_splat offset=8 (local.get $xi)))
    (local.set $c (v128.load64_splat offset=16 (local.get $xi)))
    (local.set $ab (f64x2.replace_lane 1 (local.get $a) (f64x2.extract_lane 0 (local.get $b))))
    (local.set $ca (f64x2.replace_lane 1 (local.get $c) (f64x2.extract_lane 0 (local.get $a))))
    (local.set $bc (f64x2.replace_lane 1 (local.get $b) (f64x2.extract_lane 0 (local.get $c))))
    (local.set $sv (f64x2.splat (local.get $s)))
    (local.set $zv (f64x2.splat (local.get $zi)))
    (local.set $end (i32.add (local.get $invZ) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 3))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $invZ) (local.get $end)))
        (local.set $l0 (v128.load (local.get $xj)))
        (local.set $l1 (v128.load offset=16 (local.get $xj)))
        (local.set $l2 (v128.load offset=32 (local.get $xj)))
        (local.set $t (f64x2.mul (f64x2.mul (local.get $sv)
          (call $exp
            (f64x2.mul (local.get $sv) (f64x2.sub (call $gram2 (local.get $xj) (local.get $a) (local.get $b) (local.get $c))
                                                  (v128.const f64x2 1 1)))
            (local.get $table)))
          (f64x2.add (local.get $zv) (v128.load (local.get $invZ)))))
        ;; row sums: t * (u0 u1), t * (v0 v1), t * (w0 w1)
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $t)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $l0) (local.get $l1)))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $t)
          (i8x16.shuffle 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 (local.get $l0) (local.get $l2)))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $t)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $l1) (local.get $l2)))))
        ;; columns j, j+1: (t0 a, t0 b) (t0 c, t1 a) (t1 b, t1 c)
        (v128.store (local.get $col) (f64x2.add (v128.load (local.get $col))
          (f64x2.mul (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $t) (local.get $t)) (local.get $ab))))
        (v128.store offset=16 (local.get $col) (f64x2.add (v128.load offset=16 (local.get $col))
          (f64x2.mul (local.get $t) (local.get $ca))))
        (v128.store offset=32 (local.get $col) (f64x2.add (v128.load offset=32 (local.get $col))
          (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $t) (local.get $t)) (local.get $bc))))
        (local.set $invZ (i32.add (local.get $invZ) (i32.const 16)))
        (local.set $col (i32.add (local.get $col) (i32.const 48)))
        (local.set $xj (i32.add (local.get $xj) (i32.const 48)))
        (br $pairs)))
    ;; the odd last row, in lane 0
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $ts (f64.mul (f64.mul (local.get $s)
          (f64x2.extract_lane 0 (call $exp
            (f64x2.splat (f64.mul (local.get $s) (f64.sub
              (f64.add (f64.add
                (f64.mul (f64x2.extract_lane 0 (local.get $a)) (f64.load (local.get $xj)))
                (f64.mul (f64x2.extract_lane 0 (local.get $b)) (f64.load offset=8 (local.get $xj))))
                (f64.mul (f64x2.extract_lane 0 (local.get $c)) (f64.load offset=16 (local.get $xj))))
              (f64.const 1))))
            (local.get $table))))
          (f64.add (local.get $zi) (f64.load (local.get $invZ)))))
        (local.set $t (f64x2.replace_lane 1 (f64x2.splat (local.get $ts)) (f64.const 0)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $t) (v128.load64_zero (local.get $xj)))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $t) (v128.load64_zero offset=8 (local.get $xj)))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $t) (v128.load64_zero offset=16 (local.get $xj)))))
        (f64.store (local.get $col) (f64.add (f64.load (local.get $col)) (f64.mul (local.get $ts) (f64x2.extract_lane 0 (local.get $a)))))
        (f64.store offset=8 (local.get $col) (f64.add (f64.load offset=8 (local.get $col)) (f64.mul (local.get $ts) (f64x2.extract_lane 0 (local.get $b)))))
        (f64.store offset=16 (local.get $col) (f64.add (f64.load offset=16 (local.get $col)) (f64.mul (local.get $ts) (f64x2.extract_lane 0 (local.get $c)))))))
    (f64.store (local.get $acc) (f64.add (f64.load (local.get $acc))
      (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0)))))
    (f64.store offset=8 (local.get $acc) (f64.add (f64.load offset=8 (local.get $acc))
      (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1)))))
    (f64.store offset=16 (local.get $acc) (f64.add (f64.load offset=16 (local.get $acc))
      (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2)))))))
