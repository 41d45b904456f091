"""Content files -> typed values: YAML with line marks, pydantic models, errors with file:line.

The only place PyYAML and pydantic are used. It runs in the `check` command and in the
child process that reads the content for the kiosk (:mod:`renkei_kiosk.content.isolated`),
never in the running kiosk itself. Takes text, never reads files; hands out the frozen
values of :mod:`renkei_kiosk.core.model`.
"""
