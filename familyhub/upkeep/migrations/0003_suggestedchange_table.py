from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("upkeep", "0002_suggestedchange_moved_from_finder"),
        ("finder", "0002_suggestedchange_moved_to_upkeep"),
    ]

    operations = [
        migrations.AlterModelTable(name="suggestedchange", table=None),
    ]
