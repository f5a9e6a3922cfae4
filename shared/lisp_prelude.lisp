;;; lisp_prelude.lisp: the macros of the compile-time Lisp that Common Lisp
;;; defines as macros (when, cond, case, dolist, incf, push ...), written in
;;; the Lisp itself over its special forms (lisp.c). lisp_new loads this
;;; file into the Lisp's own macro table: user macros cannot replace these
;;; (as a package lock would refuse), and wh-expand's walker does not see
;;; them (a program's when and case are the language's, prelude.lisp).
;;; The evaluator expands each call once and keeps the expansion.

;;; Conditionals

;; A body as one form: (progn ...) only around several. (when, unless and
;; cond use it, so it uses none of them.)
(defun %body (forms)
  (if (if forms (null (cdr forms)) nil) (car forms) `(progn ,@forms)))

(defmacro when (test &body body) `(if ,test ,(%body body)))
(defmacro unless (test &body body) `(if ,test nil ,(%body body)))

;; A clause without a body gives its test's value.
(defmacro cond (&rest clauses)
  (if (null clauses)
      nil
      (let ((c (car clauses)))
        (if (not (consp c))
            (error "cond: a clause must be a list")
            (let ((rest (if (cdr clauses) `((cond ,@(cdr clauses))) nil)))
              (if (null (cdr c))
                  (let ((g (%gensym)))
                    `(let ((,g ,(car c))) (if ,g ,g ,@rest)))
                  `(if ,(car c) ,(%body (cdr c)) ,@rest)))))))

;; The last form gives all its values, an earlier one only its first.
(defmacro and (&rest forms)
  (cond ((null forms) t)
        ((null (cdr forms)) (car forms))
        (t `(if ,(car forms) (and ,@(cdr forms)) nil))))

(defmacro or (&rest forms)
  (cond ((null forms) nil)
        ((null (cdr forms)) (car forms))
        (t (let ((g (%gensym)))
             `(let ((,g ,(car forms)))
                (if ,g ,g (or ,@(cdr forms))))))))

;; The clauses of case and typecase as cond clauses testing `key` with
;; `test-of` (a function of a clause's keys or type); t and otherwise
;; are the default in the last clause of case, anywhere in typecase.
(defun %case-clauses (name key clauses test-of default-anywhere)
  (let ((out nil))
    (do ((l clauses (cdr l)))
        ((null l) (nreverse out))
      (let ((c (car l)))
        (unless (consp c)
          (error "~(~a~): a clause must be a list" name))
        (push (cons (if (and (member (car c) '(t otherwise))
                             (or default-anywhere (null (cdr l))))
                        t
                        (funcall test-of key (car c)))
                    (or (cdr c) '(nil)))
              out)))))

(defun %case-test (key keys)
  (cond ((null keys) nil)
        ((consp keys) `(member ,key ',keys))
        (t `(eql ,key ',keys))))

(defun %case-form (name keyform clauses test-of default-anywhere no-match)
  (let ((k (%gensym)))
    `(let ((,k ,keyform))
       (cond ,@(%case-clauses name k clauses test-of default-anywhere)
             ,@(when no-match `((t (error ,no-match ,k))))))))

(defmacro case (keyform &rest clauses)
  (%case-form 'case keyform clauses #'%case-test nil nil))
(defmacro ecase (keyform &rest clauses)
  (%case-form 'ecase keyform
              (mapcar (lambda (c) (if (and (consp c) (member (car c) '(t otherwise)))
                                      (cons (list (car c)) (cdr c))
                                      c))
                      clauses)
              #'%case-test nil "ecase: ~(~s~) matches no clause"))

(defun %type-test (key type)
  (if (eq type 'otherwise) t `(typep ,key ',type)))

(defmacro typecase (keyform &rest clauses)
  (%case-form 'typecase keyform clauses #'%type-test t nil))
(defmacro etypecase (keyform &rest clauses)
  (%case-form 'etypecase keyform clauses #'%type-test t "etypecase: ~(~s~) fits no clause"))

;;; Sequencing and values

(defmacro prog1 (first &body rest)
  (let ((g (%gensym))) `(let ((,g ,first)) ,@rest ,g)))
(defmacro return (&optional value) `(return-from nil ,value))
(defmacro multiple-value-list (form) `(multiple-value-call #'list ,form))
(defmacro nth-value (n form)
  `(nth (%check-integer ,n 'nth-value) (multiple-value-list ,form)))
(defmacro multiple-value-setq (vars form)
  (unless (listp vars)
    (error "multiple-value-setq: expected a list of variables"))
  (dolist (v vars)
    (unless (and v (symbolp v) (not (eq v t)))
      (error "multiple-value-setq: ~(~s~) is not a variable" v)))
  `(setf (values ,@vars) ,form))
(defmacro ignore-errors (&body body)
  (let ((c (%gensym)))
    `(handler-case (progn ,@body) (error (,c) (values nil ,c)))))
(defmacro assert (test &rest ignored)
  (declare (ignore ignored))
  `(unless ,test (%assert-failed ',test)))

;;; Iteration: a block nil around %while, the one loop primitive

(defmacro dolist (spec &body body)
  (unless (and (consp spec) (symbolp (car spec)) (consp (cdr spec)))
    (error "dolist: expected (VAR LIST [RESULT])"))
  (let ((var (car spec)) (l (%gensym)))
    ;; a fresh binding per element, so closures made in the body keep
    ;; their element (as SBCL does)
    `(block nil
       (let ((,l ,(cadr spec)))
         (%while (consp ,l)
           (let ((,var (car ,l))) ,@body)
           (setq ,l (cdr ,l)))
         (let ((,var nil)) ,(caddr spec))))))

(defmacro dotimes (spec &body body)
  (unless (and (consp spec) (symbolp (car spec)) (consp (cdr spec)))
    (error "dotimes: expected (VAR COUNT [RESULT])"))
  (let ((var (car spec)) (n (%gensym)))
    ;; one binding stepped by assignment, as in SBCL's dotimes
    `(block nil
       (let ((,n (%check-integer ,(cadr spec) 'dotimes)) (,var 0))
         (%while (< ,var ,n) ,@body (setq ,var (+ ,var 1)))
         ,(caddr spec)))))

;; (do ((var init step)...) (end-test result...) body...): steps in
;; parallel (psetq); do* in sequence (setq).
(defun %do-form (specs end body let-op set-op)
  (let ((steps nil))
    (dolist (s specs)
      (when (and (consp s) (cddr s))
        (push (car s) steps)
        (push (caddr s) steps)))
    `(block nil
       (,let-op ,(mapcar (lambda (s) (if (consp s) (list (car s) (cadr s)) s)) specs)
         (%while (not ,(car end))
           ,@body
           ,@(when steps `((,set-op ,@(nreverse steps)))))
         ,@(cdr end)))))

(defmacro do (specs end &body body) (%do-form specs end body 'let 'psetq))
(defmacro do* (specs end &body body) (%do-form specs end body 'let* 'setq))

;;; Assignment

(defun %pairs (name args)
  (when (oddp (length args))
    (error "~(~a~): odd number of arguments" name))
  (loop for (place value) on args by #'cddr collect (cons place value)))

;; psetq and psetf: all the values first, then the assignments
(defmacro psetf (&rest args)
  (let* ((pairs (%pairs 'psetf args))
         (temps (mapcar (lambda (p) (declare (ignore p)) (%gensym)) pairs)))
    `(let ,(mapcar (lambda (g p) (list g (cdr p))) temps pairs)
       (setf ,@(mapcan (lambda (g p) (list (car p) g)) temps pairs))
       nil)))
(defmacro psetq (&rest args)
  (%pairs 'psetq args)
  `(psetf ,@args))

;; A place whose subforms are evaluated once: (values BINDINGS PLACE),
;; PLACE reading the temporaries BINDINGS bind, for the read-modify-write
;; macros. getf, ldb and mask-field keep their inner place; a macro is
;; expanded first, unless a defsetf names it.
(defun %once (form)
  (if (or (not (or (symbolp form) (consp form))) (keywordp form) (eq form t)
          (null form) (and (consp form) (eq (car form) 'quote)))
      (values nil form)
      (let ((g (%gensym))) (values (list (list g form)) g))))

(defun %place-temps (place)
  (cond ((atom place) (values nil place))
        ((member (car place) '(getf ldb mask-field))
         (let* ((inner-at (if (eq (car place) 'getf) 1 2))
                (binds nil) (args nil) (i 0))
           (dolist (a (cdr place))
             (incf i)
             (if (= i inner-at)
                 (multiple-value-bind (b p) (%place-temps a)
                   (setq binds (append binds b)) (push p args))
                 (multiple-value-bind (b v) (%once a)
                   (setq binds (append binds b)) (push v args))))
           (values binds (cons (car place) (nreverse args)))))
        ((and (not (%setf-defined-p (car place))) (nth-value 1 (macroexpand-1 place)))
         (%place-temps (macroexpand-1 place)))
        (t (let ((binds nil) (args nil))
             (dolist (a (cdr place))
               (multiple-value-bind (b v) (%once a)
                 (setq binds (append binds b)) (push v args)))
             (values binds (cons (car place) (nreverse args)))))))

;; (%modify place (old) new-value-form): place := new value, which may use
;; OLD, the old value; the subforms of place are evaluated once.
(defmacro %modify (place (old) new)
  (if (symbolp place)
      `(let ((,old ,place)) (setq ,place ,new))
      (multiple-value-bind (binds p) (%place-temps place)
        `(let* (,@binds (,old ,p)) (setf ,p ,new)))))

(defmacro incf (place &optional (delta 1))
  (if (symbolp place)
      `(setq ,place (+ ,place ,delta))
      (let ((old (%gensym))) `(%modify ,place (,old) (+ ,old ,delta)))))
(defmacro decf (place &optional (delta 1))
  (if (symbolp place)
      `(setq ,place (- ,place ,delta))
      (let ((old (%gensym))) `(%modify ,place (,old) (- ,old ,delta)))))

(defmacro push (item place)
  (let ((g (%gensym)) (old (%gensym)))
    `(let ((,g ,item)) (%modify ,place (,old) (cons ,g ,old)))))

(defmacro pushnew (item place &rest keys)
  (loop for k in keys by #'cddr
        unless (member k '(:test :test-not :key))
          do (error "pushnew: unknown keyword argument ~(~s~)" k))
  (let ((g (%gensym)) (old (%gensym)))
    `(let ((,g ,item)) (%modify ,place (,old) (adjoin ,g ,old ,@keys)))))

(defmacro pop (place)
  (let ((g (%gensym)) (old (%gensym)))
    `(let ((,g nil))
       (%modify ,place (,old) (progn (setq ,g (car ,old)) (cdr ,old)))
       ,g)))
