# The public's suggested changes now belong to upkeep (its migration 0002 takes the model and
# keeps the table): the finder's state forgets the model; nothing changes in the database.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("finder", "0001_initial"),
        ("upkeep", "0002_suggestedchange_moved_from_finder"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SuggestedChange")],
            database_operations=[],
        ),
    ]
