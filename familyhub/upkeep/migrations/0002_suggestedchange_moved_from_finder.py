# The public's suggested changes move from the finder app to upkeep, which looks after them.
# The table is kept (the model state moves here, finder's state forgets it), then renamed.

import uuid

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_alter_service_status"),
        ("finder", "0001_initial"),
        ("upkeep", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SuggestedChange",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("kind", models.CharField(choices=[("out_of_date", "Something is out of date or wrong"), ("closed", "The service has closed"), ("more_information", "I can add more information"), ("something_else", "Something else")], max_length=20)),
                        ("details", models.TextField(max_length=2000)),
                        ("status", models.CharField(choices=[("new", "New"), ("in_review", "Being looked at"), ("resolved", "Resolved")], db_index=True, default="new", max_length=20)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("resolved_note", models.TextField(blank=True)),
                        ("service", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="suggestions", to="directory.service")),
                    ],
                    options={"ordering": ["-created_at"], "db_table": "finder_suggestedchange"},
                ),
            ],
            database_operations=[],
        ),
    ]
