;;; bench/lisp-loops.lisp: a loop-heavy compile-time Lisp file for timing
;;; the evaluator (`wh-expand --eval bench/lisp-loops.lisp`, under callgrind
;;; for instruction counts). It uses the forms CL defines as macros (when,
;;; unless, cond, case, and, or, dolist, dotimes, incf, push, pop, prog1)
;;; in the inner loops. Prints four numbers; SBCL prints the same.
(defun collatz-steps (n)
  (let ((steps 0))
    (loop (when (= n 1) (return steps))
          (if (evenp n) (setq n (floor n 2)) (setq n (+ (* 3 n) 1)))
          (incf steps))))

(defun classify (x)
  (cond ((< x 10) 'small)
        ((< x 100) (case (mod x 3) (0 'fizz) (1 'one) (t 'two)))
        ((and (> x 500) (oddp x)) 'big-odd)
        (t 'other)))

(let ((total 0))
  (dotimes (i 3000)
    (incf total (collatz-steps (+ i 1))))
  total)

(let ((counts (list 0 0 0 0 0 0)))
  (dotimes (i 20000)
    (case (classify (mod i 1000))
      (small (incf (first counts)))
      (fizz (incf (second counts)))
      (one (incf (third counts)))
      (two (incf (fourth counts)))
      (big-odd (incf (fifth counts)))
      (t (incf (nth 5 counts)))))
  counts)

(let ((stack '()) (sum 0))
  (dotimes (round 50)
    (dolist (x '(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20))
      (unless (zerop (mod x 3)) (push (* x round) stack)))
    (loop (unless stack (return))
          (incf sum (prog1 (pop stack) (or (null stack) (car stack))))))
  sum)

(let ((acc 0))
  (dotimes (i 200)
    (dotimes (j 100)
      (when (or (= 0 (mod (+ i j) 7)) (and (evenp i) (oddp j)))
        (setq acc (logxor acc (+ i (* 3 j)))))))
  acc)
