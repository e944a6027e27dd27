#!/usr/bin/env python
"""Benchmark: applying the retention policy on PostgreSQL. Prints figures; asserts nothing.

    .venv/bin/python bench/retention.py --families 30000

Generated in SQL into PostgreSQL familyhub_bench_retention (remade every run, as a run changes
it): N families, one child each, three requests each with a history entry and an audit event;
half the families ended 8 years ago (due: anonymised), half last year (kept); N old drafts,
N sent messages 100 days old, N audit events 8 years old with no family. Then times the
administrators' page figures (`due_summary`), a dry run, the run, and a second run.
"""

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

GENERATE = [
    """
    INSERT INTO families_family (id, created_at, updated_at, postcode, home_languages,
        interpreter_needed, interpreter_language, preferred_contact, safe_to_phone, safe_to_text,
        safe_to_email, voicemail_ok, email_key, phone_key, other_way)
    SELECT md5('family' || i)::uuid, t, t, 'ME4 4TR', 'Polish', false, '', 'email', true, true,
        true, false, md5('email' || i), md5('phone' || i), ''
    FROM (SELECT i, CASE WHEN i % 2 = 0 THEN now() - interval '8 years'
                         ELSE now() - interval '1 year' END AS t
          FROM generate_series(1, {families}) AS i) AS g
    """,
    """
    INSERT INTO families_familymember (id, family_id, first_name, last_name, name_key,
        date_of_birth, relationship, is_main_contact)
    SELECT md5('child' || i)::uuid, md5('family' || i)::uuid, 'Child' || i, 'Bench',
        'child' || i || ' bench', date '2012-01-01' + (i % 2000), 'child', false
    FROM generate_series(1, {families}) AS i
    """,
    """
    INSERT INTO referrals_consent (family_id, given_by_name, given_by, given_at,
        wording_version, privacy_notice_version)
    SELECT md5('family' || i)::uuid, 'Parent ' || i, 'family', now(), 'bench', 'bench'
    FROM generate_series(1, {families}) AS i
    """,
    """
    INSERT INTO referrals_supportrequest (id, reference, idempotency_key, family_id, consent_id,
        made_by_practitioner, status, version, submitted_at, status_changed_at, receive_by,
        decide_by, decline_reason, outcome, safeguarding_concerns, safeguarding_step)
    SELECT md5('request' || i)::uuid, 'FH-' || lpad(to_hex(i), 9, '0'), md5('key' || i)::uuid,
        md5('family' || f)::uuid,
        (SELECT id FROM referrals_consent c WHERE c.family_id = md5('family' || f)::uuid LIMIT 1),
        false, 'closed', 1, t, t, t::date, t::date, '', 'needs_met', '[]', ''
    FROM (SELECT i, 1 + i % {families} AS f,
                 CASE WHEN (1 + i % {families}) % 2 = 0 THEN now() - interval '8 years'
                      ELSE now() - interval '1 year' END AS t
          FROM generate_series(1, {families} * 3) AS i) AS g
    """,
    """
    INSERT INTO referrals_supportrequest_children (supportrequest_id, familymember_id)
    SELECT md5('request' || i)::uuid, md5('child' || (1 + i % {families}))::uuid
    FROM generate_series(1, {families} * 3) AS i
    """,
    """
    INSERT INTO referrals_statuschange (request_id, at, by_label, from_status, to_status,
        reason_code)
    SELECT id, status_changed_at, 'Bench', 'in_progress', 'closed', 'needs_met'
    FROM referrals_supportrequest
    """,
    """
    INSERT INTO audit_auditevent (at, actor, action, object_type, object_id, family_id, detail)
    SELECT status_changed_at, '', 'view', 'supportrequest', id::text, family_id, 'bench'
    FROM referrals_supportrequest
    """,
    """
    INSERT INTO audit_auditevent (at, actor, action, object_type, object_id, detail)
    SELECT now() - interval '8 years', '', 'view', 'service', i::text, 'bench'
    FROM generate_series(1, {families}) AS i
    """,
    """
    INSERT INTO referrals_draft (id, session_key, created_at, updated_at)
    SELECT md5('draft' || i)::uuid, '', now() - interval '8 days', now() - interval '8 days'
    FROM generate_series(1, {families}) AS i
    """,
    """
    INSERT INTO notifications_message (id, channel, kind, personalisation, reference, status,
        attempts, next_attempt_at, last_error, sent_at, provider_id, created_at)
    SELECT md5('message' || i)::uuid, 'email', 'request_sent', '{{}}', 'FH-BENCH', 'sent', 1,
        now(), '', now() - interval '100 days', '', now() - interval '100 days'
    FROM generate_series(1, {families}) AS i
    """,
    "VACUUM ANALYZE",
]
CLEAR = ["retention_anonymisedrecord", "retention_equalitytally", "retention_retentionrun",
         "audit_auditevent", "notifications_message", "referrals_draft",
         "referrals_statuschange", "referrals_supportrequest_children",
         "referrals_supportrequest", "referrals_consent", "families_familymember",
         "families_family"]  # fmt: skip


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--families", type=int, default=30_000)
    args = parser.parse_args()
    pg = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    name = "familyhub_bench_retention"
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        DATABASE_URL=f"{pg}/{name}",
        DJANGO_SETTINGS_MODULE="familyhub.settings",
        DJANGO_SECRET_KEY="bench-only",
        FAMILYHUB_ENCRYPTION_SALTS="bench-only",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from familyhub.retention.services import apply_retention, due_summary

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(CLEAR)} CASCADE")
        for statement in GENERATE:
            cursor.execute(statement.format(families=args.families))
    print(f"generated in {time.perf_counter() - started:.0f} s")
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; PostgreSQL on the same machine"
    )
    print(f"{args.families} families ({args.families // 2} due), {args.families * 3} requests, "
          f"{args.families * 4} audit events, {args.families} drafts and messages\n")  # fmt: skip

    def measured(label, function):
        queries = []
        with connection.execute_wrapper(
            lambda run, sql, *rest: queries.append(sql) or run(sql, *rest)
        ):
            started = time.perf_counter()
            result = function()
            seconds = time.perf_counter() - started
        print(f"{label:<40} {seconds:8.1f} s   {len(queries):>8} queries")
        return result

    if os.environ.get("BENCH_ONLY_GENERATE"):
        return
    rows = measured("due now and in 30 days (the page)", due_summary)
    print("   " + ", ".join(f"{row.rule.kind} {row.now}" for row in rows if row.now))
    measured("dry run", lambda: apply_retention(dry_run=True))
    run = measured("run", apply_retention)
    print(
        "   " + ", ".join(f"{kind} {r['count']}" for kind, r in run.results.items() if r["count"])
    )
    again = measured("second run", apply_retention)
    print(f"   {again.total} records")


if __name__ == "__main__":
    main()
