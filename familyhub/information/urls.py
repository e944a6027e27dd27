from django.urls import path

from familyhub.information.views import editor, pathways, public

app_name = "information"

urlpatterns = [
    # Families: information by age and stage, and pathways by need.
    path("information/", public.index, name="index"),
    path("information/<slug:stage>/<slug:topic>/", public.page, name="page"),
    path("pathways/", pathways.pathway_list, name="pathways"),
    path("pathways/<slug:need>/", pathways.pathway, name="pathway"),
    path(
        "pathways/<slug:need>/professionals/",
        pathways.pathway_professionals,
        name="pathway_professionals",
    ),
    # Content editors.
    path("staff/information/", editor.editor_list, name="editor_list"),
    path("staff/information/new/", editor.editor_new, name="editor_new"),
    path("staff/information/<int:page_id>/", editor.editor_page, name="editor_page"),
    path(
        "staff/information/<int:page_id>/reviewed/",
        editor.editor_reviewed,
        name="editor_reviewed",
    ),
    path(
        "staff/information/<int:page_id>/<slug:language>/",
        editor.editor_edit,
        name="editor_edit",
    ),
    path(
        "staff/information/<int:page_id>/<slug:language>/publish/",
        editor.editor_publish,
        name="editor_publish",
    ),
    path(
        "staff/information/<int:page_id>/<slug:language>/<int:number>/",
        editor.editor_version,
        name="editor_version",
    ),
]
