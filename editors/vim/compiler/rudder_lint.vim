" Vim compiler file for rudder-lint (Rudder's rudder-users.xml and rudder-web.properties).
" :compiler rudder_lint, then :make % (this file) or :make /opt/rudder/etc (the whole folder).
" Its text output is path:line:column: severity code: message (1-based); hints become notes.
if exists('current_compiler')
  finish
endif
let current_compiler = 'rudder_lint'

CompilerSet makeprg=rudder-lint
CompilerSet errorformat=%f:%l:%c:\ %trror\ %m,%f:%l:%c:\ %tarning\ %m,%f:%l:%c:\ %tnformation\ %m,%f:%l:%c:\ hi%tt\ %m,%-G%.%#
