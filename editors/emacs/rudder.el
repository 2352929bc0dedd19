;;; Rudder's files (rudder-users.xml, rudder-web.properties and its rudder-web.properties.d/ overrides) with eglot.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '((nxml-mode conf-javaprop-mode) . ("rudder-lsp" "--stdio"))))
(setq-default eglot-workspace-configuration '((:rudder . (:version "auto"))))
(defun rudder-file-p (file)
  "Whether FILE is one of the files Rudder reads from its configuration folder."
  (or (member (file-name-nondirectory file) '("rudder-users.xml" "rudder-web.properties"))
      (and (string-suffix-p ".properties" file)
           (equal (file-name-nondirectory (directory-file-name (file-name-directory file)))
                  "rudder-web.properties.d"))))
(defun rudder-eglot-maybe ()
  (when (and buffer-file-name (rudder-file-p buffer-file-name))
    (eglot-ensure)))
(add-hook 'nxml-mode-hook #'rudder-eglot-maybe)
(add-hook 'conf-javaprop-mode-hook #'rudder-eglot-maybe)
