import io
import zipfile

import pytest
from django.core.management import call_command

from familyhub.postcodes.importing import import_postcodes
from familyhub.postcodes.lookup import LocalTableLookup
from familyhub.postcodes.models import Postcode, PostcodeDistrict

pytestmark = pytest.mark.django_db

ONSPD = """pcd,pcd2,pcds,dointr,doterm,oseast1m,osnrth1m,lat,long
ME4 4TR,ME4  4TR,ME4 4TR,198001,,576000,168000,51.381100,0.521900
ME4 4TS,ME4  4TS,ME4 4TS,198001,,576100,168100,51.383100,0.523900
ME4 9XX,ME4  9XX,ME4 9XX,198001,200012,576100,168100,51.380000,0.520000
ME4 9YY,ME4  9YY,ME4 9YY,198001,,,,99.999999,0.000000
NOTAPC,NOTAPC,NOTAPC,198001,,1,1,51.0,0.1
"""

# Code-Point Open: postcode, quality, eastings, northings, ... (no header).
CODEPOINT = '"ME7 1AB",10,577500,168900,"E92000001"\n"ME7 1AD",10,0,0,"E92000001"\n'


def test_onspd_rows_load_and_bad_rows_are_counted(tmp_path):
    path = tmp_path / "onspd.csv"
    path.write_text(ONSPD)
    report = import_postcodes(path, "onspd")
    assert report.imported == 2
    assert report.reasons == {
        "terminated postcode": 1,
        "no grid reference": 1,
        "not a valid postcode": 1,
    }
    assert Postcode.objects.get(postcode="ME4 4TR").latitude == pytest.approx(51.3811)
    # The district centroid becomes the mean of its imported postcodes.
    district = PostcodeDistrict.objects.get(outward_code="ME4")
    assert district.latitude == pytest.approx((51.3811 + 51.3831) / 2)
    assert LocalTableLookup().locate("ME4 4TS").precision == "postcode"


def test_import_again_updates_rather_than_duplicates(tmp_path):
    path = tmp_path / "onspd.csv"
    path.write_text(ONSPD)
    import_postcodes(path, "onspd")
    path.write_text(ONSPD.replace("51.381100", "51.390000"))
    import_postcodes(path, "onspd")
    assert Postcode.objects.filter(outward_code="ME4").count() == 2
    assert Postcode.objects.get(postcode="ME4 4TR").latitude == pytest.approx(51.39)


def test_codepoint_eastings_and_northings_become_latitude_and_longitude(tmp_path):
    archive = tmp_path / "codepo_gb.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Data/CSV/me.csv", CODEPOINT)
        zipped.writestr("Doc/licence.txt", "OGL")
    report = import_postcodes(archive, "codepoint")
    assert report.imported == 1 and report.reasons == {"no grid reference": 1}
    row = Postcode.objects.get(postcode="ME7 1AB")
    # OSGB36 577500,168900 is in Gillingham.
    assert row.latitude == pytest.approx(51.385, abs=0.01)
    assert row.longitude == pytest.approx(0.545, abs=0.01)


def test_the_command_reports_what_it_did(tmp_path):
    path = tmp_path / "onspd.csv"
    path.write_text(ONSPD)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_postcodes", str(path), stdout=out, stderr=err)
    assert "Imported 2 postcodes; skipped 3" in out.getvalue()
    assert "terminated postcode" in out.getvalue()
    assert "onspd.csv" in err.getvalue()  # the progress bar


def test_the_command_refuses_a_missing_file(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such file"):
        call_command("import_postcodes", str(tmp_path / "missing.csv"))
