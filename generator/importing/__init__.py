"""`portal import FILE`: a filled-in template read back into the record it belongs to.

One reader per format (csv_reader, xlsx_reader, odt_reader, docx_reader, pdf_reader,
json_reader) turns a file into a `FilledTemplate` (generator/models/filled.py); one mapping
per kind of record (action_plan, results, practice_draft) turns that into a record, with
the field names taken from the models; command.py writes it and runs `portal check` on it.
Every reader refuses oversized, damaged or encrypted files before parsing them (intake.py).
"""
