#!/usr/bin/env python
"""Benchmark: requests for support at scale on PostgreSQL — a provider's inbox, the triage
queue, a family's requests and the computed wait — at 10,000 to 1,000,000 requests over the
Medway demo directory. Prints figures; asserts nothing.

    .venv/bin/python bench/referrals.py --requests 1000000

The data goes into PostgreSQL familyhub_bench_requests_<N> (made once, reused), generated in
SQL (generate_series): one family per three requests, one child each, consent per family; a
year of requests, most finished. Free text is left empty (it is encrypted and never queried).
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GENERATE = [
    # Families, one child each, one consent each.
    """
    INSERT INTO families_family (id, created_at, updated_at, postcode, home_languages,
        interpreter_needed, interpreter_language, preferred_contact, safe_to_phone, safe_to_text,
        safe_to_email, voicemail_ok)
    SELECT md5('family' || i)::uuid, now(), now(),
        (ARRAY['ME4 4TR','ME7 1NX','ME1 1AA','ME2 4AA','ME5 7AA','ME8 0AA'])[1 + i % 6],
        '', false, '', 'email', true, true, true, false
    FROM generate_series(1, {families}) AS i
    """,
    """
    INSERT INTO families_familymember (id, family_id, first_name, last_name, name_key,
        date_of_birth, relationship, is_main_contact)
    SELECT md5('child' || i)::uuid, md5('family' || i)::uuid, 'Child' || i, 'Bench',
        'child' || i || ' bench', date '2012-01-01' + (i % 4000), 'child', false
    FROM generate_series(1, {families}) AS i
    """,
    """
    INSERT INTO referrals_consent (family_id, given_by_name, given_by, given_at,
        wording_version, privacy_notice_version)
    SELECT md5('family' || i)::uuid, 'Parent ' || i, 'family', now(), 'bench', 'bench'
    FROM generate_series(1, {families}) AS i
    """,
    # Requests: spread over the directory's services (one in ten to triage), over a year.
    """
    CREATE TEMP TABLE bench_services AS
    SELECT row_number() OVER (ORDER BY id) AS n, id FROM directory_service
    """,
    """
    INSERT INTO referrals_supportrequest (id, reference, idempotency_key, family_id, service_id,
        consent_id, made_by_practitioner, status, version, submitted_at, status_changed_at,
        receive_by, decide_by, decline_reason, outcome, decided_at, started_at,
        predicted_wait_days)
    SELECT md5('request' || i)::uuid, 'FH-' || lpad(to_hex(i), 9, '0'), md5('key' || i)::uuid,
        md5('family' || (1 + i % {families}))::uuid,
        CASE WHEN i % 10 = 0 THEN NULL ELSE
            (SELECT id FROM bench_services WHERE n = 1 + i % (SELECT count(*) FROM bench_services))
        END,
        (SELECT id FROM referrals_consent c
          WHERE c.family_id = md5('family' || (1 + i % {families}))::uuid LIMIT 1),
        i % 3 = 0,
        (ARRAY['closed','closed','closed','closed','closed','closed','in_progress','waitlisted',
               'accepted','submitted','received','declined','withdrawn'])[1 + i % 13],
        1, t, t, (t + interval '2 days')::date, (t + interval '7 days')::date,
        CASE WHEN i % 13 = 11 THEN 'not_eligible' ELSE '' END,
        CASE WHEN i % 13 < 6 THEN 'needs_met' ELSE '' END,
        CASE WHEN i % 13 < 9 THEN t + interval '3 days' END,
        CASE WHEN i % 13 < 7 THEN t + interval '30 days' END,
        CASE WHEN i % 13 < 9 THEN 28 END
    FROM (SELECT i, now() - (i % 365) * interval '1 day' - (i % 1440) * interval '1 minute' AS t
          FROM generate_series(1, {requests}) AS i) AS g
    """,
    """
    INSERT INTO referrals_supportrequest_children (supportrequest_id, familymember_id)
    SELECT md5('request' || i)::uuid, md5('child' || (1 + i % {families}))::uuid
    FROM generate_series(1, {requests}) AS i
    """,
    "VACUUM ANALYZE",
]


def timed(function, repeat):
    function()  # warm
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    ordered = sorted(times)
    return statistics.median(times), ordered[min(len(ordered) - 1, round(0.95 * (repeat - 1)))]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    pg = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    name = f"familyhub_bench_requests_{args.requests}"
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        DATABASE_URL=f"{pg}/{name}",
        DJANGO_SETTINGS_MODULE="familyhub.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-only",
        FAMILYHUB_ENCRYPTION_SALTS="bench-only",
        DJANGO_ALLOWED_HOSTS="testserver",
        FAMILYHUB_STAFF_TWO_FACTOR="false",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from familyhub.accounts.models import Profile, Role
    from familyhub.directory.models import Service
    from familyhub.referrals.models import SupportRequest
    from familyhub.referrals.waiting import expected_wait

    # Pages are rendered without the collected, hashed static files.
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    call_command("migrate", verbosity=0)
    if not Service.objects.exists():
        call_command("load_demo_data", verbosity=0)
    have = SupportRequest.objects.count()
    if have < args.requests:
        SupportRequest.objects.all().delete()
        started = time.perf_counter()
        sizes = {"requests": args.requests, "families": max(1, args.requests // 3)}
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM referrals_consent")
            cursor.execute("DELETE FROM families_familymember")
            cursor.execute("DELETE FROM families_family")
            for statement in GENERATE:
                cursor.execute(statement.format(**sizes))
        print(f"generated {args.requests} requests in {time.perf_counter() - started:.0f} s")

    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; PostgreSQL on the same machine"
    )
    print(f"{SupportRequest.objects.count()} requests; {args.repeat} runs each\n")
    busiest = Service.objects.filter(capacity_per_week__isnull=False).order_by("name").first()
    organisation = busiest.organisation
    from django.contrib.auth import get_user_model

    people = {}
    for role, extra in (
        (Role.PROVIDER, {"organisation": organisation}),
        (Role.TRIAGE, {}),
        (Role.PARENT, {}),
    ):
        user, _ = get_user_model().objects.get_or_create(username=f"bench-{role}")
        Profile.objects.get_or_create(user=user, defaults={"role": role, **extra})
        people[role] = user
    family = SupportRequest.objects.filter(service=busiest).first().family
    family.account_holders.add(people[Role.PARENT])
    open_in_org = SupportRequest.objects.filter(
        service__organisation=organisation, status__in=["submitted", "received", "accepted",
                                                        "waitlisted", "in_progress"]
    ).count()  # fmt: skip
    print(f"provider: {organisation.name} ({open_in_org} open requests to its services)")

    def page(role, url):
        client = Client()
        client.force_login(people[role])

        def get():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        return get

    checks = [
        ("provider's inbox, first page", page(Role.PROVIDER, "/staff/requests/")),
        ("provider's inbox, open only", page(Role.PROVIDER, "/staff/requests/?status=open")),
        ("triage queue", page(Role.TRIAGE, "/staff/triage/")),
        ("a family's requests", page(Role.PARENT, "/my-requests/")),
        (f"expected wait ({busiest.name[:30]})", lambda: expected_wait(busiest)),
    ]
    for label, function in checks:
        queries = []
        with connection.execute_wrapper(
            lambda run, sql, *rest, queries=queries: queries.append(sql) or run(sql, *rest)
        ):
            function()
        p50, p95 = timed(function, args.repeat)
        print(f"{label:<48} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   {len(queries)} queries")


if __name__ == "__main__":
    main()
