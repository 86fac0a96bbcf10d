#!/usr/bin/env python3
"""Interoperability check: the OASIS `taxii2client` (cti-taxii-client 2.3.0) against a Lockstep server.

Runs the official Python TAXII client, unmodified, through the sequence documented in
docs/FEDERATION.md ("Interoperability"): discover -> API root -> collections -> as_pages(get_objects)
-> filters -> as_pages(get_manifest) -> add_objects (waiting, and not waiting + Status.refresh() +
ApiRoot.get_status) -> get_object -> object_versions -> delete_object (one version, then all) -> 404
-> wrong TokenAuth 401 -> an API key via TokenAuth -> a read-only collection refusing add (403) -> an
invisible collection refusing reads. Each step prints PASS, FAIL or SKIP with a reason; the exit code
is 1 when any step failed.

The client is not vendored: put its sources (the `taxii2client` package) in a folder of their own and
point PYTHONPATH at it. Its dependencies are requests, six and pytz (Debian: python3-requests,
python3-six, python3-tz; a pyenv python3 may not see Debian's packages, hence /usr/bin/python3):

    node bin/lockstep.js serve --demo --port 18021 &
    PYTHONPATH=/path/to/cti-taxii-client /usr/bin/python3 \
        scripts/interop/taxii2client-check.py http://127.0.0.1:18021/taxii2/

The API-key step needs a key the server knows; the in-memory demo cannot be given one from outside,
so run the demo over a file and mint one (otherwise the step is skipped):

    node bin/lockstep.js serve --demo --db /tmp/demo.db --port 18021 &
    KEY=$(node bin/lockstep.js taxii-admin create-key --db /tmp/demo.db --user alice)
    PYTHONPATH=... /usr/bin/python3 scripts/interop/taxii2client-check.py \
        http://127.0.0.1:18021/taxii2/ --api-key "$KEY"

The defaults fit `lockstep serve --demo`: alice reads and writes the collection aliased `shared`,
only reads `partner-feed`, and cannot see bob's `internal`. Every run adds and deletes an indicator
with a fresh id, so the check can be repeated against the same server.
"""
import argparse
import datetime
import sys
import traceback
import uuid

import pytz
import requests
from taxii2client import __version__ as client_version
from taxii2client.common import TokenAuth
from taxii2client.exceptions import AccessError
from taxii2client.v21 import ApiRoot, Collection, Server, as_pages

TAXII21 = "application/taxii+json;version=2.1"


class Check:
    """Counts results; each step is a function that raises AssertionError (or anything) to fail and
    returns what it saw, printed after PASS."""

    def __init__(self):
        self.failed = 0
        self.passed = 0
        self.skipped = 0

    def step(self, name, fn):
        try:
            reason = fn()
        except Skip as s:
            self.skipped += 1
            print("SKIP  %s: %s" % (name, s))
            return
        except Exception as e:  # a step fails on anything, not only on assertions
            self.failed += 1
            print("FAIL  %s: %s" % (name, describe(e)))
            if not isinstance(e, (AssertionError, requests.HTTPError, Blocked)):
                traceback.print_exc(limit=3, file=sys.stdout)
            return
        self.passed += 1
        print("PASS  %s%s" % (name, ": " + reason if reason else ""))


class Skip(Exception):
    pass


class Blocked(Exception):
    """A step needs what an earlier, failed step would have found."""


class Found(dict):
    def __missing__(self, key):
        raise Blocked("needs %r from an earlier step, which failed" % key)


def describe(e):
    if isinstance(e, Blocked):
        return str(e)
    if isinstance(e, requests.HTTPError) and e.response is not None:
        return "HTTP %d %s" % (e.response.status_code, e.response.text[:200])
    return "%s: %s" % (type(e).__name__, e)


def http_status(fn):
    """Runs fn, which must fail with an HTTP error; returns that error's status code."""
    try:
        fn()
    except requests.HTTPError as e:
        return e.response.status_code
    raise AssertionError("expected an HTTP error, the call succeeded")


def ids(envelopes):
    return [o["id"] for env in envelopes for o in (env.get("objects") or [])]


def stamp(dt):
    """STIX timestamp with milliseconds, as Lockstep stores and returns it."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("discovery_url", help="e.g. http://127.0.0.1:18021/taxii2/")
    ap.add_argument("--user", default="alice")
    ap.add_argument("--password", default="alice-password")
    ap.add_argument("--other-user", default="bob", help="owner of the collection --user cannot see")
    ap.add_argument("--other-password", default="bob-password")
    ap.add_argument("--writable", default="shared", help="alias of a collection --user may write")
    ap.add_argument("--read-only", default="partner-feed", help="alias of one --user may only read")
    ap.add_argument("--invisible", default="internal", help="alias of an --other-user collection")
    ap.add_argument("--api-key", help="an API key for --user (taxii-admin create-key)")
    a = ap.parse_args()

    print("taxii2client %s against %s" % (client_version, a.discovery_url))
    c = Check()
    s = Found()  # what later steps use from earlier ones

    def discover():
        server = Server(a.discovery_url, user=a.user, password=a.password)
        assert server.title, "no title"
        assert server.api_roots, "no api_roots"
        assert server.default is not None, "default is not one of api_roots"
        s["server"], s["root"] = server, server.default
        return "%r, %d API root(s), default %s" % (server.title, len(server.api_roots), server.default.url)

    def api_root():
        root = s["root"]
        assert TAXII21 in [v.replace(" ", "") for v in root.versions], "versions %r" % root.versions
        assert root.max_content_length > 0, "max_content_length %r" % root.max_content_length
        return "%r, max_content_length %d" % (root.title, root.max_content_length)

    def collections():
        by_alias = {col.alias: col for col in s["root"].collections}
        w, r = by_alias.get(a.writable), by_alias.get(a.read_only)
        assert w is not None and w.can_read and w.can_write, "%s: not listed as read+write" % a.writable
        assert r is not None and r.can_read and not r.can_write, "%s: not listed as read-only" % a.read_only
        assert a.invisible not in by_alias, "%s is listed to %s" % (a.invisible, a.user)
        s["w"], s["r"] = w, r
        return "%d visible: %s" % (len(by_alias), ", ".join(sorted(str(k) for k in by_alias)))

    def page_objects():
        whole = s["r"].get_objects()
        pages = list(as_pages(s["r"].get_objects, per_request=2))
        s["whole"] = ids([whole])
        assert len(pages) > 1, "one page only"
        assert all(len(p.get("objects") or []) <= 2 for p in pages), "a page holds more than 2"
        assert ids(pages) == s["whole"], "pages %r != one request %r" % (ids(pages), s["whole"])
        return "%d objects in %d pages of <= 2, same order as one request" % (len(s["whole"]), len(pages))

    def filter_type():
        notes = s["r"].get_objects(type="note").get("objects") or []
        indicators = s["r"].get_objects(type=["indicator", "campaign"]).get("objects") or []
        assert notes and all(o["type"] == "note" for o in notes), "type=note gave %r" % notes
        assert indicators and all(o["type"] in ("indicator", "campaign") for o in indicators)
        return "%d note(s); %d indicator/campaign" % (len(notes), len(indicators))

    def filter_added_after():
        past = datetime.datetime(2020, 1, 1, 0, 0, 0, 123000, tzinfo=pytz.utc)
        future = datetime.datetime(2999, 1, 1, tzinfo=pytz.utc)
        got = ids([s["r"].get_objects(added_after=past)])
        assert got == s["whole"], "added_after 2020: %d of %d" % (len(got), len(s["whole"]))
        later = s["r"].get_objects(added_after=future).get("objects") or []
        assert later == [], "added_after 2999 gave %d objects" % len(later)
        return "2020-01-01T00:00:00.123Z -> all %d, 2999 -> none" % len(got)

    def filter_id_versions():
        one = next(i for i in s["whole"] if i.startswith("indicator--"))
        got = s["r"].get_objects(id=one, version="all").get("objects") or []
        assert [o["id"] for o in got] == [one], "match[id] gave %r" % [o["id"] for o in got]
        return "%s: %d version(s)" % (one, len(got))

    def page_manifest():
        pages = list(as_pages(s["r"].get_manifest, per_request=3))
        records = [rec for p in pages for rec in (p.get("objects") or [])]
        assert [rec["id"] for rec in records] == s["whole"], "manifest ids differ from the objects"
        assert all(rec.get("date_added") and rec.get("version") for rec in records), "record fields"
        return "%d records in %d pages of <= 3" % (len(records), len(pages))

    now = datetime.datetime.now(pytz.utc).replace(microsecond=0)
    v1, v2 = stamp(now), stamp(now + datetime.timedelta(days=1))
    ind = {
        "type": "indicator",
        "spec_version": "2.1",
        "id": "indicator--%s" % uuid.uuid4(),
        "created": v1,
        "modified": v1,
        "name": "taxii2client interop check \u2014 \u00fcmlaut",
        "pattern": "[domain-name:value = 'interop.example']",
        "pattern_type": "stix",
        "valid_from": v1,
    }

    def add_waiting():
        st = s["w"].add_objects({"objects": [ind]}, wait_for_completion=True, poll_interval=1, timeout=30)
        ok = st.status == "complete" and st.success_count == 1
        assert ok, "status %s, %s succeeded" % (st.status, st.success_count)
        expected = s["root"].url + "status/" + st.id
        assert st.url.rstrip("/") == expected, "status URL %s != %s" % (st.url, expected)
        st.refresh()  # GET on the URL the client derived as ../../status/{id}
        assert st.status == "complete", "refreshed status %s" % st.status
        return "status %s complete, 1 success; refresh() on %s" % (st.id, st.url)

    def add_not_waiting():
        st = s["w"].add_objects({"objects": [dict(ind, modified=v2)]}, wait_for_completion=False)
        st.refresh()
        assert st.total_count == 1, "total_count %r" % st.total_count
        s["status_id"] = st.id
        return "status %s: %s after refresh()" % (st.id, st.status)

    def get_status():
        st = s["root"].get_status(s["status_id"])
        assert st.status == "complete" and st.success_count == 1, "status %s" % st.status
        return "%s complete" % st.id

    def get_object():
        got = s["w"].get_object(ind["id"]).get("objects") or []
        assert [o["modified"] for o in got] == [v2], "versions returned %r" % [o["modified"] for o in got]
        assert got[0]["name"] == ind["name"], "name came back as %r" % got[0]["name"]
        return "latest version %s, UTF-8 name intact" % v2

    def object_versions():
        versions = s["w"].object_versions(ind["id"]).get("versions")
        assert versions == [v1, v2], "versions %r" % versions
        return "%r" % versions

    def delete_version():
        s["w"].delete_object(ind["id"], version=v2)
        versions = s["w"].object_versions(ind["id"]).get("versions")
        assert versions == [v1], "left %r" % versions
        return "deleted %s, left %r" % (v2, versions)

    def delete_all():
        s["w"].delete_object(ind["id"])
        return "deleted %s" % ind["id"]

    def gone():
        code = http_status(lambda: s["w"].get_object(ind["id"]))
        assert code == 404, "HTTP %d" % code
        return "get_object -> 404"

    def wrong_token():
        code = http_status(lambda: Server(a.discovery_url, auth=TokenAuth("lsk_nope_nope")).refresh())
        assert code == 401, "HTTP %d" % code
        return "Server(auth=TokenAuth(wrong)) -> 401"

    def api_key():
        if not a.api_key:
            raise Skip("no --api-key given (the in-memory demo cannot be given one from outside)")
        server = Server(a.discovery_url, auth=TokenAuth(a.api_key))
        col = {c.alias: c for c in server.default.collections}[a.writable]
        n = len(col.get_objects().get("objects") or [])
        return "TokenAuth key read %s (%d objects)" % (a.writable, n)

    def read_only_refuses_add():
        try:
            s["r"].add_objects({"objects": [ind]})
            raise AssertionError("the client did not refuse (can_write should be false)")
        except AccessError:
            pass
        # Tell the client the collection is writable, so the request reaches the server.
        forced = Collection(s["r"].url, user=a.user, password=a.password,
                            collection_info=dict(s["r"]._raw, can_write=True))
        code = http_status(lambda: forced.add_objects({"objects": [ind]}))
        assert code == 403, "HTTP %d" % code
        return "client AccessError; forced POST -> 403"

    def invisible_refuses_reads():
        theirs = ApiRoot(s["root"].url, user=a.other_user, password=a.other_password).collections
        col = {c.alias: c for c in theirs}.get(a.invisible)
        assert col is not None and col.can_read, "%s cannot read %s" % (a.other_user, a.invisible)
        mine = Collection(col.url, user=a.user, password=a.password)
        codes = [http_status(mine.refresh)]
        forced = Collection(col.url, user=a.user, password=a.password,
                            collection_info=dict(col._raw, can_read=True))
        codes += [http_status(forced.get_objects), http_status(forced.get_manifest)]
        codes += [http_status(lambda: forced.get_object(ind["id"]))]
        assert all(code in (403, 404) for code in codes), "HTTP %r" % codes
        return "collection, objects, manifest, object -> %r" % codes

    for name, fn in [
        ("discover (Server)", discover),
        ("API root information", api_root),
        ("collections", collections),
        ("as_pages(get_objects, per_request=2)", page_objects),
        ("filter type", filter_type),
        ("filter added_after (datetime)", filter_added_after),
        ("filter id + version=all", filter_id_versions),
        ("as_pages(get_manifest, per_request=3)", page_manifest),
        ("add_objects, wait_for_completion", add_waiting),
        ("add_objects, no wait, Status.refresh()", add_not_waiting),
        ("ApiRoot.get_status", get_status),
        ("get_object", get_object),
        ("object_versions", object_versions),
        ("delete_object, one version", delete_version),
        ("delete_object, all versions", delete_all),
        ("get_object after delete", gone),
        ("wrong TokenAuth", wrong_token),
        ("API key via TokenAuth", api_key),
        ("read-only collection refuses add", read_only_refuses_add),
        ("invisible collection refuses reads", invisible_refuses_reads),
    ]:
        c.step(name, fn)

    print("%d passed, %d failed, %d skipped" % (c.passed, c.failed, c.skipped))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
