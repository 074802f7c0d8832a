#!/bin/sh
# Container entrypoint: secrets arrive as files (Docker/Compose/Kubernetes secrets); the service
# reads them from its environment. For each NAME below, NAME_FILE=<path> sets NAME to the file's
# content (trailing newline removed). Setting both is an error. Then runs the command (exec, so
# node receives SIGTERM itself).
set -eu
for name in TWIN_PAGE_SECRET MQTT_PASSWORD METRICS_TOKEN FHIR_READ_TOKEN FHIR_WRITE_TOKEN DATABASE_URL; do
  file="$(printenv "${name}_FILE" || true)"
  [ -n "$file" ] || continue
  if [ -n "$(printenv "$name" || true)" ]; then
    echo "twin-cds: both $name and ${name}_FILE are set; set one" >&2
    exit 1
  fi
  if [ ! -r "$file" ]; then
    echo "twin-cds: ${name}_FILE names $file, which cannot be read" >&2
    exit 1
  fi
  value="$(cat "$file")"
  export "$name=$value"
  unset "${name}_FILE"
done
exec "$@"
