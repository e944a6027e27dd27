"""Every URL pattern of the site has a rule here saying who may reach it, and every rule is
tried as every persona. A URL added without a rule fails the first test: add it to RULES.

"Reached" means answered with the page, a redirect that is not to sign in, or a form error.
"Refused" means 403 or 404 (a record that is missing or not yours: the same answer), or, for
someone not signed in, a redirect to sign in. Record pages are tried with records that belong to
the "own" personas (the parent's family, the provider's service, the practitioner's referral);
tests/referrals/test_authorisation_matrix.py tries own and other records in depth.
"""

from dataclasses import dataclass, field
from datetime import time

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from familyhub.casework import actions as casework_actions
from familyhub.directory.models import Organisation, Service, TaxonomyTerm
from familyhub.information import actions as information_actions
from familyhub.interchange.models import ImportKind, ImportReview, ImportRun, PartnerFeed
from familyhub.places.models import Place
from familyhub.programmes import places
from familyhub.programmes.models import Programme
from familyhub.referrals.models import Draft
from familyhub.retention.models import ErasureRecord
from familyhub.upkeep import changes
from familyhub.upkeep.models import SuggestedChange
from familyhub.workforce import records as workforce_records
from tests.factories import SupportRequestFactory
from tests.personas import person, team_in
from tests.planning.helpers import plan_records
from tests.referrals.helpers import answers, make_request

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "parent",
    "parent_other",
    "practitioner",
    "practitioner_other",
    "provider",
    "provider_other",
    "triage",
    "data_manager",
    "analyst",
    "administrator",
    "board_member",
    "strategy_lead",
    "content_editor",
)
EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
STAFF = SIGNED_IN - {"parent", "parent_other"}
PARENTS = frozenset({"parent", "parent_other"})
OWN_PARENT = frozenset({"parent"})
# Who sees the world's request: its service, triage, the referrer (and the referrer's team).
SEE_THE_REQUEST = frozenset({"practitioner", "provider", "triage"})
INBOX = frozenset({"practitioner", "practitioner_other", "provider", "provider_other", "triage"})
DATA = frozenset({"data_manager", "administrator"})
MAP = frozenset({"data_manager", "analyst", "administrator"})
PROVIDERS_AND_DATA = frozenset({"provider", "provider_other"}) | DATA
OWN_SERVICE = frozenset({"provider"}) | DATA
ADMINISTRATORS = frozenset({"administrator"})
# The delivery plan: readers; the strategy lead edits; an action's lead (here the practitioner)
# sees and updates their own action.
PLAN_READERS = frozenset({"strategy_lead", "board_member", "data_manager", "administrator"})
PLAN_EDITOR = frozenset({"strategy_lead"})
CONTENT_EDITORS = frozenset({"content_editor"})
EQUALITY_REPORT = frozenset({"data_manager", "analyst", "administrator", "board_member"})
OUTCOMES = frozenset({"board_member", "analyst", "data_manager", "administrator"})


@dataclass(frozen=True)
class Rule:
    who: frozenset  # the personas who reach it
    args: tuple = ()  # names of the world's records that fill the URL, in order
    post: dict | None = None  # POST-only: tried with this form (empty: a form error or no-op)
    query: str = ""
    suffix: str = ""  # added to the reversed URL (a catch-all pattern reverses to its base)
    why: str = field(default="", compare=False)


RULES = {
    # The families' front door: everyone.
    "finder:start": Rule(EVERYONE),
    "finder:results": Rule(EVERYONE, query="?q=sleep"),
    "finder:service": Rule(EVERYONE, args=("service_id",)),
    "finder:suggest_change": Rule(EVERYONE, args=("service_id",)),
    "finder:checker": Rule(EVERYONE),
    "finder:shortlist": Rule(EVERYONE),
    "finder:shortlist_add": Rule(EVERYONE, post={"service": "{service_id}"}),
    "finder:shortlist_remove": Rule(EVERYONE, post={"service": "{service_id}"}),
    "finder:shortlist_print": Rule(EVERYONE),
    "finder:shared_shortlist": Rule(EVERYONE),
    "finder:privacy": Rule(EVERYONE),
    "finder:accessibility": Rule(EVERYONE),
    # The ORUK API is public open data.
    "oruk:api-details": Rule(EVERYONE),
    "oruk:openapi": Rule(EVERYONE),
    "oruk:services": Rule(EVERYONE),
    "oruk:service": Rule(EVERYONE, args=("service_id",)),
    "oruk:organizations": Rule(EVERYONE),
    "oruk:organization": Rule(EVERYONE, args=("organisation_id",)),
    "oruk:taxonomies": Rule(EVERYONE),
    "oruk:taxonomy": Rule(EVERYONE, args=("taxonomy_id",)),
    "oruk:taxonomy-terms": Rule(EVERYONE),
    "oruk:taxonomy-term": Rule(EVERYONE, args=("taxonomy_term_id",)),
    "oruk:service-at-locations": Rule(EVERYONE),
    "oruk:service-at-location": Rule(EVERYONE, args=("service_at_location_id",)),
    "oruk:no-such-path": Rule(
        frozenset(), suffix="no-such-thing", why="any other path under the API: a JSON 404"
    ),
    # The SEND Local Offer's own ORUK feed: public open data too.
    "localoffer_oruk:api-details": Rule(EVERYONE),
    "localoffer_oruk:openapi": Rule(EVERYONE),
    "localoffer_oruk:services": Rule(EVERYONE),
    "localoffer_oruk:service": Rule(EVERYONE, args=("local_offer_service_id",)),
    "localoffer_oruk:taxonomies": Rule(EVERYONE),
    "localoffer_oruk:taxonomy": Rule(EVERYONE, args=("taxonomy_id",)),
    "localoffer_oruk:taxonomy-terms": Rule(EVERYONE),
    "localoffer_oruk:taxonomy-term": Rule(EVERYONE, args=("taxonomy_term_id",)),
    "localoffer_oruk:no-such-path": Rule(
        frozenset(), suffix="organizations", why="what the Local Offer feed does not serve: 404"
    ),
    # The Local Offer section and help for families offline: everyone.
    "localoffer:index": Rule(EVERYONE),
    "offline:other_ways": Rule(EVERYONE),
    "offline:getting_online": Rule(EVERYONE),
    # Staff: answering the Local Offer questions (a provider, for its own SEND services).
    "localoffer:staff_list": Rule(PROVIDERS_AND_DATA),
    "localoffer:edit_answers": Rule(
        DATA,
        args=("local_offer_service_id",),
        why="not the provider personas' service (tests/localoffer tries a provider's own)",
    ),
    # Accounts.
    "accounts:sign_in": Rule(EVERYONE),
    "accounts:create_account": Rule(EVERYONE),
    "accounts:sign_out": Rule(EVERYONE, post={}),
    "accounts:home": Rule(SIGNED_IN),
    "accounts:two_factor": Rule(STAFF),
    "accounts:confirm_password": Rule(STAFF),
    "accounts:recovery_codes": Rule(STAFF),
    "accounts:recovery_code": Rule(STAFF),
    "accounts:check_email": Rule(EVERYONE),
    "accounts:confirm_account": Rule(
        frozenset(),
        args=("uidb64", "token"),
        why="only the real link from the email opens it (tests/accounts); a made-up one is 404",
    ),  # fmt: skip
    # Asking for support: anyone may start; a draft is its maker's alone.
    "referrals:start": Rule(EVERYONE),
    "referrals:step": Rule(OWN_PARENT, args=("draft_id", "step")),
    "referrals:submit": Rule(OWN_PARENT, args=("draft_id",), post={}),
    "referrals:sent": Rule(OWN_PARENT, args=("parents_reference",)),
    "referrals:what_happens_next": Rule(OWN_PARENT, args=("parents_reference",)),
    "referrals:privacy_notice": Rule(EVERYONE),
    "referrals:privacy_notice_version": Rule(EVERYONE, args=("privacy_version",)),
    "referrals:track": Rule(EVERYONE),
    "referrals:track_code": Rule(EVERYONE),
    # A family's own pages.
    "referrals:my_requests": Rule(PARENTS),
    "referrals:family_request": Rule(OWN_PARENT | SEE_THE_REQUEST, args=("reference",)),
    "referrals:withdraw": Rule(OWN_PARENT | {"practitioner"}, args=("reference",)),
    "referrals:add_to_account": Rule(
        frozenset(),
        args=("reference",),
        post={},
        why="only with the request's code, in the same visit",
    ),
    "referrals:my_family": Rule(PARENTS),
    "referrals:family_contact": Rule(PARENTS),
    "referrals:family_languages": Rule(PARENTS),
    "referrals:family_accessibility": Rule(PARENTS),
    "referrals:add_person": Rule(PARENTS, args=("person_kind",)),
    "referrals:change_person": Rule(OWN_PARENT, args=("member_id",)),
    "referrals:remove_person": Rule(OWN_PARENT, args=("member_id",)),
    "referrals:family_equality": Rule(OWN_PARENT, args=("member_id",)),
    # Staff: requests.
    "referrals:inbox": Rule(INBOX),
    "referrals:staff_request": Rule(SEE_THE_REQUEST, args=("reference",)),
    "referrals:safeguarding_step": Rule(SEE_THE_REQUEST, args=("reference",), post={}),
    "referrals:move": Rule(
        frozenset({"provider"}),
        args=("reference", "move"),
        why="a service's requests are its own to decide",
    ),
    "referrals:triage": Rule(frozenset({"triage"})),
    "referrals:on_behalf": Rule(INBOX, why="staff a family rings or meets"),
    "referrals:merge_families": Rule(
        frozenset({"triage"}), args=("other_family_id",), query="?into={family_id}"
    ),
    "referrals:different_families": Rule(
        frozenset({"triage"}), args=("other_family_id",), post={"into": "{family_id}"}
    ),
    # Staff: keeping the directory true.
    "upkeep:services": Rule(PROVIDERS_AND_DATA),
    "upkeep:new_service": Rule(PROVIDERS_AND_DATA),
    "upkeep:service": Rule(OWN_SERVICE, args=("service_id",)),
    "upkeep:edit": Rule(OWN_SERVICE, args=("service_id",)),
    "upkeep:archive": Rule(OWN_SERVICE, args=("service_id",)),
    "upkeep:decide_open_request": Rule(
        frozenset({"provider"}),
        args=("service_id",),
        post={"request": "{request_id}"},
        why="the service's own staff decide about the families' requests",
    ),
    "upkeep:checked": Rule(OWN_SERVICE, args=("service_id",), post={}),
    "upkeep:history": Rule(OWN_SERVICE, args=("service_id",)),
    "upkeep:version": Rule(OWN_SERVICE, args=("service_id", "version_number")),
    "upkeep:changes": Rule(PROVIDERS_AND_DATA, why="a provider sees their own"),
    "upkeep:change": Rule(OWN_SERVICE, args=("change_id",)),
    "upkeep:approve": Rule(DATA, args=("change_id",), post={}),
    "upkeep:reject": Rule(DATA, args=("change_id",), post={}),
    "upkeep:suggestions": Rule(PROVIDERS_AND_DATA),
    "upkeep:suggestion": Rule(OWN_SERVICE, args=("suggestion_id",)),
    # Staff: the map of services.
    "gaps:map": Rule(MAP),
    "gaps:csv": Rule(MAP),
    # Staff: import, export and duplicates.
    "interchange:home": Rule(DATA),
    "interchange:import_oruk": Rule(DATA, post={}),
    "interchange:import_csv": Rule(DATA, post={}),
    "interchange:run": Rule(DATA, args=("import_run_id",)),
    "interchange:csv_template": Rule(DATA),
    "interchange:export_json": Rule(DATA),
    "interchange:export_csv": Rule(DATA),
    "interchange:review_list": Rule(DATA),
    "interchange:review": Rule(DATA, args=("held_service_id",)),
    "interchange:review_reject": Rule(DATA, args=("held_service_id",), post={}),
    "interchange:duplicates": Rule(DATA),
    "interchange:merge": Rule(
        DATA, query="?kind=service&first={service_id}&second={held_service_id}"
    ),
    "interchange:not_duplicates": Rule(
        DATA, post={"kind": "service", "first": "{service_id}", "second": "{held_service_id}"}
    ),
    # Partners' feeds pulled on a schedule (a pull itself runs on the import worker).
    "interchange:partner_feeds": Rule(DATA),
    "interchange:partner_feed": Rule(DATA, args=("partner_feed_id",)),
    "interchange:pull_feed": Rule(DATA, args=("partner_feed_id",), post={}),
    # Administrators: subject access (everything held about a person).
    "subject_access:find": Rule(ADMINISTRATORS),
    "subject_access:everything_held": Rule(ADMINISTRATORS, args=("family_id",)),
    "subject_access:pack_html": Rule(ADMINISTRATORS, args=("family_id",)),
    "subject_access:pack_json": Rule(ADMINISTRATORS, args=("family_id",)),
    # Administrators: what the retention policy has due, and erasure.
    "retention:due": Rule(ADMINISTRATORS),
    "retention:find_family": Rule(ADMINISTRATORS),
    "retention:erase_family": Rule(ADMINISTRATORS, args=("family_id",)),
    "retention:erasure": Rule(ADMINISTRATORS, args=("erasure_id",)),
    # The board's outcomes dashboard (aggregates only); data managers enter outside figures.
    "outcomes:dashboard": Rule(OUTCOMES),
    "outcomes:table_csv": Rule(OUTCOMES, args=("outcomes_table",)),
    "outcomes:report_pdf": Rule(OUTCOMES),
    "outcomes:figures": Rule(DATA),
    "outcomes:upload_figures": Rule(DATA, post={}),
    "outcomes:partner_return": Rule(DATA),
    "outcomes:edit_measure": Rule(DATA, args=("measure_key",)),
    # Early help casework (persona by persona, managers included: tests/casework/).
    "casework:open_from_request": Rule(
        frozenset({"practitioner", "triage"}), args=("triage_reference",)
    ),
    "casework:open_for_family": Rule(frozenset({"practitioner"}), args=("family_id",)),
    "casework:family_plan": Rule(PARENTS),
    "casework:family_comment": Rule(OWN_PARENT, args=("case_reference",), post={"text": "Hi"}),
    "casework:caseload": Rule(
        frozenset({"practitioner", "practitioner_other", "provider", "provider_other"})
    ),
    "casework:allocation": Rule(frozenset(), why="team managers only"),
    "casework:supporting_families": Rule(frozenset(), why="team managers only"),
    "casework:case": Rule(frozenset({"practitioner"}), args=("case_reference",)),
    "casework:assessment": Rule(frozenset({"practitioner"}), args=("case_reference",)),
    "casework:plan": Rule(frozenset({"practitioner"}), args=("case_reference",)),
    "casework:review": Rule(frozenset({"practitioner"}), args=("case_reference",)),
    "casework:meeting": Rule(frozenset({"practitioner"}), args=("case_reference",)),
    "casework:sustained_check": Rule(frozenset({"practitioner"}), args=("case_reference",)),
    "casework:allocate": Rule(frozenset(), args=("case_reference",), why="team managers only"),
    "casework:add_member": Rule(frozenset({"practitioner"}), args=("case_reference",)),
    "casework:remove_member": Rule(
        frozenset({"practitioner"}), args=("case_reference", "case_member_id"), post={}
    ),
    "casework:break_glass": Rule(
        frozenset(), args=("case_reference",), why="team managers outside the case's team"
    ),
    "casework:move": Rule(frozenset({"practitioner"}), args=("case_reference", "case_move")),
    # Running the strategy (tests/planning/ tries own and other actions in depth).
    "planning:public_plan": Rule(EVERYONE),
    "planning:you_said_we_did": Rule(EVERYONE),
    "planning:charter": Rule(EVERYONE),
    "planning:charter_not_met": Rule(EVERYONE),
    "planning:plan": Rule(PLAN_READERS),
    "planning:my_actions": Rule(STAFF),
    "planning:actions_csv": Rule(PLAN_READERS),
    "planning:annual_report": Rule(PLAN_READERS),
    "planning:annual_pdf": Rule(PLAN_READERS),
    "planning:priority": Rule(PLAN_READERS, args=("priority_id",)),
    "planning:priority_pdf": Rule(PLAN_READERS, args=("priority_id",)),
    "planning:new_action": Rule(PLAN_EDITOR, args=("priority_id",)),
    "planning:action": Rule(PLAN_READERS | {"practitioner"}, args=("plan_action_id",)),
    "planning:progress": Rule(PLAN_EDITOR | {"practitioner"}, args=("plan_action_id",)),
    "planning:override": Rule(PLAN_EDITOR, args=("plan_action_id",)),
    "planning:edit_action": Rule(PLAN_EDITOR, args=("plan_action_id",)),
    "planning:governance": Rule(PLAN_READERS),
    "planning:new_meeting": Rule(PLAN_EDITOR),
    "planning:meeting": Rule(PLAN_READERS, args=("meeting_id",)),
    "planning:add_decision": Rule(PLAN_EDITOR, args=("meeting_id",)),
    "planning:coproduction": Rule(PLAN_READERS),
    "planning:new_consultation": Rule(PLAN_EDITOR),
    "planning:new_you_said": Rule(PLAN_EDITOR),
    "planning:new_forum_meeting": Rule(PLAN_EDITOR),
    "planning:charter_staff": Rule(PLAN_READERS),
    "planning:new_charter_version": Rule(PLAN_EDITOR),
    "planning:charter_sign_up": Rule(PLAN_EDITOR),
    # Information for parents, pathways and places: public; content editors edit.
    "information:index": Rule(EVERYONE),
    "information:page": Rule(EVERYONE, args=("info_stage", "info_topic")),
    "information:pathways": Rule(EVERYONE),
    "information:pathway": Rule(EVERYONE, args=("need_code",)),
    "information:pathway_professionals": Rule(EVERYONE, args=("need_code",)),
    "information:editor_list": Rule(CONTENT_EDITORS),
    "information:editor_new": Rule(CONTENT_EDITORS),
    "information:editor_page": Rule(CONTENT_EDITORS, args=("info_page_id",)),
    "information:editor_reviewed": Rule(CONTENT_EDITORS, args=("info_page_id",), post={}),
    "information:editor_edit": Rule(CONTENT_EDITORS, args=("info_page_id", "info_language")),
    "information:editor_publish": Rule(
        CONTENT_EDITORS, args=("info_page_id", "info_language"), post={}
    ),
    "information:editor_version": Rule(
        CONTENT_EDITORS, args=("info_page_id", "info_language", "info_version")
    ),
    "places:list": Rule(EVERYONE),
    "places:place": Rule(EVERYONE, args=("place_slug",)),
    # Programmes run as groups (tests/programmes/): data managers keep them, the service's
    # provider runs them; only the provider (and a group's facilitators) see families.
    "programmes:list": Rule(
        PROVIDERS_AND_DATA | {"practitioner", "practitioner_other"},
        why="practitioners see the groups they facilitate",
    ),
    "programmes:programme_new": Rule(DATA),
    "programmes:programme": Rule(OWN_SERVICE, args=("programme_id",)),
    "programmes:group_new": Rule(OWN_SERVICE, args=("programme_id",)),
    "programmes:group": Rule(OWN_SERVICE, args=("group_id",)),
    "programmes:give_places": Rule(frozenset({"provider"}), args=("group_id",), post={}),
    "programmes:attendance": Rule(frozenset({"provider"}), args=("group_id", "session_number")),
    "programmes:place": Rule(frozenset({"provider"}), args=("place_id",)),
    "programmes:completion": Rule(frozenset({"provider"}), args=("place_id",), post={}),
    # Workforce and peer support (tests/workforce/).
    "gaps:capacity_csv": Rule(MAP),
    "workforce:overview": Rule(MAP | {"board_member", "strategy_lead"}),
    "workforce:courses": Rule(DATA),
    "workforce:training": Rule(INBOX | DATA),
    "workforce:training_add": Rule(INBOX | DATA),
    "workforce:training_import": Rule(DATA),
    "workforce:peers": Rule(frozenset({"provider", "provider_other"})),
    "workforce:peer_add": Rule(frozenset({"provider", "provider_other"})),
    "workforce:peer": Rule(frozenset({"provider"}), args=("peer_id",)),
    "workforce:match": Rule(frozenset({"provider"}), args=("peer_match_id",)),
    "workforce:match_end": Rule(frozenset({"provider"}), args=("peer_match_id",), post={}),
    # Family feedback: the form opens only with the real link (tests/feedback); response rates
    # (counts only) for the people who look at figures.
    "feedback:form": Rule(
        frozenset(), args=("token",), why="only the real link sent to the family; else a 404"
    ),
    "feedback:thanks": Rule(
        frozenset(), args=("token",), why="only the real link sent to the family; else a 404"
    ),
    "feedback:response_rates": Rule(
        frozenset({"analyst", "board_member", "data_manager", "strategy_lead"})
    ),
    # Equality monitoring: offered after sending (the sender only) and on a case (its lead);
    # the report is aggregates only, for those who read figures (never a family's record).
    "equality:after_request": Rule(OWN_PARENT, args=("parents_reference",)),
    "equality:case": Rule(frozenset({"practitioner"}), args=("case_reference",)),
    "equality:report": Rule(EQUALITY_REPORT),
    "equality:report_csv": Rule(EQUALITY_REPORT, args=("equality_table",)),
}

# Django's admin: its own sign-in and model permissions (tried below, model by model).
ADMIN_NAMESPACE = "admin"


def _url_names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}:{entry.name}" if namespace else str(entry.name)


def test_every_url_pattern_has_a_rule():
    names = {name for name in _url_names(get_resolver().url_patterns)}
    outside_admin = {name for name in names if not name.startswith(f"{ADMIN_NAMESPACE}:")}
    missing = sorted(outside_admin - set(RULES))
    assert not missing, f"URL patterns with no rule in the permission matrix: {missing}"
    stale = sorted(set(RULES) - outside_admin)
    assert not stale, f"Rules for URL patterns that no longer exist: {stale}"


@pytest.fixture(autouse=True)
def _verified_staff(settings):
    # Two-factor sign-in has its own tests; here a signed-in staff member is verified.
    settings.STAFF_TWO_FACTOR_REQUIRED = False


@pytest.fixture
def world():
    service = Service.objects.filter(
        access_self_referral=True, access_professional_referral=True, status="active"
    ).first()
    other_org = Organisation.objects.exclude(pk=service.organisation_id).first()
    team = team_in(other_org, "School pastoral team")
    people = {
        "anonymous": None,
        "parent": person("parent"),
        "parent_other": person("parent"),
        "practitioner": person("practitioner", team=team),
        "practitioner_other": person("practitioner", team=team_in(other_org, "Other team")),
        "provider": person("provider", organisation=service.organisation),
        "provider_other": person("provider", organisation=other_org),
        "triage": person("triage"),
        "data_manager": person("data_manager"),
        "analyst": person("analyst"),
        "administrator": person("administrator"),
        "board_member": person("board_member"),
        "strategy_lead": person("strategy_lead", organisation=service.organisation),
        "content_editor": person("content_editor"),
    }
    referral = make_request(service, by=people["practitioner"], who="practitioner")
    referral.family.account_holders.add(people["parent"])
    own = make_request(service, by=people["parent"])
    other = make_request(
        service, by=people["parent_other"],
        children=[{"first_name": "Other", "last_name": "Child", "date_of_birth": "2019-01-01"}],
        contact={"contact_email": "other.family@example.org", "preferred_contact": "email",
                 "safe_to_email": True},
    )  # fmt: skip
    draft = Draft.objects.create(service=service, user=people["parent"], answers=answers())
    change = changes.propose(
        service=service, organisation=service.organisation, data=changes.snapshot(service),
        by=people["provider"],
    )  # fmt: skip
    suggestion = SuggestedChange.objects.create(
        service=service, kind=SuggestedChange.Kind.choices[0][0], details="The phone is wrong."
    )
    run = ImportRun.objects.create(kind=ImportKind.ORUK, source="a test feed")
    held = Service.objects.exclude(pk=service.pk).filter(status="active").first()
    Service.objects.filter(pk=held.pk).update(status="held")
    ImportReview.objects.create(service=held, reasons=["no_level_of_need"])
    # Early help: a triage request the practitioner referred, opened as a case they lead.
    triage_request = make_request(None, by=people["practitioner"], who="practitioner")
    case = casework_actions.open_case(
        family=triage_request.family,
        by=people["triage"],
        opened_from="triage",
        team=team,
        lead=people["practitioner"],
        given_by_name="Sam Parent",
        share_with="School",
        source_request=triage_request,
    )
    case_member = casework_actions.add_member(
        case.pk, by=people["practitioner"], family_member=case.family.members.first()
    )
    plan_action, plan_meeting = plan_records(lead=people["practitioner"])
    link = service.service_at_locations.first()
    info_page = information_actions.create_page(
        stage="1-2", topic="sleep", by=people["content_editor"]
    )
    information_actions.save_draft(
        info_page.pk,
        language="en",
        words={"title": "Sleep", "summary": "S", "typical": "T", "when_to_ask": "W",
               "search_words": "sleep"},
        by=people["content_editor"],
    )  # fmt: skip
    information_actions.publish(info_page.pk, language="en", by=people["content_editor"])
    venue = Place.objects.create(location=link.location, slug="a-place")
    term = TaxonomyTerm.objects.first()
    # A programme of the provider's service, a group, and a place for an accepted request.
    programme = Programme.objects.create(service=service, measure_name="SDQ")
    group = places.create_group(programme, name="Tuesdays", starts_on=timezone.localdate(),
                                sessions=2, places=4, online=True)  # fmt: skip
    placed = SupportRequestFactory(service=service, status="accepted")
    place = places.place_request(group.pk, placed.pk, by=people["provider"])
    supporter = workforce_records.recruit(organisation=service.organisation, name="Pat Peer",
                                town="Chatham", recruited_on=timezone.localdate())  # fmt: skip
    workforce_records.record_training(supporter, course=None, trained_on=timezone.localdate())
    peer_match = workforce_records.match(supporter, referral, by=people["provider"])
    records = {
        "service_id": service.pk,
        "organisation_id": service.organisation_id,
        "service_at_location_id": link.pk,
        "taxonomy_term_id": term.pk,
        "taxonomy_id": term.taxonomy_id,
        "draft_id": draft.pk,
        "step": "family",
        "parents_reference": own.reference,
        "privacy_version": "requests-v1",
        "uidb64": "MQ",
        "token": "not-a-real-token",
        "reference": referral.reference,
        "request_id": referral.pk,
        "move": "receive",
        "person_kind": "child",
        "member_id": referral.family.members.first().pk,
        "family_id": referral.family_id,
        "other_family_id": other.family_id,
        "version_number": changes.current_version(service).number,
        "change_id": change.pk,
        "suggestion_id": suggestion.pk,
        "import_run_id": run.pk,
        "erasure_id": ErasureRecord.objects.create(
            family_id=other.family_id,
            at=timezone.now(),
            by=people["administrator"],
            by_label="An administrator",
            reason="A test erasure record",
        ).pk,
        "held_service_id": held.pk,
        "partner_feed_id": PartnerFeed.objects.create(
            name="A partner", url="https://feeds.example.org/services", time_of_day=time(6, 30)
        ).pk,
        "local_offer_service_id": Service.objects.get(name="SEND advice line (SENDIASS)").pk,
        "triage_reference": triage_request.reference,
        "case_reference": case.reference,
        "case_member_id": case_member.pk,
        "case_move": "close",
        "priority_id": plan_action.priority_id,
        "plan_action_id": plan_action.pk,
        "meeting_id": plan_meeting.pk,
        "info_stage": "1-2",
        "info_topic": "sleep",
        "info_page_id": info_page.pk,
        "info_language": "en",
        "info_version": 1,
        "need_code": "sleep",
        "place_slug": venue.slug,
        "programme_id": programme.pk,
        "group_id": group.pk,
        "session_number": 1,
        "place_id": place.pk,
        "peer_id": supporter.pk,
        "peer_match_id": peer_match.pk,
        "equality_table": "ethnicity-asks",
        "outcomes_table": "summary",
        "measure_key": "school-readiness",
    }
    return people, records


def _refused(response, persona):
    if response.status_code in (403, 404):
        return True
    sign_in = reverse("accounts:sign_in")
    return (
        persona == "anonymous"
        and response.status_code == 302
        and response.url.split("?")[0].endswith(sign_in)
    )


@pytest.mark.parametrize("name", sorted(RULES))
def test_who_reaches_each_url(client, world, name):
    people, records = world
    rule = RULES[name]
    url = reverse(name, args=[records[arg] for arg in rule.args]) + rule.suffix
    url += rule.query.format(**records)
    outcomes = {}
    for persona in PERSONAS:
        client.logout()
        if people[persona] is not None:
            client.force_login(people[persona])
        if rule.post is None:
            response = client.get(url)
        else:
            response = client.post(url, {k: v.format(**records) for k, v in rule.post.items()})
        assert response.status_code < 500, (persona, response.status_code)
        outcome = "refused" if _refused(response, persona) else "reached"
        outcomes[persona] = (outcome, response.status_code)
    wrong = {
        persona: f"{outcome} ({status}), expected {'reached' if persona in rule.who else 'refused'}"
        for persona, (outcome, status) in outcomes.items()
        if (outcome == "reached") != (persona in rule.who)
    }
    assert not wrong, f"{name} {url}: {wrong}"


def test_the_admin_is_only_for_those_the_admin_lets_in(client, world):
    """Django's admin refuses everyone without its staff flag, whatever their role."""
    people, _records = world
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for persona in PERSONAS:
            client.logout()
            if people[persona] is not None:
                client.force_login(people[persona])
            response = client.get(url)
            assert response.status_code == 302, (url, persona)
            assert response.url.startswith(reverse("admin:login")), (url, persona)
