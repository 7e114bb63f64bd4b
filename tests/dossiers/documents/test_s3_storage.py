"""The documents storage on an S3-compatible object store (django-storages), against a real moto server."""

import hashlib
import uuid

import boto3
import pytest

from dossiers.documents import services
from dossiers.documents.models import ScanStatus
from dossiers.documents.samples import sample_pdf, sample_pdf_of_size
from tests.clamd import EICAR
from tests.dossiers.documents.conftest import upload
from tests.factories import DossierFactory
from tests.moto_s3 import moto_s3  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings, moto_s3):  # noqa: F811
    """A fresh private bucket, and the documents storage pointed at it as DOCUMENTS_S3_BUCKET would."""
    name = f"documents-{uuid.uuid4().hex[:12]}"
    options = {
        "bucket_name": name,
        "endpoint_url": moto_s3.endpoint_url,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "location": "documents",
        "default_acl": "private",
        "file_overwrite": False,
        "max_memory_size": 1024 * 1024,
    }
    client = boto3.client(
        "s3", endpoint_url=moto_s3.endpoint_url, region_name="us-east-1", aws_access_key_id="test",
        aws_secret_access_key="test",
    )  # fmt: skip
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    return client, name


def test_a_file_goes_to_the_bucket_and_streams_back_with_its_hash(api_as, scanning, bucket, procedure, clerk):
    client, name = bucket
    dossier = DossierFactory(procedure=procedure)
    content = sample_pdf_of_size(size=6 * 1024 * 1024, title="Đơn đề nghị")  # past boto3's multipart threshold

    answer = api_as(clerk).post(
        f"/api/v1/dossiers/{dossier.code}/documents/",
        {"component": "1", "file": upload("don.pdf", content)},
        format="multipart",
    )

    assert (answer.status_code, answer.json()["scan_status"]) == (201, "clean")
    (stored,) = client.list_objects_v2(Bucket=name)["Contents"]
    assert stored["Key"].startswith(f"documents/{dossier.code}/") and stored["Size"] == len(content)
    body = client.get_object(Bucket=name, Key=stored["Key"])["Body"].read()
    assert hashlib.sha256(body).hexdigest() == answer.json()["sha256"] == hashlib.sha256(content).hexdigest()
    acl = client.get_object_acl(Bucket=name, Key=stored["Key"])
    assert all("AllUsers" not in str(grant["Grantee"]) for grant in acl["Grants"])  # never public

    served = api_as(clerk).get(f"/api/v1/dossiers/{dossier.code}/documents/{answer.json()['id']}/file")
    assert b"".join(served.streaming_content) == content


def test_the_sweep_scans_a_pending_file_from_the_bucket(settings, scanner_down, clamd, bucket, procedure, clerk):
    dossier = DossierFactory(procedure=procedure)
    document = services.document_upload(
        dossier=dossier, component="1", upload=upload("don.pdf", sample_pdf(title="A") + EICAR), by=clerk
    )
    assert document.scan_status == ScanStatus.PENDING
    client, name = bucket

    settings.CLAMD_SOCKET = clamd.socket
    document = services.document_scan(document=document)

    assert document.scan_status == ScanStatus.INFECTED
    assert client.list_objects_v2(Bucket=name).get("KeyCount") == 0  # quarantined: deleted from the bucket
