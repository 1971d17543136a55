#!/usr/bin/env python3
"""Compares the chart's RBAC with what Berth's service accounts actually did, from the API
server's audit log (e2e/cluster/cluster.sh writes one; e2e/helm-e2e.sh runs this at its end).

    rbac-audit.py RBAC_JSON AUDIT_LOG SINCE [LAST_ACCOUNT]

RBAC_JSON: the chart's rendered RBAC objects as JSON (a kind: List), AUDIT_LOG: audit.k8s.io/v1
events, one JSON object a line (Metadata level is enough), SINCE: RFC 3339; older events are
ignored. For every ServiceAccount bound by the chart, fails listing each granted
(apiGroup, resource, verb) its account never used, unless ALLOWED below says why, and each
request RBAC denied it. Least privilege, checked: a rule is there because the code calls it.

LAST_ACCOUNT (e.g. the uninstall hook's, system:serviceaccount:NS:NAME): after its last
request, `helm uninstall` deletes the chart's bindings while the operator pod is still stopping;
what other accounts are denied from then on is shown, not failed.
"""
import json
import sys
from collections import Counter
from datetime import datetime

# Grants a helm-e2e run does not exercise, each with the code that needs it. Keep it short:
# prefer exercising the path in e2e/helm-e2e.sh.
ALLOWED = {
    # Java Operator SDK re-reads a Pipeline when removing its finalizer hits a conflict (409):
    # ResourceOperations.conflictRetryingPatchPrimary, called by removeFinalizer.
    ("berth.dev", "pipelines", "get"): "JOSDK re-reads a Pipeline after a conflicting finalizer patch",
    # The leader-election Lease is renewed with a merge patch (fabric8 ResourceLock.update), but
    # JOSDK's LeaderElectionManager.checkLeaseAccess refuses to start unless the account may also
    # get, create and update it (it asks with a SelfSubjectRulesReview, found by helm-e2e).
    ("coordination.k8s.io", "leases", "update"): "JOSDK's start-up check requires it; renewals use patch",
}

# A WebSocket exec/attach/port-forward is an HTTP GET that the API server authorizes as `get`
# and, since Kubernetes 1.35 (AuthorizePodWebsocketUpgradeCreatePermission), also as `create`;
# the audit event records only the `get`.
WEBSOCKET_SUBRESOURCES = {"exec", "attach", "portforward"}


def timestamp(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def account(subject, default_namespace):
    return "system:serviceaccount:%s:%s" % (subject.get("namespace") or default_namespace, subject["name"])


def json_objects(text):
    """kubectl prints a kind: List, or one object after another."""
    decoder, objects, at = json.JSONDecoder(), [], 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at == len(text):
            return objects
        obj, at = decoder.raw_decode(text, at)
        objects.extend(obj.get("items", [obj]))


def granted_by_account(items):
    """{account: {(group, resource, verb)}} from the Roles, ClusterRoles and their bindings."""
    roles = {(o["kind"], o["metadata"]["name"]): o.get("rules") or [] for o in items
             if o["kind"] in ("Role", "ClusterRole")}
    granted = {}
    for binding in (o for o in items if o["kind"] in ("RoleBinding", "ClusterRoleBinding")):
        ref = binding["roleRef"]
        rules = roles.get((ref["kind"], ref["name"]))
        if rules is None:
            sys.exit("rbac-audit: %s %s binds %s %s, which the chart does not define"
                     % (binding["kind"], binding["metadata"]["name"], ref["kind"], ref["name"]))
        for subject in binding.get("subjects", []):
            if subject["kind"] != "ServiceAccount":
                continue
            triples = granted.setdefault(account(subject, binding["metadata"].get("namespace", "")), set())
            for rule in rules:
                for group in rule.get("apiGroups", []):
                    for resource in rule.get("resources", []):
                        for verb in rule.get("verbs", []):
                            triples.add((group, resource, verb))
    return granted


def used_and_denied(audit_lines, accounts, since):
    """What each account was allowed to do, and what RBAC refused it (with when), after SINCE."""
    used = {a: set() for a in accounts}
    denied = {a: {} for a in accounts}
    events = Counter()
    last = {}
    for line in audit_lines:
        line = line.strip()
        if not line:
            continue
        event = json.loads(line)
        user = event.get("user", {}).get("username")
        ref = event.get("objectRef")
        if user not in used or ref is None or timestamp(event["requestReceivedTimestamp"]) < since:
            continue
        events[user] += 1
        when = timestamp(event["requestReceivedTimestamp"])
        last[user] = max(last.get(user, when), when)
        resource = ref["resource"] + ("/" + ref["subresource"] if ref.get("subresource") else "")
        triple = (ref.get("apiGroup", ""), resource, event["verb"])
        if event.get("annotations", {}).get("authorization.k8s.io/decision") == "forbid":
            denied[user].setdefault(triple + (ref.get("namespace", ""),), []).append(when)
            continue
        used[user].add(triple)
        if ref.get("subresource") in WEBSOCKET_SUBRESOURCES and event["verb"] == "get":
            used[user].add(triple[:2] + ("create",))
        # A server-side apply that creates the object (201) is also authorized as `create`.
        if event["verb"] == "patch" and event.get("responseStatus", {}).get("code") == 201:
            used[user].add(triple[:2] + ("create",))
    return used, denied, events, last


def show(triple):
    group, resource, verb = triple[:3]
    return "%s %s%s" % (verb, (group + "/") if group else "", resource)


def main(args):
    if len(args) not in (3, 4):
        sys.exit(__doc__)
    with open(args[0]) as f:
        granted = granted_by_account(json_objects(f.read()))
    since = timestamp(args[2])
    with open(args[1]) as f:
        used, denied, events, last = used_and_denied(f, granted.keys(), since)
    removal = last.get(args[3]) if len(args) == 4 else None
    failed = False
    for acct in sorted(granted):
        if events[acct] == 0:
            print("FAIL  %s: no audited request since %s (is the API server's audit log on?)" % (acct, args[2]))
            failed = True
            continue
        unused = sorted(t for t in granted[acct] - used[acct] if t not in ALLOWED)
        refused = False
        for triple, times in sorted(denied[acct].items()):
            early = [t for t in times if removal is None or acct == args[3] or t <= removal]
            where = "in namespace %s" % (triple[3] or "-")
            if early:
                print("FAIL  %s: denied %d× %s %s" % (acct, len(early), show(triple), where))
                failed = refused = True
            if len(early) < len(times):
                print("note  %s: denied %d× %s %s while helm uninstall removed the chart's bindings"
                      % (acct, len(times) - len(early), show(triple), where))
        for triple in unused:
            print("FAIL  %s: granted but never used: %s" % (acct, show(triple)))
            failed = True
        allowed = sorted(t for t in granted[acct] - used[acct] if t in ALLOWED)
        for triple in allowed:
            print("note  %s: granted, not exercised here: %s (%s)" % (acct, show(triple), ALLOWED[triple]))
        if not unused and not refused:
            print("PASS  %s: %d granted permissions, all used (%d audited requests), none denied"
                  % (acct, len(granted[acct]) - len(allowed), events[acct]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
