from django.urls import path

from familyhub.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("two-factor/", views.two_factor_page, name="two_factor"),
    path("create/", views.create_parent_account, name="create_account"),
]
