"""Provider self-service and the data managers' queue: thin views over `changes`,
`suggestions` and `access` (403 for a page of a role you do not have, 404 for records that
are missing or not yours). services.py: a provider's services (list, page, edit, archive,
"still correct"); changes.py: proposed changes and each service's history; suggestions.py:
changes suggested by the public."""
