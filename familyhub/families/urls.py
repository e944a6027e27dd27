"""The family's own record ("Your family"), kept up to date by the family, at /my-family/.

Declared here, with the views; referrals/urls.py mounts these patterns in its `referrals`
namespace, so every name that pages, emails and tests reverse (`referrals:my_family`,
`referrals:family_contact`, ...) is unchanged. families imports nothing of referrals."""

from django.urls import path

from familyhub.families import views

urlpatterns = [
    path("my-family/", views.my_family, name="my_family"),
    path("my-family/contact/", views.change_contact, name="family_contact"),
    path("my-family/languages/", views.change_languages, name="family_languages"),
    path("my-family/accessibility/", views.change_accessibility, name="family_accessibility"),
    path("my-family/people/add/<slug:kind>/", views.add_person, name="add_person"),
    path("my-family/people/<uuid:member_id>/", views.change_person, name="change_person"),
    path("my-family/people/<uuid:member_id>/remove/", views.remove_person, name="remove_person"),
    path(
        "my-family/people/<uuid:member_id>/equality/",
        views.change_equality,
        name="family_equality",
    ),
]
