#!/usr/bin/env bash
# Builds the server's OCI image with neither a container engine's daemon nor a registry: the base is
# made from Debian's own packages (debootstrap: a minimal Debian 12 with the headless Java 17 runtime,
# and curl for the health check), the packaged server is added, and buildah writes the image into
# local storage and as an archive podman, docker and skopeo load:
#
#   deploy/image/build-image.sh [archive]      # default server/target/careplan-fhir-server-image.tar
#
# Run by `mvn -Pimage -DskipTests package` after the server is packaged. Needs root (or a user
# namespace), debootstrap and buildah (apt-get install debootstrap buildah), and a Debian mirror
# (DEBIAN_MIRROR, default http://deb.debian.org/debian) the first time: the base is kept as the image
# careplan-fhir-server-base:bookworm-jre17 in buildah's storage (remove it to make it again).
set -euo pipefail
cd "$(dirname "$0")/../.."
archive=$(realpath -m "${1:-server/target/careplan-fhir-server-image.tar}")
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | sed -n 2p)
image=careplan-fhir-server:$version
server=server/target/careplan-server
base=server/target/image-base
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ -f "$server/careplan-server.jar" ] || { echo "missing $server: build first (mvn -DskipTests package)" >&2; exit 1; }
for tool in debootstrap buildah; do
	command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install debootstrap buildah" >&2; exit 1; }
done

export STORAGE_DRIVER=${STORAGE_DRIVER:-vfs}
# Docker's image format, which keeps the health check (OCI's image configuration has none).
export BUILDAH_FORMAT=docker
base_image=careplan-fhir-server-base:bookworm-jre17
# The base is a layer of its own, so that a new build of the server adds only the server's layer.
if ! buildah inspect --type image "$base_image" >/dev/null 2>&1; then
	if [ ! -f "$base.complete" ]; then
		rm -rf "$base"
		debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl,ca-certificates bookworm "$base" "$mirror"
		# What a runtime image does not need: package lists and caches, manuals, documentation.
		rm -rf "$base"/var/cache/apt/* "$base"/var/lib/apt/lists/* "$base"/usr/share/doc/* "$base"/usr/share/man/* \
			"$base"/usr/share/info/*
		echo 'careplan:x:10001:10001:Careplan FHIR Server:/var/lib/careplan:/usr/sbin/nologin' >>"$base/etc/passwd"
		echo 'careplan:x:10001:' >>"$base/etc/group"
		touch "$base.complete"
	fi
	container=$(buildah from scratch)
	buildah copy "$container" "$base" / >/dev/null
	buildah commit --rm "$container" "$base_image" >/dev/null
fi
container=$(buildah from "$base_image")
trap 'buildah rm "$container" >/dev/null 2>&1 || true' EXIT
buildah copy --chown 0:0 "$container" "$server" /opt/careplan >/dev/null
# The one folder the server writes: its data (embedded database, index, keys) unless told otherwise.
data=$(mktemp -d)
mkdir "$data/careplan"
buildah copy --chown 10001:10001 "$container" "$data" /var/lib/ >/dev/null
rm -r "$data"
buildah config \
	--user 10001:10001 \
	--workingdir /var/lib/careplan \
	--port 8080 \
	--env CAREPLAN_DATA_DIR=/var/lib/careplan \
	--env 'JAVA_OPTS=-Xmx1g -XX:+ExitOnOutOfMemoryError' \
	--entrypoint '["/bin/sh", "-c", "exec java $JAVA_OPTS -jar /opt/careplan/careplan-server.jar \"$@\"", "careplan"]' \
	--cmd '' \
	--healthcheck 'CMD-SHELL curl -sf http://localhost:8080/actuator/health/readiness' \
	--healthcheck-interval 10s --healthcheck-timeout 5s --healthcheck-start-period 10m --healthcheck-retries 3 \
	--label org.opencontainers.image.title='Careplan FHIR Server' \
	--label org.opencontainers.image.version="$version" \
	--volume /var/lib/careplan \
	"$container"
buildah commit --rm "$container" "$image" >/dev/null
trap - EXIT
rm -f "$archive"
buildah push "$image" "docker-archive:$archive:$image" >/dev/null
# The image this one replaces, now untagged.
buildah rmi --prune >/dev/null 2>&1 || true
echo "$image in local storage (buildah images) and in $archive ($(du -h "$archive" | cut -f1))"
