" Headless ALE run for vim.test.ts: lint $RUDDER_FILE with the rudder_lint linter of editors/vim, write the
" problems ALE reports as JSON to $RUDDER_OUT, quit. A 30 s timer writes a failure instead of hanging.
let g:ale_linters = {'xml': ['rudder_lint'], 'jproperties': ['rudder_lint']}
let g:ale_linters_explicit = 1
let g:ale_set_signs = 0
let g:ale_echo_cursor = 0
filetype on
runtime! plugin/ale.vim

function! s:Done() abort
  let l:problems = map(ale#engine#GetLoclist(bufnr('%')), {_, p -> {
  \ 'lnum': p.lnum, 'col': p.col, 'end_lnum': get(p, 'end_lnum', 0), 'end_col': get(p, 'end_col', 0),
  \ 'type': p.type, 'code': get(p, 'code', ''), 'text': p.text, 'linter': p.linter_name}})
  call writefile([json_encode({'filetype': &filetype, 'problems': l:problems})], $RUDDER_OUT)
  qall!
endfunction

function! s:Timeout(_) abort
  call writefile([json_encode({'error': 'timeout', 'filetype': &filetype, 'info': execute('ALEInfo')})], $RUDDER_OUT)
  qall!
endfunction

autocmd User ALELintPost call s:Done()
call timer_start(30000, function('s:Timeout'))
execute 'edit' fnameescape($RUDDER_FILE)
call ale#Queue(0, 'lint_file')
