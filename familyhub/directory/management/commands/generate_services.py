from django.core.management.base import BaseCommand
from tqdm import tqdm

from familyhub.directory.synthetic import generate


class Command(BaseCommand):
    help = "Generate N synthetic services across England for benchmarks (not demo data)."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, count, seed, **options):
        with tqdm(total=count, unit=" services", file=self.stderr) as bar:
            made = generate(count, seed=seed, progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Generated {made} services."))
