#!/usr/bin/env bash
# Checks compose.yaml with a Compose implementation, on a machine with no container engine:
# docker-compose's `config` validates the file against the Compose schema and resolves its anchors
# and merge keys without starting anything. Then, on the resolved file: each profile holds the
# services deploy/README.md says it does, and both cluster instances are in cluster mode on the
# shared database, each on a port of its own. CI runs it.
set -euo pipefail
cd "$(dirname "$0")"
command -v docker-compose >/dev/null || { echo "docker-compose is needed (Debian: apt-get install docker-compose)" >&2; exit 1; }

docker-compose -p careplan -f compose.yaml config -q
docker-compose -p careplan -f compose.yaml config | python3 -c '
import sys, yaml
services = yaml.safe_load(sys.stdin)["services"]
profiles = {name: sorted(service.get("profiles", [])) for name, service in services.items()}
expected = {"postgres": [], "careplan": ["single"], "careplan-a": ["cluster"], "careplan-b": ["cluster"],
            "opensearch": ["cluster"]}
assert profiles == expected, "services and their profiles: %s, expected %s" % (profiles, expected)
ports = set()
for name in ("careplan-a", "careplan-b"):
    service = services[name]
    environment = service["environment"]
    assert str(environment.get("CAREPLAN_CLUSTER_ENABLED")).lower() == "true", name + ": not in cluster mode"
    assert environment.get("CAREPLAN_SEARCH_BACKEND") == "elasticsearch", name + ": full text not on the search engine"
    assert environment.get("SPRING_DATASOURCE_URL", "").startswith("jdbc:postgresql://postgres:"), name + ": not on the shared database"
    assert "opensearch" in service["depends_on"] and "postgres" in service["depends_on"], name + ": starts before its stores"
    published = {str(port.get("published")) if isinstance(port, dict) else str(port).split(":")[0] for port in service["ports"]}
    assert not ports & published, name + ": publishes a port the other instance does"
    ports |= published
print("compose.yaml: valid; single = careplan + postgres; cluster = careplan-a, careplan-b (cluster mode, ports %s)"
      " + opensearch + postgres" % ", ".join(sorted(ports)))
'
