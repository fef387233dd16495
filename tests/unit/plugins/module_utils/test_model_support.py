# SPDX-License-Identifier: GPL-3.0-or-later
"""model_support: which request members the installed botocore can send and which answer members it can read."""

import botocore
import botocore.model
import botocore.session
import pytest
from packaging.version import Version

from ansible_collections.vpnops.aws.plugins.module_utils import model_support
from ansible_collections.vpnops.aws.plugins.module_utils import resource

# A small service model: an operation whose request has a string, a structure and a list of structures.
MODEL = botocore.model.ServiceModel(
    {
        "metadata": {"protocol": "ec2", "apiVersion": "2016-11-15", "endpointPrefix": "ec2", "serviceId": "EC2"},
        "operations": {"PaintWall": {"name": "PaintWall", "input": {"shape": "PaintWallRequest"}}},
        "shapes": {
            "PaintWallRequest": {
                "type": "structure",
                "members": {
                    "WallId": {"shape": "String"},
                    "LogOptions": {"shape": "LogOptions"},
                    "Coats": {"shape": "CoatList"},
                },
            },
            "LogOptions": {"type": "structure", "members": {"Enabled": {"shape": "Boolean"}}},
            "CoatList": {"type": "list", "member": {"shape": "Coat"}},
            "Coat": {"type": "structure", "members": {"Colour": {"shape": "String"}}},
            "String": {"type": "string"},
            "Boolean": {"type": "boolean"},
        },
    }
)
Missing = model_support.Missing


def test_a_request_the_model_has_is_sendable():
    request = {"WallId": "w-1", "LogOptions": {"Enabled": True}, "Coats": [{"Colour": "red"}, {"Colour": "blue"}]}
    assert model_support.unsendable(MODEL, "PaintWall", request) == []


def test_every_member_the_model_lacks_is_found_with_its_path():
    request = {
        "WallId": "w-1",
        "Finish": "matt",
        "LogOptions": {"Enabled": True, "IncludeBrush": True},
        "Coats": [{"Colour": "red"}, {"Colour": "blue", "Sheen": 3}],
    }
    assert model_support.unsendable(MODEL, "PaintWall", request) == [
        Missing("Finish", "PaintWallRequest", "Finish"),
        Missing("LogOptions.IncludeBrush", "LogOptions", "IncludeBrush"),
        Missing("Coats[].Sheen", "Coat", "Sheen"),
    ]


def test_the_message_names_the_options_the_botocore_installed_and_the_release_needed(monkeypatch):
    monkeypatch.setitem(model_support.FIRST_RELEASE, ("PaintWallRequest", "Finish"), "1.36.2")
    monkeypatch.setitem(model_support.FIRST_RELEASE, ("LogOptions", "IncludeBrush"), "1.36.10")
    missing = [
        Missing("Finish", "PaintWallRequest", "Finish"),
        Missing("LogOptions.IncludeBrush", "LogOptions", "IncludeBrush"),
    ]
    message = model_support.unsendable_message("PaintWall", missing, {"LogOptions": "logging"})
    assert message == (
        f"finish, logging cannot be used with the installed botocore {botocore.__version__}: its EC2 model has no "
        "Finish, LogOptions.IncludeBrush in PaintWall. Install botocore 1.36.10 or later (and boto3 of the same "
        "release), or leave them out of the task."
    )


def test_without_a_known_release_the_message_asks_for_a_newer_botocore():
    message = model_support.unsendable_message("PaintWall", [Missing("Coats[].Sheen", "Coat", "Sheen")])
    assert message.startswith("coats cannot be used with the installed botocore")
    assert f"Install a botocore newer than {botocore.__version__} (and boto3 of the same release)" in message
    assert message.endswith("or leave it out of the task.")


def test_unreadable_names_the_attributes_whose_answer_member_the_model_lacks():
    members = {"wall": "WallId", "finish": "Finish", "coats": "Coats", "sheen": "Sheen"}
    assert model_support.unreadable(MODEL, "PaintWallRequest", members) == ["finish", "sheen"]
    message = model_support.unreadable_message(["finish", "sheen"], "PaintWallRequest", members)
    assert message.startswith("finish, sheen were neither compared nor changed: the installed botocore ")
    assert "does not read PaintWallRequest.Finish, PaintWallRequest.Sheen from AWS's answer" in message
    assert "To manage them, install a botocore newer than" in message


@pytest.mark.parametrize(("shape", "member"), sorted(model_support.FIRST_RELEASE))
def test_the_first_releases_agree_with_the_installed_model(shape, member):
    """Run with the oldest supported botocore and the newest: each member is there exactly from its release."""
    release = model_support.FIRST_RELEASE[(shape, member)]
    model = botocore.session.get_session().get_service_model("ec2")
    assert (member in model.shape_for(shape).members) == (Version(botocore.__version__) >= Version(release))


class _Failed(Exception):
    pass


class _Module:
    check_mode = False

    def __init__(self):
        self.result = None

    def fail_json(self, **result):
        self.result = result
        raise _Failed()


# CreateTags with a member that no EC2 model has: what a module would send if it used a member newer than botocore.
UNSENDABLE = ("CreateTags", {"Resources": ["cvpn-endpoint-0123456789abcdef0"], "Tags": [], "TagColour": "red"})
TAG = ("CreateTags", {"Resources": ["cvpn-endpoint-0123456789abcdef0"], "Tags": [{"Key": "team", "Value": "net"}]})
CONTEXT = {"client_vpn_endpoint_id": "cvpn-endpoint-0123456789abcdef0", "region": "eu-west-1"}


@pytest.mark.parametrize("check_mode", [False, True])
def test_apply_changes_sends_nothing_when_one_request_cannot_be_sent(ec2, calls, check_mode):
    module = _Module()
    module.check_mode = check_mode
    with pytest.raises(_Failed):
        resource.apply_changes(module, ec2.client, [TAG, UNSENDABLE], CONTEXT, result={"id": "x"}, options={})
    assert calls == []
    assert module.result["msg"].startswith("tag_colour cannot be used with the installed botocore")
    assert "no TagColour in CreateTags" in module.result["msg"]
    assert module.result["msg"].endswith("Nothing was changed.")
    assert module.result["changed"] is False
    assert module.result["id"] == "x"


def test_apply_changes_names_what_an_earlier_step_changed(ec2, calls):
    module = _Module()
    with pytest.raises(_Failed):
        resource.apply_changes(
            module, ec2.client, [UNSENDABLE], CONTEXT, already=["DisassociateClientVpnTargetNetwork"], options={}
        )
    assert calls == []
    assert module.result["changed"] is True
    assert "Already done before the error: DisassociateClientVpnTargetNetwork" in module.result["msg"]


def test_options_name_the_request_members(ec2):
    module = _Module()
    with pytest.raises(_Failed):
        resource.fail_unsendable(module, ec2.client, [UNSENDABLE], {"TagColour": "tag_color"})
    assert module.result["msg"].startswith("tag_color cannot be used")
