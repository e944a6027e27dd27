"""Static files as production serves them: hashed names (cached for a year), gzip and Brotli
copies (WhiteNoise), and the import inside our script module (`finder.mjs`) rewritten to
govuk-frontend's hashed name too, so nothing the first page loads is cached for only a minute.

Django rewrites module imports in `*.js` files when asked; our module is `*.mjs`, so the same
patterns are applied to it."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFiles(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
    _js_module_import_aggregation_patterns = (
        "*.mjs",
        CompressedManifestStaticFilesStorage._js_module_import_aggregation_patterns[1],
    )
