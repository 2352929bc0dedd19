" ALE linter: rudder-lint for Rudder's rudder-web.properties (and rudder-web.properties.d/*.properties).
call ale#Set('jproperties_rudder_lint_executable', 'rudder-lint')

call ale#linter#Define('jproperties', {
\   'name': 'rudder_lint',
\   'executable': {buffer -> ale#Var(buffer, 'jproperties_rudder_lint_executable')},
\   'command': function('rudder_lint#AleCommand'),
\   'callback': 'rudder_lint#AleHandle',
\   'lint_file': 1,
\})
