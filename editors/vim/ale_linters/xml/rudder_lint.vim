" ALE linter: rudder-lint for Rudder's rudder-users.xml.
call ale#Set('xml_rudder_lint_executable', 'rudder-lint')

call ale#linter#Define('xml', {
\   'name': 'rudder_lint',
\   'executable': {buffer -> ale#Var(buffer, 'xml_rudder_lint_executable')},
\   'command': function('rudder_lint#AleCommand'),
\   'callback': 'rudder_lint#AleHandle',
\   'lint_file': 1,
\})
