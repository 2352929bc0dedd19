" Shared by the ALE linters of editors/vim/ale_linters/: rudder-lint's JSON output as ALE problems.

" The files rudder-lint knows by name; other XML or .properties buffers are left to other linters.
function! rudder_lint#IsRudderFile(buffer) abort
  let l:path = fnamemodify(bufname(a:buffer), ':p')
  let l:name = fnamemodify(l:path, ':t')
  return l:name is# 'rudder-users.xml' || l:name is# 'rudder-web.properties'
  \ || l:path =~# '/rudder-web\.properties\.d/[^/]\+\.properties$'
endfunction

" The command ALE runs on the file as saved (the sibling file of the same folder is read too); an empty
" command makes ALE skip the buffer.
function! rudder_lint#AleCommand(buffer) abort
  if !rudder_lint#IsRudderFile(a:buffer)
    return ''
  endif
  return '%e --format json %s'
endfunction

let s:TYPE = {'error': 'E', 'warning': 'W', 'information': 'I', 'hint': 'I'}

function! rudder_lint#AleHandle(buffer, lines) abort
  let l:output = []
  try
    let l:report = json_decode(join(a:lines, "\n"))
  catch
    return l:output
  endtry
  for l:file in get(l:report, 'files', [])
    for l:d in l:file.diagnostics
      call add(l:output, {
      \ 'lnum': l:d.range.start.line + 1,
      \ 'col': l:d.range.start.character + 1,
      \ 'end_lnum': l:d.range.end.line + 1,
      \ 'end_col': l:d.range.end.character,
      \ 'type': s:TYPE[l:d.severity],
      \ 'sub_type': l:d.severity is# 'hint' ? 'style' : '',
      \ 'code': l:d.code,
      \ 'text': l:d.message,
      \})
    endfor
  endfor
  return l:output
endfunction
