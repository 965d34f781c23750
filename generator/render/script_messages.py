"""The browser scripts' messages in the page's language: `assets/<script>.<lang>.js` (render/i18n.py).

In a language other than English, each of these scripts gets the small script that sets its
messages; the page that loads the script loads it first (the CAF tool's, the practice index's and
the Propose form's templates; for the site-wide tables.js, the language's MkDocs config, through
`i18n.extra_javascript`). In English nothing is written: the scripts keep their own words.
"""

from __future__ import annotations

from . import Renderer, step
from .i18n import script_messages, script_messages_path

# The scripts whose messages files are written here (template-fill's comes with its data, and the
# search script's goes into the script that search.py writes).
SCRIPTS = ("caf-tool", "practice-filters", "propose", "tables")


@step
def script_message_files(r: Renderer) -> None:
    for script in SCRIPTS:
        messages = script_messages(script, r.options.language)
        if messages:
            r.output.add(script_messages_path(script, r.options.language), messages)
