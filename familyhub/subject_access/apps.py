from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "familyhub.subject_access"
    verbose_name = "Subject access: what is held about a person"
