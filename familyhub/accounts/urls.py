from django.urls import path

from familyhub.accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("two-factor/", two_factor_views.two_factor_page, name="two_factor"),
    path("two-factor/password/", two_factor_views.confirm_password, name="confirm_password"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes_page, name="recovery_codes"),
    path("two-factor/recovery-code/", two_factor_views.recovery_code_page, name="recovery_code"),
    path("create/", views.create_parent_account, name="create_account"),
    path("create/check-your-email/", views.check_email, name="check_email"),
    path("confirm/<str:uidb64>/<str:token>/", views.confirm_account, name="confirm_account"),
]
