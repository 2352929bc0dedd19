;;; eglot-diagnostics.el --- Emacs (>= 28) + eglot (Debian: emacs-nox, elpa-eglot) as a third-party LSP client.
;;; Opens LSP_FILE in its usual major mode (nxml-mode for .xml), connects eglot to the server command LSP_CMD
;;; (a JSON array) over stdio, waits for the flymake diagnostics eglot receives and prints
;;; `DIAGNOSTICS <json array>' (0-based line/character, code, flymake type, text). Exits 0 when diagnostics
;;; arrived, 1 otherwise. Run by test/clients/run.js:
;;;   LSP_CMD='["node","dist/server.js","--stdio"]' LSP_FILE=test/workspace/rudder-users.xml \
;;;   emacs --batch -l test/clients/eglot-diagnostics.el
(require 'json)
(require 'eglot)
(require 'flymake)
(setq eglot-sync-connect t)

(defun rudder-test--diagnostic (d)
  "D as an alist; eglot 1.9 writes the code into the text as `source [code]: message'."
  (let ((text (flymake-diagnostic-text d)))
    (save-excursion
      (goto-char (flymake-diagnostic-beg d))
      `((code . ,(and (string-match "\\`[^[]*\\[\\([^]]+\\)\\]: " text) (match-string 1 text)))
        (line . ,(1- (line-number-at-pos)))
        (character . ,(current-column))
        (type . ,(symbol-name (flymake-diagnostic-type d)))
        (message . ,text)))))

(let* ((cmd (append (json-read-from-string (getenv "LSP_CMD")) nil))
       (timeout (string-to-number (or (getenv "LSP_TIMEOUT_S") "15")))
       (ok nil))
  (condition-case err
      (progn
        (find-file (expand-file-name (getenv "LSP_FILE")))
        (setq eglot-server-programs (list (cons major-mode cmd)))
        (apply #'eglot (eglot--guess-contact))
        (let ((deadline (+ (float-time) timeout)))
          (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
            (accept-process-output nil 0.1)))
        (princ (format "DIAGNOSTICS %s\n" (json-encode (vconcat (mapcar #'rudder-test--diagnostic (flymake-diagnostics))))))
        (setq ok (and (flymake-diagnostics) t))
        (eglot-shutdown (eglot-current-server)))
    (error (princ (format "error: %S\n" err))))
  (kill-emacs (if ok 0 1)))
