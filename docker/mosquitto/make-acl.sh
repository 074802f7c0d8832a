#!/usr/bin/env sh
# Prints Mosquitto ACL entries for gateways that serve several patients, from an enrolment list
# of "gateway-username,patient-id" lines (one line per enrolled patient), for appending to acl:
#   ./make-acl.sh enrolments.csv >> acl && kill -HUP "$(pidof mosquitto)"   # reload, no restart
# Rejects patient ids that are not FHIR ids, so a line cannot smuggle a wildcard (+, #) into the
# ACL, and gateway usernames without an underscore, so a gateway can never be taken for a patient
# by the per-patient pattern rules.
set -eu
awk -F, '
  /^[[:space:]]*(#|$)/ { next }
  {
    gw = $1; pt = $2; gsub(/[[:space:]]/, "", gw); gsub(/[[:space:]]/, "", pt)
    if (gw !~ /^[A-Za-z0-9_.-]+$/ || gw !~ /_/ || pt !~ /^[A-Za-z0-9.-]+$/ || length(pt) > 64) {
      printf "make-acl.sh: line %d: bad gateway username (needs an underscore) or patient id\n", NR > "/dev/stderr"
      exit 1
    }
    if (!(gw in seen)) { order[++n] = gw; seen[gw] = 1 }
    topics[gw] = topics[gw] "topic write twin/" pt "/vitals\ntopic read twin/" pt "/alerts\n"
  }
  END { for (i = 1; i <= n; i++) printf "\nuser %s\n%s", order[i], topics[order[i]] }
' "$1"
